"""Exports: one interface, three formats, filters, TableSchema, round trip, JSON-LD."""

import csv
import io
import json

import pytest
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.timezone import localdate
from openpyxl import load_workbook

from cahier.catalogue.models import (
    Event,
    Funding,
    GlossaryTerm,
    Initiative,
    Keyword,
    Organisation,
    PublicType,
)
from cahier.editions.models import Edition
from cahier.opendata.exporters import EXPORTERS, Exporter
from cahier.opendata.loader import catalogue_load_json
from cahier.opendata.records import CSV_COLUMNS
from cahier.opendata.tableschema import FIELDS

EXPORTS = "/api/v1/exports"


def test_every_exporter_follows_the_interface():
    assert set(EXPORTERS) == {
        "csv",
        "csv-fr",
        "json",
        "xlsx",
        "data-inclusion-services",
        "data-inclusion-structures",
    }
    for identifier, exporter in EXPORTERS.items():
        assert isinstance(exporter, Exporter) and exporter.identifier == identifier
        assert exporter.verbose_name and exporter.content_type and exporter.extension


def test_csv_export_matches_its_table_schema(client, sample_edition):
    response = client.get(f"{EXPORTS}/initiatives.csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="cahier-initiatives-{localdate().isoformat()}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [row["number"] for row in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[1]["keywords"] == "Alternance | Mobilité"
    schema = client.get(f"{EXPORTS}/schema.json").json()
    fields = schema["fields"]
    assert [field["name"] for field in fields] == CSV_COLUMNS == list(rows[0])
    for field in fields:
        assert field["title"] and field["description"] and field["type"] and "example" in field
    regions = next(f for f in fields if f["name"] == "region")["constraints"]["enum"]
    statuses = next(f for f in fields if f["name"] == "provenance_status")["constraints"]["enum"]
    for row in rows:
        assert row["region"] in regions
        assert row["provenance_status"] in statuses
    assert schema["licenses"][0]["name"] == "etalab-2.0"


@pytest.mark.postgres
def test_exports_follow_the_search_filters(client, sample_edition):
    def slugs(params):
        data = json.loads(client.get(f"{EXPORTS}/initiatives.json", params).getvalue())
        return [record["slug"] for record in data["initiatives"]]

    assert slugs({"region": "bretagne"}) == ["fiche-3", "fiche-4"]
    assert slugs({"region": ["bretagne", "la-reunion"]}) == ["fiche-3", "fiche-4", "fiche-5"]
    assert slugs({"keyword": "mobilite", "public": "seniors"}) == ["fiche-4", "fiche-6"]
    assert slugs({"funding": "fse-iej"}) == ["fiche-2", "fiche-3"]
    assert slugs({"event": "Trophées FSE"}) == ["fiche-6"]
    assert slugs({"q": "Loustic"}) == ["fiche-4"]
    assert client.get(f"{EXPORTS}/initiatives.csv", {"year": "deux"}).status_code == 400


def test_xlsx_export_has_the_csv_columns(client, sample_edition):
    body = client.get(f"{EXPORTS}/initiatives.xlsx", {"region": "bretagne"}).getvalue()
    workbook = load_workbook(io.BytesIO(body))
    rows = list(workbook.active.iter_rows(values_only=True))
    # For people: the TableSchema's French titles; the machine names in « Colonnes ».
    assert list(rows[0]) == [FIELDS[name]["title"] for name in CSV_COLUMNS]
    assert rows[0][:3] == ("Numéro de fiche", "Identifiant", "Titre")
    names = list(workbook["Colonnes"].iter_rows(min_row=2, max_col=2, values_only=True))
    assert names == list(zip(rows[0], CSV_COLUMNS, strict=True))
    assert [row[2] for row in rows[1:]] == [
        "Mobilité",
        "Coordination garde d'enfants : Loustic Services",
    ]
    again = client.get(f"{EXPORTS}/initiatives.xlsx", {"region": "bretagne"})
    assert again.getvalue() == body  # stable bytes, so the ETag means something


def test_drafts_are_never_exported(client, sample_edition):
    Initiative.objects.filter(slug="fiche-2").update(status="draft")
    data = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    assert "fiche-2" not in [record["slug"] for record in data["initiatives"]]


def test_the_edition_block_of_a_published_edition_is_the_printed_list(client, sample_edition):
    """Before, the export listed the edition's fiches as they are now: a retitled fiche showed
    its new title and a fiche taken back to draft vanished from a published edition's list."""
    printed = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())["edition"]
    Initiative.objects.filter(slug="fiche-1").update(title="Un toit et un emploi")
    Initiative.objects.filter(slug="fiche-2").update(status="draft")
    now = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    assert now["edition"] == printed
    assert "fiche-2" not in [record["slug"] for record in now["initiatives"]]


@pytest.mark.postgres
def test_round_trip_export_load_export(client, sample_edition):
    first = client.get(f"{EXPORTS}/initiatives.json").getvalue()
    document = json.loads(first)
    # An empty catalogue (regions are seeded by a migration and stay).
    with transaction.atomic():
        for model in (Edition, Initiative, Keyword, PublicType, Funding, GlossaryTerm):
            model.objects.all().delete()
        Organisation.objects.all().delete()
        Event.objects.all().delete()
    assert json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())["initiatives"] == []
    counts = catalogue_load_json(document=document)
    assert counts["created"] == 6
    second = client.get(f"{EXPORTS}/initiatives.json").getvalue()
    assert second == first
    assert client.get(f"{EXPORTS}/initiatives.csv").status_code == 200


def test_initiative_jsonld(sample_edition):
    initiative = Initiative.objects.with_relations().get(slug="fiche-6")
    initiative.number = 6
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    html = Template("{% load open_data %}{% initiative_jsonld initiative %}").render(
        Context({"initiative": initiative, "request": request})
    )
    assert html.startswith('<script type="application/ld+json">')
    data = json.loads(
        html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    )
    assert data["@context"] == "https://schema.org" and data["@type"] == "Project"
    assert data["name"] == "Working first 13"
    assert data["areaServed"]["containedInPlace"]["name"] == "Provence-Alpes-Côte d'Azur"
    assert data["subjectOf"]["position"] == 6
    assert data["url"] == "http://localhost/initiatives/fiche-6/"


def test_jsonld_cannot_close_the_script_element(sample_edition):
    from cahier.opendata.jsonld import initiative_jsonld_script

    initiative = Initiative.objects.with_relations().get(slug="fiche-1")
    initiative.title = "</script><script>alert(1)</script>"
    assert "</script><script>" not in initiative_jsonld_script(initiative)
