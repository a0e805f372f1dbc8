"""What is wrong with a spreadsheet, and where: a whole file refused (`SpreadsheetRefused`), or
one cell, row or column (`Problem`), named as a person finds it in their spreadsheet:
« Feuille « Initiatives », ligne 7, colonne « Région » : … »."""

from dataclasses import dataclass

NOTHING_WRITTEN = "Rien n’a été importé."


class SpreadsheetRefused(Exception):
    """The file cannot be read at all (format, size, encoding, macros…): French *message*."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def quoted(text: str) -> str:
    return f"«\u00a0{text}\u00a0»"


@dataclass(frozen=True)
class Problem:
    """One error (or warning) at *row* (as the spreadsheet numbers it; None: the whole file)
    and *column* (its header; None: the whole row) of *sheet* (None for a CSV file)."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    @property
    def place(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"Feuille {quoted(self.sheet)}")
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        if self.column:
            parts.append(f"colonne {quoted(self.column)}")
        place = ", ".join(parts)
        return place[:1].upper() + place[1:]

    def __str__(self) -> str:
        if self.place:
            return f"{self.place}\u00a0: {self.message}"
        return self.message[:1].upper() + self.message[1:]
