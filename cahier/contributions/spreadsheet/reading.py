"""A spreadsheet file (bytes and its name) read into a `Table`: the header row and the data
rows, as raw cell values, with every limit of cahier/core/limits.py enforced while reading (the
size, the rows, what an XLSX unpacks to). The kind of file is told by its content, not only by
its name: a renamed file, an old .xls or a workbook with macros is refused."""

from dataclasses import dataclass, field
from pathlib import PurePath

from cahier.core import limits

from .problems import NOTHING_WRITTEN, SpreadsheetRefused

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls), and other Office binary files
EXTENSIONS = (".xlsx", ".csv")


@dataclass
class Table:
    """What a file holds: *sheet* (None for CSV), the *headers* of its first row, the data
    *rows* as (row number, cell values) with empty rows left out, and *notes* for the reader
    (the encoding a CSV was read in…)."""

    sheet: str | None
    headers: list
    rows: list[tuple[int, list]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def too_many_rows() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        f"Le fichier dépasse {limits.number(limits.SPREADSHEET_MAX_ROWS)} lignes d’initiatives, "
        "la limite d’un import : découpez-le en plusieurs fichiers. " + NOTHING_WRITTEN
    )


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f}\u00a0Mo"


def _check_size(content: bytes) -> None:
    if not content:
        raise SpreadsheetRefused("Le fichier est vide. " + NOTHING_WRITTEN)
    if len(content) > limits.SPREADSHEET_MAX_BYTES:
        raise SpreadsheetRefused(
            f"Le fichier pèse {_megabytes(len(content))}, plus que la limite de "
            f"{_megabytes(limits.SPREADSHEET_MAX_BYTES)} d’un import : découpez-le en "
            "plusieurs fichiers. " + NOTHING_WRITTEN
        )


def _extension(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsm":
        raise SpreadsheetRefused(
            "Un classeur avec macros (.xlsm) n’est pas accepté : ses macros pourraient "
            "s’exécuter chez qui le rouvre. Enregistrez-le au format .xlsx (« Classeur Excel »). "
            + NOTHING_WRITTEN
        )
    if suffix == ".xls":
        raise SpreadsheetRefused(
            "L’ancien format Excel 97-2003 (.xls) n’est pas lu : enregistrez le fichier au "
            "format .xlsx ou .csv. " + NOTHING_WRITTEN
        )
    if suffix not in EXTENSIONS:
        raise SpreadsheetRefused(
            f"Format non pris en charge ({suffix or 'sans extension'}) : déposez un classeur "
            ".xlsx ou un fichier .csv (le modèle est fourni dans les deux formats). "
            + NOTHING_WRITTEN
        )
    return suffix


def read_table(*, name: str, content: bytes) -> Table:
    """The table *content* holds (a file called *name*); SpreadsheetRefused, with a French
    message, when it cannot be read or breaks a limit."""
    from . import csvfile, xlsxfile

    _check_size(content)
    suffix = _extension(name)
    if content.startswith(OLE_MAGIC):
        raise SpreadsheetRefused(
            f"Ce fichier n’est pas un {suffix} mais un ancien fichier Office (.xls ?) renommé : "
            "enregistrez-le au format .xlsx ou .csv. " + NOTHING_WRITTEN
        )
    if suffix == ".csv":
        if content.startswith(ZIP_MAGIC):
            raise SpreadsheetRefused(
                "Ce fichier .csv est en fait un classeur (.xlsx renommé ?) : déposez-le avec "
                "l’extension .xlsx, ou enregistrez-le au format CSV. " + NOTHING_WRITTEN
            )
        return csvfile.read_csv(content)
    return xlsxfile.read_xlsx(content)
