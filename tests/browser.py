"""What every browser test shares: viewports, axe-core, screenshots that leave the page alone.

Playwright drives Debian's Chromium (/usr/bin/chromium, never `playwright install`); screenshots go
to test-artifacts/<area>/ (git-ignored)."""

from pathlib import Path

from django.conf import settings

ARTIFACTS_ROOT = Path(settings.BASE_DIR) / "test-artifacts"
AXE = Path(settings.BASE_DIR) / "tests" / "www" / "assets" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def artifacts(area: str) -> Path:
    folder = ARTIFACTS_ROOT / area
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, path: Path) -> None:
    """A full-page PNG. `caret="initial"`: by default Playwright hides the text caret by writing a
    style attribute on every field and leaves style="" behind; the DSFR then copies the header's
    tools (the logout form's hidden input among them) into the mobile menu, and Chromium refuses
    that attribute under the Content-Security-Policy — a violation the site itself never causes."""
    page.screenshot(path=str(path), full_page=True, caret="initial")


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the current page."""
    # Evaluated through the DevTools protocol: an inline <script> tag would be refused by the
    # Content-Security-Policy (and fail the test, see tests/conftest.py).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def log_in(page, base: str, email: str) -> None:
    """Sign in through /connexion/ as a reader would, with the factories' password."""
    from tests.contributions.factories import PASSWORD  # models: imported once Django is set up

    page.goto(f"{base}/connexion/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
