"""Hostile spreadsheets: wrong types, formulas, 50 000 rows, macros, a zip bomb, a renamed
file, a wrong encoding, a file too big. Each gets a clear French message and nothing is
written (no fiche, no upload kept)."""

import datetime
import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from cahier.catalogue.models import Initiative
from cahier.contributions import services
from cahier.contributions.models import SpreadsheetImport
from cahier.contributions.spreadsheet.columns import COLUMNS
from cahier.contributions.spreadsheet.preview import spreadsheet_preview
from cahier.contributions.spreadsheet.problems import SpreadsheetRefused
from cahier.core import limits
from tests.catalogue.factories import KeywordFactory
from tests.contributions.spreadsheets import csv_bytes, good_row

pytestmark = pytest.mark.django_db
P = "\u00a0"
HEADERS = [column.header for column in COLUMNS]


@pytest.fixture(autouse=True)
def _keyword():
    KeywordFactory(label="Mobilité", slug="mobilite")


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Initiatives"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(**cells) -> list:
    values = good_row(1) | cells
    return [values[header] for header in HEADERS]


def _refused(curator, name: str, content: bytes) -> str:
    """The message of the refusal at upload; nothing kept, nothing written."""
    with pytest.raises(SpreadsheetRefused) as refused:
        services.spreadsheet_import_prepare(name=name, content=content, actor=curator)
    assert SpreadsheetImport.objects.count() == 0
    assert Initiative.objects.count() == 0
    return refused.value.message


def _errors(name: str, content: bytes) -> list[str]:
    return [str(problem) for problem in spreadsheet_preview(name=name, content=content).errors]


def test_wrong_types_are_named_by_cell():
    content = _xlsx(
        [
            _row(Titre=datetime.datetime(2024, 3, 1)),
            _row(Territoire=True),
            _row(**{"Région": 35}),
        ]
    )
    errors = _errors("a.xlsx", content)
    assert errors[0].startswith(f"Feuille «{P}Initiatives{P}», ligne 2, colonne «{P}Titre{P}»")
    assert "une date n’est pas attendue ici" in errors[0]
    assert "ligne 3, colonne «\u00a0Territoire\u00a0»" in errors[1] and "VRAI/FAUX" in errors[1]
    assert "ligne 4, colonne «\u00a0Région\u00a0»" in errors[2]
    assert f"«{P}35{P}» n’est pas une région connue" in errors[2]


def test_a_formula_is_refused_with_the_reason():
    """openpyxl writes the formula without a computed value: reading values only would have
    imported an empty title silently. The formula is read as such and refused."""
    content = _xlsx([_row(Titre='=CONCATENATE("Atelier";" numérique")')])
    (error,) = _errors("a.xlsx", content)
    assert "colonne «\u00a0Titre\u00a0»" in error
    assert "une formule n’est pas importée" in error and "Collage spécial" in error


def test_a_formula_typed_in_a_csv_is_refused_too():
    content = csv_bytes([good_row(1) | {"Liens": '=HYPERLINK("https://evil.example")'}])
    (error,) = _errors("a.csv", content)
    assert error.startswith(f"Ligne 2, colonne «{P}Liens{P}»{P}: la cellule est une formule")


def test_50000_rows_are_refused_quickly(curator):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Initiatives")
    sheet.append(HEADERS)
    for number in range(50_000):
        sheet.append([f"Initiative {number}", "Bretagne"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    started = time.perf_counter()
    message = _refused(curator, "a.xlsx", content)
    elapsed = time.perf_counter() - started
    assert message.startswith(
        f"Le fichier dépasse {limits.number(limits.SPREADSHEET_MAX_ROWS)} lignes d’initiatives"
    )
    # Reading stops at the limit: about 2 000 rows are parsed, not 50 000 (measured: 0.5 s).
    assert elapsed < 10


def test_50000_csv_rows_are_refused(curator, settings):
    content = csv_bytes([{"Titre": "x"}] * 50_000)
    assert len(content) < limits.SPREADSHEET_MAX_BYTES
    assert "lignes d’initiatives" in _refused(curator, "a.csv", content)


def test_a_macro_enabled_workbook_is_refused(curator):
    assert "classeur avec macros (.xlsm)" in _refused(curator, "a.xlsm", _xlsx([_row()]))


def test_macros_hidden_in_an_xlsx_are_refused(curator):
    buffer = io.BytesIO(_xlsx([_row()]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert "contient des macros" in _refused(curator, "a.xlsx", buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_unpacks(curator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            for _ in range(limits.SPREADSHEET_MAX_UNPACKED_BYTES // (1 << 20) + 1):
                entry.write(b"\x00" * (1 << 20))
    content = buffer.getvalue()
    assert len(content) < 1 << 20  # a few hundred kilobytes…
    assert "se décompresse en plus de" in _refused(curator, "a.xlsx", content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xlsx", b"Titre;R\xc3\xa9gion\n", "n’est pas un classeur .xlsx lisible"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "ancien fichier Office"),
        ("a.csv", b"PK\x03\x04" + b"\x00" * 100, "est en fait un classeur"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "Excel 97-2003 (.xls) n’est pas lu"),
        ("a.pdf", b"%PDF-1.7", "Format non pris en charge (.pdf)"),
        ("a.csv", b"", "Le fichier est vide."),
    ],
)
def test_a_renamed_or_foreign_file_is_refused(curator, name, content, message):
    assert message in _refused(curator, name, content)


def test_a_damaged_xlsx_is_refused(curator):
    content = _xlsx([_row()])
    assert "n’est pas un classeur .xlsx lisible" in _refused(curator, "a.xlsx", content[:2000])


def test_a_windows_csv_is_read_and_said(curator):
    content = csv_bytes([good_row(1)], encoding="cp1252")
    preview = spreadsheet_preview(name="a.csv", content=content)
    assert preview.ok
    assert (
        preview.rows[0]
        .values["description"]
        .startswith("Des ateliers pour apprendre les démarches")
    )
    assert "lu en Windows-1252" in preview.notes[0]


def test_a_comma_separated_csv_is_read():
    preview = spreadsheet_preview(name="a.csv", content=csv_bytes([good_row(1)], separator=","))
    assert preview.ok and preview.rows[0].values["territory"] == "Pays de Quimperlé"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Titre".encode("utf-16"), "octets nuls"),
        (b"Titre;R\x81gion\n", "Encodage du fichier non reconnu"),
    ],
)
def test_a_wrong_encoding_is_refused(curator, content, message):
    assert message in _refused(curator, "a.csv", content)


def test_a_file_too_big_is_refused(curator):
    content = b"Titre\n" + b"x" * limits.SPREADSHEET_MAX_BYTES
    assert "plus que la limite de 5\u00a0Mo" in _refused(curator, "a.csv", content)


def test_missing_columns_are_named():
    (error,) = _errors("a.csv", "Titre;Région\nA;Bretagne\n".encode())
    assert error.startswith(f"Ligne 1{P}: colonnes obligatoires absentes{P}: «{P}Territoire")


def test_an_upload_too_big_for_the_form_is_refused_at_once(client, curator):
    client.force_login(curator)
    file = io.BytesIO(b"x" * (limits.SPREADSHEET_MAX_BYTES + 1))
    file.name = "a.csv"
    response = client.post("/curation/tableur/", {"file": file})
    assert response.status_code == 400
    assert "Le fichier dépasse 5\u00a0Mo" in response.content.decode()
    assert SpreadsheetImport.objects.count() == 0
