"""Issue 15: the « tableur » CSV for French Excel, and file names that say what they hold."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils.timezone import localdate

from cahier.catalogue.models import Initiative
from cahier.opendata.exporters import EXPORTERS, export_filename

EXPORTS = "/api/v1/exports"
TRICKY = 'Lyon; quartier "Gerland"\ndeuxième ligne, virgule'


def _french_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_tableur_csv_opens_in_french_excel(client, sample_edition):
    Initiative.objects.filter(slug="fiche-3").update(territory=TRICKY, staff_fte=2.5)
    response = client.get(f"{EXPORTS}/initiatives-tableur.csv", {"region": "bretagne"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.getvalue()
    first_line = content.split(b"\r\n", 1)[0].decode("utf-8-sig")
    schema = client.get(f"{EXPORTS}/schema.json").json()
    titles = [field["title"] for field in schema["fields"]]
    assert first_line.split(";") == titles  # no title needs quoting
    assert first_line.startswith("Numéro de fiche;Identifiant;Titre;Région")
    header, *rows = _french_rows(content)
    assert header == titles
    by_slug = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_slug) == {"fiche-3", "fiche-4"}
    assert by_slug["fiche-3"]["Territoire"] == TRICKY  # « ; », quotes and newline survive
    assert by_slug["fiche-3"]["Moyens humains (ETP)"] == "2,5"
    # Every record line ends with CRLF (the newline inside the quoted cell stays LF).
    assert content.count(b"\r\n") == 3 and content.endswith(b"\r\n")


def test_tableur_rows_are_the_machine_csv_rows(client, sample_edition):
    """Same fiches, same order, same cells (lists joined the same way); only the header, the
    separator and the line ends differ."""
    machine = client.get(f"{EXPORTS}/initiatives.csv").getvalue().decode("utf-8-sig")
    machine_rows = list(csv.reader(io.StringIO(machine, newline="")))
    french_rows = _french_rows(client.get(f"{EXPORTS}/initiatives-tableur.csv").getvalue())
    assert french_rows[1:] == machine_rows[1:]
    assert any(" | " in cell for row in french_rows[1:] for cell in row)


def test_cli_writes_the_same_tableur_bytes(client, sample_edition, tmp_path):
    output = tmp_path / "tableur.csv"
    call_command("export", "--format", "csv-fr", "--region", "bretagne", "-o", str(output))
    api = client.get(f"{EXPORTS}/initiatives-tableur.csv", {"region": "bretagne"}).getvalue()
    assert output.read_bytes() == api


def test_formula_triggers_are_neutralised_in_the_tableur_too(client, sample_edition):
    Initiative.objects.filter(slug="fiche-1").update(territory="=1+1")
    header, *rows = _french_rows(client.get(f"{EXPORTS}/initiatives-tableur.csv").getvalue())
    row = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "fiche-1")
    assert row["Territoire"] == "'=1+1"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, "cahier-initiatives-{day}.csv"),
        ({"region": "bretagne"}, "cahier-initiatives-bretagne-{day}.csv"),
        (
            {"region": "bretagne", "keyword": "mobilite"},
            "cahier-initiatives-bretagne-mobilite-{day}.csv",
        ),
        ({"q": "garage"}, "cahier-initiatives-garage-{day}.csv"),
    ],
)
def test_exports_are_named_after_the_search_and_the_day(client, sample_edition, params, expected):
    response = client.get(f"{EXPORTS}/initiatives.csv", params)
    day = localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{expected.format(day=day)}"'
    tableur = client.get(f"{EXPORTS}/initiatives-tableur.csv", params)["Content-Disposition"]
    assert "cahier-initiatives-tableur-" in tableur


def test_file_names_are_ascii_bounded_and_cut_between_words():
    day = date(2026, 12, 1)
    csv_fr = EXPORTERS["csv-fr"]
    assert (
        csv_fr.filename(
            criteria={"q": "Insertion à Nîmes : l'œuvre", "region": ["occitanie"]}, day=day
        )
        == "cahier-initiatives-tableur-insertion-a-nimes-l-oeuvre-occitanie-2026-12-01.csv"
    )
    long = export_filename(
        stem="initiatives",
        extension="xlsx",
        criteria={"q": "accompagnement " * 20, "region": ["bretagne"]},
        day=day,
    )
    assert long.isascii() and len(long) <= len("cahier-initiatives--2026-12-01.xlsx") + 60
    assert long.endswith("-accompagnement-2026-12-01.xlsx")  # a whole word, no trailing « - »
    assert EXPORTERS["data-inclusion-services"].filename(criteria={}, day=day) == (
        "cahier-data-inclusion-services-2026-12-01.json"
    )
    # Nothing usable in the words (punctuation only): the plain name.
    assert export_filename(
        stem="initiatives", extension="json", criteria={"q": "« ? »"}, day=day
    ) == ("cahier-initiatives-2026-12-01.json")
