"""Shared by the small-screen tests: walk every page type a role can reach and measure it.

``crawl`` starts from the page a role lands on after signing in and follows the links of each page (GET only,
same site), visiting one address per URL name — one page of each type — so that a new page is measured as
soon as some page links to it. ``overflow`` says whether the page is wider than the window and names the
elements that stick out; ``focus_contrast`` measures the focus indicator of the focused element.
"""

from collections import deque
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

# Not pages: downloads, signing out, switching language or account, and Django's own admin (the operator's
# tool, out of scope, said so in the accessibility statement).
SKIPPED_PREFIXES = ("/comptes/logout", "/demo/", "/admin/", "/i18n/", "/static/", "/media/", "/theme/")
SKIPPED_SUFFIXES = (
    ".csv",
    ".pdf",
    ".zip",
    ".json",
    ".ics",
    ".atom",
    ".png",
    ".jpg",
    ".svg",
    ".odt",
    ".docx",
    ".xlsx",
)

OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const culprits = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right <= width + 0.5 || box.width === 0) continue;
      // inside a box that scrolls on its own (a data table): allowed
      let scroller = el.parentElement, contained = false;
      while (scroller && scroller !== document.body) {
        const style = getComputedStyle(scroller);
        if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) { contained = true; break; }
        scroller = scroller.parentElement;
      }
      if (contained) continue;
      culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} (right ${Math.round(box.right)})`);
      if (culprits.length > 6) break;
    }
  }
  // a box that does scroll sideways must be reachable with the keyboard and named (WCAG 2.1.1, 4.1.2)
  const unreachable = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.tabIndex < 0 || !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) {
      unreachable.push(`${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\\s+/).join('.')}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits, unreachable};
}"""

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  let bg = null, node = el.parentElement;
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { bg = colour; break; }
    node = node.parentElement;
  }
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
    boxShadow: style.boxShadow, background: bg || 'rgb(255, 255, 255)',
  };
}"""


def url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def wanted(href: str, origin: str) -> str | None:
    """The path (with query) to visit for a link, or None when it is not a page of this site to measure."""
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path
    if path.startswith(SKIPPED_PREFIXES) or path.lower().endswith(SKIPPED_SUFFIXES):
        return None
    if "export=" in parts.query:  # a list's download (?export=csv|xlsx), not a page
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(page, origin: str, start: str, limit: int = 120):
    """Yield (path, url_name) for each page type reached from ``start``, the page being loaded in ``page``."""
    seen_names: set = set()
    seen_paths: set = set()
    queue = deque([start])
    visited = 0
    while queue and visited < limit:
        path = queue.popleft()
        if path in seen_paths:
            continue
        seen_paths.add(path)
        name = url_name(path.split("?")[0])
        if name is None or name in seen_names:
            continue
        response = page.goto(path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if response.status >= 400:
            continue
        seen_names.add(name)
        visited += 1
        yield path, name
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            target = wanted(href, origin)
            if target and target not in seen_paths:
                queue.append(target)


def overflow(page) -> dict:
    return page.evaluate(OVERFLOW_JS)


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def parse_colour(text: str) -> tuple[float, float, float]:
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 1)' → (1, 2, 3)."""
    inside = text[text.index("(") + 1 : text.index(")")]
    red, green, blue = (float(part) for part in inside.replace("/", ",").split(",")[:3])
    return red, green, blue


def luminance(colour: tuple[float, float, float]) -> float:
    red, green, blue = (_channel(c) for c in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two CSS colours, from their relative luminance."""
    lighter, darker = sorted((luminance(parse_colour(first)), luminance(parse_colour(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shadow_colours(box_shadow: str) -> list[str]:
    if not box_shadow or box_shadow == "none":
        return []
    colours, rest = [], box_shadow
    while "rgb" in rest:
        start = rest.index("rgb")
        end = rest.index(")", start) + 1
        colours.append(rest[start:end])
        rest = rest[end:]
    return colours


def focus_contrast(page) -> tuple[float, dict] | None:
    """The best contrast between a tone of the focus indicator (outline, halo) and the background around the
    focused element; None when nothing is focused. An indicator without an outline counts as 0."""
    focused = page.evaluate(FOCUS_JS)
    if focused is None:
        return None
    if focused["outlineStyle"] == "none" or focused["outlineWidth"] < 2:
        return 0.0, focused
    tones = [focused["outlineColor"], *shadow_colours(focused["boxShadow"])]
    return max(contrast(tone, focused["background"]) for tone in tones), focused


DESCRIBEDBY_JS = """() => Array.from(document.querySelectorAll('[aria-describedby]')).flatMap(el =>
  el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id))
    .map(id => `${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}] → #${id}`))"""


def dangling_descriptions(page) -> list[str]:
    """aria-describedby references to an element that is not in the page (a help text never rendered)."""
    return page.evaluate(DESCRIBEDBY_JS)
