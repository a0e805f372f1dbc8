"""The CSV exports are streamed a chunk of fiches at a time (bounded memory at 100 000 fiches),
with the same bytes as when they were built whole, and an ETag that follows the catalogue."""

import csv
import io
import json
import tempfile
from dataclasses import replace

import pytest

from cahier.catalogue import services
from cahier.catalogue.models import Initiative
from cahier.opendata import records
from cahier.opendata.records import (
    catalogue_document,
    initiative_record_chunks,
    to_csv,
    to_json,
)

EXPORTS = "/api/v1/exports"


@pytest.mark.parametrize("path", ["initiatives.csv", "initiatives-tableur.csv"])
def test_the_csv_exports_stream_a_chunk_of_fiches_at_a_time(
    client, sample_edition, monkeypatch, path
):
    monkeypatch.setattr(records, "EXPORT_CHUNK", 2)
    response = client.get(f"{EXPORTS}/{path}")
    assert response.status_code == 200 and response.streaming
    pieces = list(response.streaming_content)
    # BOM, header, then one piece per 2 of the 6 fiches (and an empty tail).
    assert len([piece for piece in pieces if piece]) >= 4
    text = b"".join(pieces).decode("utf-8-sig")
    delimiter = ";" if "tableur" in path else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert len(rows) == 1 + 6


def test_the_streamed_csv_is_the_csv_of_every_record(client, sample_edition, monkeypatch):
    monkeypatch.setattr(records, "EXPORT_CHUNK", 4)
    streamed = client.get(f"{EXPORTS}/initiatives.csv").getvalue()
    whole = "\ufeff".encode() + to_csv(catalogue_document()["initiatives"]).encode()
    assert streamed == whole


def test_chunks_keep_the_fiche_order_and_hold_at_most_their_size(sample_edition):
    chunks = list(initiative_record_chunks(size=4))
    assert [len(chunk) for chunk in chunks] == [4, 2]
    numbers = [record["number"] for chunk in chunks for record in chunk]
    assert numbers == sorted(numbers) == [1, 2, 3, 4, 5, 6]


def test_head_and_revalidation_build_no_body(client, sample_edition):
    get = client.get(f"{EXPORTS}/initiatives.csv", {"region": "bretagne"})
    etag = get["ETag"]
    head = client.head(f"{EXPORTS}/initiatives.csv", {"region": "bretagne"})
    assert (head.status_code, head["ETag"], head.streaming) == (200, etag, False)
    again = client.get(
        f"{EXPORTS}/initiatives.csv", {"region": "bretagne"}, HTTP_IF_NONE_MATCH=etag
    )
    assert again.status_code == 304
    other = client.get(f"{EXPORTS}/initiatives.csv", {"region": "normandie"})
    assert other["ETag"] != etag  # another search, another validator


def test_the_etag_changes_when_a_fiche_changes(client, sample_edition):
    url = f"{EXPORTS}/initiatives.csv"
    before = client.get(url)
    fiche = Initiative.objects.get(slug="fiche-2")
    services.initiative_update(
        initiative=fiche,
        data=replace(services.InitiativeData.from_initiative(fiche), title="Titre corrigé"),
        expected_version=fiche.version,
    )
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "Titre corrigé" in after.getvalue().decode("utf-8-sig")


def test_the_json_export_streams_the_bytes_of_the_whole_document(
    client, sample_edition, monkeypatch
):
    monkeypatch.setattr(records, "EXPORT_CHUNK", 2)
    response = client.get(f"{EXPORTS}/initiatives.json")
    assert response.status_code == 200 and response.streaming
    pieces = list(response.streaming_content)
    # The document around the list, then one piece per 2 of the 6 fiches, then its end.
    assert len([piece for piece in pieces if piece]) >= 4
    assert b"".join(pieces) == to_json(catalogue_document()).encode()


def test_an_empty_json_export_is_the_whole_document_too(client, sample_edition):
    streamed = client.get(f"{EXPORTS}/initiatives.json", {"region": "normandie"}).getvalue()
    empty = Initiative.objects.none()
    assert streamed == to_json(catalogue_document(queryset=empty)).encode()
    assert json.loads(streamed)["initiatives"] == []


@pytest.mark.parametrize("path", ["initiatives.json", "initiatives.csv", "initiatives.xlsx"])
def test_an_export_reads_as_many_queries_for_more_fiches(client, sample_edition, path):
    """The relations of the fiches (indexes, replications, link checks) are read for a chunk
    at once: more fiches, not more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.catalogue import factories as f

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{EXPORTS}/{path}")
            assert response.status_code == 200
            response.getvalue()
        return len(captured)

    before = queries()
    keyword = f.KeywordFactory(label="Numérique", slug="numerique")
    for number in range(5):
        f.InitiativeFactory(slug=f"autre-{number}", keywords=[keyword], publics=[], fundings=[])
    assert queries() == before


def test_the_xlsx_export_is_sent_from_a_file_with_its_layout(
    client, sample_edition, monkeypatch, tmp_path
):
    """Written to a temporary file a chunk of fiches at a time, then sent a piece at a time:
    still a header in bold, frozen and filterable over every row, wrapped cells, the widths."""
    from openpyxl import load_workbook

    from cahier.opendata import exporters

    monkeypatch.setattr(records, "EXPORT_CHUNK", 2)
    monkeypatch.setattr(exporters, "FILE_PIECE", 1024)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client.get(f"{EXPORTS}/initiatives.xlsx")
    assert response.status_code == 200 and response.streaming
    pieces = list(response.streaming_content)
    assert len(pieces) > 2 and max(len(piece) for piece in pieces) <= 1024
    workbook = load_workbook(io.BytesIO(b"".join(pieces)))
    assert workbook.sheetnames == ["Initiatives", "Colonnes"]
    sheet = workbook["Initiatives"]
    assert sheet.max_row == 1 + 6
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:AR{sheet.max_row}"
    assert sheet["A1"].font.b and sheet["C2"].alignment.wrap_text
    assert sheet.column_dimensions["C"].width == 40  # « title »
    assert list(tmp_path.iterdir()) == []  # the temporary files are gone once sent
