"""An XLSX workbook read into a reading.Table, defensively: the archive is looked at before
openpyxl opens it (not a zip, macros, what it would unpack to), then the sheet « Initiatives »
(else the first one) is streamed (`read_only`) and never past the row limit.

Formulas are read as formulas (`data_only=False`), not as the value the spreadsheet last
computed: that value may be missing (a file written by a program) or stale, so a formula cell
reaches the checks as « =… » text and is refused there, with the reason (checking.py)."""

import io
import zipfile

from openpyxl import load_workbook

from cahier.core import limits

from .columns import SHEET_TITLE
from .problems import NOTHING_WRITTEN, SpreadsheetRefused
from .reading import Table, too_many_rows

MAX_ENTRIES = 1_000
# A sheet wider than this is not a filled template: its other columns are not read.
MAX_COLUMNS = 60
MAX_ROW_NUMBER = limits.SPREADSHEET_MAX_ROWS * 5
MACRO_PARTS = ("vbaproject.bin", "macrosheets/", "vbadata.xml")


def _not_xlsx(reason: str) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        f"Ce fichier n’est pas un classeur .xlsx lisible ({reason}) : ouvrez-le dans votre "
        "tableur et enregistrez-le au format « Classeur Excel (.xlsx) ». " + NOTHING_WRITTEN
    )


def check_archive(content: bytes) -> None:
    """Refuse what is not a plain XLSX before any XML is parsed: not a zip (a renamed file),
    no workbook inside, macros, or an archive that would unpack past the limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise _not_xlsx(
            "ce n’est pas une archive de classeur, peut-être un fichier renommé"
        ) from error
    with archive:
        entries = archive.infolist()
    names = [entry.filename.lower() for entry in entries]
    if len(entries) > MAX_ENTRIES or "xl/workbook.xml" not in names:
        raise _not_xlsx("il ne contient pas de classeur")
    if any(part in name for name in names for part in MACRO_PARTS):
        raise SpreadsheetRefused(
            "Ce classeur contient des macros : elles pourraient s’exécuter chez qui le rouvre. "
            "Enregistrez-le sans macros, au format .xlsx (« Classeur Excel »). " + NOTHING_WRITTEN
        )
    # The declared sizes bound what zipfile unpacks (it stops at them), so checking them is enough.
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.SPREADSHEET_MAX_UNPACKED_BYTES:
        raise SpreadsheetRefused(
            f"Ce classeur se décompresse en plus de "
            f"{limits.SPREADSHEET_MAX_UNPACKED_BYTES // (1 << 20)}\u00a0Mo, bien au-delà de ce "
            "que tient un tableau d’initiatives (fichier piégé ?). " + NOTHING_WRITTEN
        )


def _worksheet(workbook):
    titles = {name.strip().casefold(): name for name in workbook.sheetnames}
    name = titles.get(SHEET_TITLE.casefold()) or workbook.sheetnames[0]
    return workbook[name]


def _open(content: bytes):
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise _not_xlsx("archive abîmée ou incomplète") from error


def read_xlsx(content: bytes) -> Table:
    check_archive(content)
    workbook = _open(content)
    try:
        return _read_sheet(_worksheet(workbook))
    except SpreadsheetRefused:
        raise
    except Exception as error:
        raise _not_xlsx("feuille illisible") from error
    finally:
        workbook.close()


def _read_sheet(sheet) -> Table:
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    headers = list(next(rows, ()))
    table = Table(sheet=sheet.title, headers=headers)
    for number, values in enumerate(rows, start=2):
        # Even empty, rows far past the limit are refused: reading them all would take long.
        if number > MAX_ROW_NUMBER:
            raise too_many_rows()
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        if len(table.rows) >= limits.SPREADSHEET_MAX_ROWS:
            raise too_many_rows()
        table.rows.append((number, list(values)))
    return table
