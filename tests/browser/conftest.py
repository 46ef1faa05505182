"""Browser harness: Playwright (Python) driving Debian's Chromium against a live server, with axe-core.

axe-core comes from node_modules (installed by ``make test`` from package-lock.json), injected from the
file into each page: never from a CDN.
"""

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        "Chromium est absent : lancez `make test` (il installe le paquet chromium)."
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_network(transactional_db, snapshots, settings):
    """The demo network at 400 agents, in demo mode: built once per session and put back before each test
    (tests/snapshot.py), so each test starts from the network as generated, whatever the others did."""
    from passerelles.demo.generator import generate

    settings.DEMO = True
    snapshots.restore("demo400", lambda: generate(400))


@pytest.fixture
def page(browser, live_server):
    """A fresh page; any Content-Security-Policy violation it reports fails the test."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not violations, "Content-Security-Policy:\n" + "\n".join(violations)


def assert_accessible(page) -> None:
    """Run axe-core on the current page; serious and critical violations fail the test."""
    assert AXE.exists(), "axe-core est absent : lancez `make test` (il exécute npm ci)."
    from playwright.sync_api import Error as PlaywrightError

    results = None
    for attempt in range(3):
        # A click that navigates returns once the new URL is committed, before the document is parsed:
        # axe run then finds no documentElement, or the old page's context is destroyed under it.
        # Wait for the load event and run again on the page that is really there.
        page.wait_for_load_state("load")
        try:
            # Through the DevTools protocol: the page's CSP forbids inline scripts.
            page.evaluate(AXE.read_text())
            results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            break
        except PlaywrightError as error:
            if attempt == 2 or not any(
                sign in str(error)
                for sign in ("documentElement", "context was destroyed", "axe is not defined")
            ):
                raise
            page.wait_for_timeout(200)
    blocking = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in blocking
    )
