"""The data reuser's journey in Chromium, at 1280 and 375 px: from the footer to the API's landing
page, one of its examples, then a filtered search downloaded as a French spreadsheet (« ; »,
BOM, French headers) and as JSON — each page axe-clean and without horizontal scrolling."""

import csv
import io
import json
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.browser import PHONE, axe_violations

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_page(tab, width: str, name: str, failures: dict) -> None:
    shot(tab, f"{width}-reutilisateur-{name}")
    if width == "telephone":
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    if violations := axe_violations(tab):
        failures[f"{width} {name}"] = violations


def test_a_reuser_finds_the_api_and_downloads_a_filtered_spreadsheet(site, page, phone):
    failures: dict = {}
    for width, tab in (("bureau", page), ("telephone", phone)):
        tab.goto(site + "/")
        tab.locator("footer").get_by_role("link", name="API et données ouvertes").click()
        assert tab.get_by_role("heading", level=1).inner_text() == "API et données ouvertes"
        _check_page(tab, width, "api", failures)

        # Every example on the landing page answers; the first search example is valid JSON.
        examples = tab.locator("a.cahier-api-url").evaluate_all("links => links.map(a => a.href)")
        search_example = next(url for url in examples if "/api/v1/initiatives?" in url)
        with urlopen(search_example) as response:  # noqa: S310 — the live test server
            payload = json.load(response)
        assert payload["results"], search_example
        # Snippets are plain text: no HTML entity for the reuser to decode.
        assert not [r["snippet"] for r in payload["results"] if "&#" in (r.get("snippet") or "")]

        # A filtered search, then its « Tableur (CSV France) » export.
        tab.goto(site + "/initiatives/?q=mobilit%C3%A9")
        _check_page(tab, width, "resultats", failures)
        spreadsheet = tab.get_by_role("link", name="Tableur (CSV France)")
        href = spreadsheet.get_attribute("href")
        assert "mobilit" in href
        with tab.expect_download() as download_info:
            spreadsheet.click()
        download = download_info.value
        assert download.suggested_filename.endswith(".csv")
        assert "mobilite" in download.suggested_filename
        raw = Path(download.path()).read_bytes()
        assert raw.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        header = rows[0]
        assert "Titre" in header and "Région" in header, header[:6]
        assert not {"number", "slug", "title"} & set(header)
        # As many rows as the page says results.
        count = int(tab.locator("#nombre-resultats").inner_text().split()[0])
        assert len(rows) - 1 == count

    assert failures == {}
