"""Screenshots of pages at 1280 and 375 px wide, for a person to look at before a change lands.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 var/shots / /initiatives/ login:/curation/

A path prefixed with « login: » is taken after signing in with CURATOR_EMAIL / CURATOR_PASSWORD
(environment). Uses Debian's Chromium (/usr/bin/chromium) through Playwright; full-page PNGs are
named after the path and the width. Loopback servers only: it is a developer tool."""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTHS = (1280, 375)


def file_name(path: str, width: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "accueil"
    return f"{slug[:80]}-{width}.png"


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/connexion/")
    page.fill("input[name=username]", os.environ["CURATOR_EMAIL"])
    page.fill("input[name=password]", os.environ["CURATOR_PASSWORD"])
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def main(base: str, out: str, paths: list[str]) -> None:
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
            page = context.new_page()
            signed_in = False
            for raw in paths:
                needs_login = raw.startswith("login:")
                path = raw.removeprefix("login:")
                if needs_login and not signed_in:
                    sign_in(page, base)
                    signed_in = True
                response = page.goto(base + path)
                page.wait_for_load_state("networkidle")
                name = file_name(path, width)
                page.screenshot(path=str(target / name), full_page=True, caret="initial")
                status = response.status if response else "?"
                scroll = page.evaluate("document.documentElement.scrollWidth")
                overflow = f" (déborde : {scroll} px)" if scroll > width else ""
                print(f"{status} {path} → {target / name}{overflow}")
            context.close()
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3:])
