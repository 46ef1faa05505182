"""Content-Security-Policy: scripts and styles come from this site's files only, and no page needs more.

The policy allows no inline script or style at all (no 'unsafe-inline', no nonce, no hash): each page, as
rendered for each kind of person, and each template of Passerelles, has no <script> without src, no <style>
element, no style="…" attribute, no on…="…" handler and no javascript: link. The organisation's colours are
a stylesheet of their own (core.views.theme_stylesheet).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from passerelles.access.models import Role
from tests.test_hostile_input import SKIPPED_ROUTES, own_urls

ROOT = Path(__file__).resolve().parents[1]
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.S)


class InlineFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        # A data block (json_script: type="application/json") is never run: the browser does not apply the CSP
        # to it, and it is how the pages hand data to their scripts (the dashboards' charts).
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.found.append("<script> sans src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_in(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def test_the_finder_is_not_blind():
    page = (
        '<p style="color:red" onclick="x()">a</p><style>p{}</style><script>alert(1)</script>'
        '<a href="javascript:alert(1)">b</a><script src="/static/ok.js"></script><link rel="stylesheet" href="/x.css">'
    )
    assert len(inline_in(page)) == 5


def test_the_policy_allows_no_inline_script_or_style(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = {
        name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    for forbidden in ("'unsafe-inline'", "'unsafe-eval'", "'nonce-", "'sha256-", "'strict-dynamic'"):
        assert forbidden not in policy, forbidden


def test_the_colours_are_a_cacheable_stylesheet(cast, client_for):
    page = client_for(cast.users[Role.AGENT]).get("/tableau-de-bord/").content.decode()
    assert (
        '<link rel="stylesheet" href="/theme/8a1538.css">' in page
    )  # the organisation's colour (tests/cast.py)
    anonymous = Client()
    assert '<link rel="stylesheet" href="/theme/1d4e89.css">' in anonymous.get("/").content.decode()
    response = anonymous.get("/theme/8a1538.css")
    assert response.status_code == 200 and response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == ":root { --theme: #8a1538; --theme-dark: #6e112d; }\n"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    # six lower-case hex digits, nothing else: no text of anyone reaches the stylesheet
    for wrong in ("8A1538", "8a153", "8a15388", "red;}body{x", "%3C%2Fstyle%3E"):
        assert anonymous.get(f"/theme/{wrong}.css").status_code == 404, wrong
    assert anonymous.post("/theme/8a1538.css").status_code == 405


def test_the_stylesheet_is_served_to_someone_sent_to_two_factor_enrolment(cast, client_for):
    """Every page links to it: redirected to enrolment, the browser's fetch of it would render the enrolment
    page again behind the person's back (and draw a new secret)."""
    from tests.cast import grant, make_agent

    newcomer = make_agent(cast.home, "Rose", "Nouvelle")
    grant(newcomer, cast.home, Role.HR, enrolled=False)
    client = client_for(newcomer.user)
    assert client.get("/tableau-de-bord/")["Location"] == "/comptes/2fa/totp/activate/"
    response = client.get("/theme/8a1538.css")
    assert response.status_code == 200 and response["Content-Type"] == "text/css; charset=utf-8"


def test_no_template_of_ours_has_inline_script_or_style():
    offences = []
    for path in sorted((ROOT / "passerelles").rglob("templates/**/*.html")):
        if "email" in path.parts:  # HTML e-mails: mail clients keep only inline styles; no page serves them
            continue
        text = path.read_text()
        for tag in TAG.findall(text):
            for found in inline_in(tag):
                offences.append(f"{path.relative_to(ROOT)}: {found}")
        if re.search(r"<script\b[^>]*>\s*[^<\s]", text):  # a script element with a body
            offences.append(f"{path.relative_to(ROOT)}: <script> avec un contenu")
    assert not offences, "\n".join(offences)


@pytest.mark.django_db
def test_no_rendered_page_has_inline_script_or_style(cast):
    """Every page of the application (the isolation test's URLs, filled with the actor's own objects), as
    rendered for HR, an agent, a host and an anonymous visitor."""
    urls = own_urls(cast)
    assert len(urls) >= 100
    offences, html_pages = [], 0
    for label, user in (
        ("rh", cast.users[Role.HR]),
        ("agent", cast.users[Role.AGENT]),
        ("accueil", cast.users[Role.HOST]),
        ("anonyme", None),
    ):
        client = Client()
        for url in urls:
            if user is not None and "_auth_user_id" not in client.session:
                client.force_login(user)
            response = client.get(url)
            if response.streaming:
                b"".join(response)
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html_pages += 1
            offences += [f"{label} {url}: {found}" for found in inline_in(response.content.decode())]
    assert html_pages >= 300
    assert not offences, "\n".join(offences[:40])
    assert not any(url.startswith(tuple(f"/{p}" for p in SKIPPED_ROUTES)) for url in urls)
