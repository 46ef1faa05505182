"""A tiny plain-text format for the operator's pages: blank lines separate blocks; a block starting with
« ## » is a heading; a block whose lines all start with « - » is a list; anything else is a paragraph (line
breaks kept). Every piece is escaped first, then addresses become links (urlize): nothing typed in the admin
reaches the page as HTML."""

from django.utils.html import format_html, format_html_join, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines


def _inline(text: str) -> SafeString:
    # urlize escapes what it does not turn into a link (autoescape=True).
    return mark_safe(urlize(text.strip(), nofollow=True, autoescape=True))


def render_text(text: str, heading_level: int = 2) -> SafeString:
    blocks = [block.strip() for block in normalize_newlines(text or "").split("\n\n") if block.strip()]
    parts = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n")]
        if block.startswith("##"):
            parts.append(format_html("<h{0}>{1}</h{0}>", heading_level, _inline(block.lstrip("#"))))
        elif all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((_inline(line[2:]),) for line in lines))
            parts.append(format_html("<ul>{}</ul>", items))
        else:
            body = mark_safe("<br>".join(_inline(line) for line in lines))
            parts.append(format_html("<p>{}</p>", body))
    return mark_safe("\n".join(parts))
