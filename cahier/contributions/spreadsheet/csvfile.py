"""A CSV file read into a reading.Table: UTF-8 (with or without BOM), else Windows-1252 (said
in a note), « ; » or « , » as separator (whichever the header row uses)."""

import csv
import io

from cahier.core import limits

from .problems import NOTHING_WRITTEN, SpreadsheetRefused
from .reading import Table, too_many_rows

SEPARATORS = (";", ",", "\t")


def decode(content: bytes) -> tuple[str, list[str]]:
    """The text of *content* and the notes about its encoding."""
    if b"\x00" in content:
        raise SpreadsheetRefused(
            "Ce fichier contient des octets nuls : ce n’est pas un fichier CSV (un fichier "
            "binaire, ou un CSV en UTF-16 : enregistrez-le en « CSV UTF-8 »). " + NOTHING_WRITTEN
        )
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise SpreadsheetRefused(
            "Encodage du fichier non reconnu (ni UTF-8, ni Windows-1252 ; octet "
            f"{content[error.start]:#x}) : enregistrez-le en « CSV UTF-8 ». " + NOTHING_WRITTEN
        ) from error
    note = (
        "Le fichier n’est pas en UTF-8 : il a été lu en Windows-1252 (le CSV d’Excel). "
        "Vérifiez les accents dans l’aperçu ; « CSV UTF-8 » évite toute ambiguïté."
    )
    return text, [note]


def separator(text: str) -> str:
    """The separator the header row uses most (« ; » for a French Excel, « , » elsewhere)."""
    header = text.split("\n", 1)[0]
    return max(SEPARATORS, key=header.count)


def read_csv(content: bytes) -> Table:
    text, notes = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(text))
    try:
        headers = next(reader, [])
        table = Table(sheet=None, headers=headers, notes=notes)
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(table.rows) >= limits.SPREADSHEET_MAX_ROWS:
                raise too_many_rows()
            table.rows.append((number, values))
    except csv.Error as error:
        raise SpreadsheetRefused(
            f"Fichier CSV mal formé, ligne {reader.line_num} : {error}. " + NOTHING_WRITTEN
        ) from error
    return table
