"""`cahier export`: the exporters of the API, hence the same bytes; `--edition` numbering."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cahier.catalogue.models import GlossaryTerm
from tests.opendata.sheets import xlsx_rows

EXPORTS = "/api/v1/exports"
FORMATS = ["json", "csv", "xlsx"]


def export(tmp_path, *args) -> bytes:
    target = tmp_path / "export"
    call_command("export", *args, "-o", str(target), stderr=io.StringIO())
    return target.read_bytes()


@pytest.mark.parametrize("identifier", FORMATS)
def test_the_cli_gives_the_bytes_of_the_api(client, sample_edition, tmp_path, identifier):
    """Before, the CLI JSON lacked licence and taxonomies and the CLI CSV its BOM."""
    api = client.get(f"{EXPORTS}/initiatives.{identifier}").getvalue()
    assert export(tmp_path, "--format", identifier) == api


@pytest.mark.parametrize("identifier", FORMATS)
def test_the_same_filters_give_the_same_bytes(client, sample_edition, tmp_path, identifier):
    """One filter, declared once: `--region bretagne --keyword mobilite` on the command line is
    `?region=bretagne&keyword=mobilite` in the API, fiche for fiche and byte for byte."""
    api = client.get(
        f"{EXPORTS}/initiatives.{identifier}", {"region": "bretagne", "keyword": "mobilite"}
    ).getvalue()
    cli = export(tmp_path, "--format", identifier, "--region", "bretagne", "--keyword", "mobilite")
    assert cli == api
    everything = client.get(f"{EXPORTS}/initiatives.{identifier}").getvalue()
    assert cli != everything


def test_a_bad_filter_is_named_on_the_command_line(sample_edition, tmp_path):
    with pytest.raises(CommandError, match="--region"):
        export(tmp_path, "--format", "csv", "--region", "atlantide")


@pytest.mark.parametrize("identifier", ["json", "csv"])
def test_text_formats_also_go_to_the_screen(client, sample_edition, identifier):
    out = io.StringIO()
    call_command("export", "--format", identifier, stdout=out)
    assert out.getvalue().encode() == client.get(f"{EXPORTS}/initiatives.{identifier}").getvalue()


def numbers(identifier: str, content: bytes) -> dict[str, int | None]:
    """Fiche number by slug, read back from an export."""
    if identifier == "json":
        records = json.loads(content)["initiatives"]
        return {record["slug"]: record["number"] for record in records}
    if identifier == "csv":
        rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        return {row["slug"]: int(row["number"]) for row in rows}
    return {row["slug"]: int(row["number"]) for row in xlsx_rows(content)}


@pytest.mark.parametrize("identifier", FORMATS)
def test_edition_option_numbers_the_fiches_in_every_format(draft_edition, tmp_path, identifier):
    """Before, the CLI XLSX ignored --edition."""
    current = numbers(identifier, export(tmp_path, "--format", identifier))
    assert current == {f"fiche-{n}": n for n in range(1, 7)}
    chosen = export(tmp_path, "--format", identifier, "--edition", "cahier-2021")
    assert numbers(identifier, chosen) == {f"fiche-{n}": 7 - n for n in range(1, 7)}


def test_edition_option_also_gives_the_edition_in_the_json(draft_edition, tmp_path):
    document = json.loads(export(tmp_path, "--edition", "cahier-2021"))
    assert document["edition"]["slug"] == "cahier-2021"
    assert [record["slug"] for record in document["initiatives"]][:2] == ["fiche-6", "fiche-5"]


def test_unknown_edition_and_xlsx_on_the_screen_are_clear_errors(sample_edition, tmp_path):
    with pytest.raises(CommandError, match="Édition « 2042 » inconnue .éditions : cahier-2019"):
        call_command("export", "--edition", "2042")
    with pytest.raises(CommandError, match="-o FICHIER"):
        call_command("export", "--format", "xlsx")
    with pytest.raises(CommandError, match="Écriture impossible"):
        call_command("export", "-o", str(tmp_path / "absent" / "x.json"))


@pytest.mark.postgres
def test_the_2019_cahier_exported_by_the_cli(cahier_2019, tmp_path):
    data = json.loads(export(tmp_path, "--format", "json"))
    assert set(data) == {"licence", "edition", "initiatives", "glossary", "taxonomies"}
    # The glossary: the document's 102 acronyms, and the new names that catalogue 0009 seeds
    # (a flush by an earlier live-server test may have taken those away: count the table).
    assert len(data["initiatives"]) == 46
    assert len(data["glossary"]) == GlossaryTerm.objects.count() >= 102
    assert [r["number"] for r in data["initiatives"]] == list(range(1, 47))
    assert set(data["initiatives"][0]) == {
        "id", "number", "slug", "title", "region", "territory", "description", "added_value",
        "porteur", "public", "partners", "links", "referent_emails", "results", "provenance",
        "keywords", "publics", "fundings",
        # 1.2.0 (docs/api-changelog.md)
        "status", "started_year", "ended_year", "updated_at", "verified_at", "transfer",
        "outcomes", "replication_of", "replications", "contacts",
        # 1.4.0
        "quality",
        # 1.5.0
        "published_at", "check_interval_months", "next_check_at",
    }  # fmt: skip
    assert len({r["id"] for r in data["initiatives"]}) == 46
    text = export(tmp_path, "--format", "csv").decode("utf-8")
    assert text.startswith("\ufeffnumber,slug,title,region")
    assert "Coaching professionnel | IAE | Logement | Mobilité" in text
    sheet = load_workbook(io.BytesIO(export(tmp_path, "--format", "xlsx"))).active
    assert sheet.max_row == 47  # header + 46 fiches
