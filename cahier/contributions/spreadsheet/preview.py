"""What a spreadsheet would import, and what stops it: the file read (reading.py) and every row
checked (checking.py). The preview page shows it; the confirmation computes it again from the
stored file, against the catalogue as it is then."""

from dataclasses import dataclass, field

from .checking import RowCheck, check_rows, match_headers
from .problems import Problem, SpreadsheetRefused
from .reading import read_table


@dataclass
class Preview:
    """*rows* checked; *errors* (the file's and every row's) block the import, *warnings*
    (possible duplicates, ignored columns) do not; *notes* say how the file was read."""

    sheet: str | None = None
    rows: list[RowCheck] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def spreadsheet_preview(*, name: str, content: bytes) -> Preview:
    """The preview of the file *name* holding *content*: never raises for a bad file, the
    refusal is the preview's only error."""
    try:
        table = read_table(name=name, content=content)
    except SpreadsheetRefused as refused:
        return Preview(errors=[Problem(refused.message)])
    headers = match_headers(table)
    preview = Preview(sheet=table.sheet, notes=table.notes, warnings=list(headers.warnings))
    preview.errors.extend(headers.errors)
    if headers.errors:
        return preview
    preview.rows = check_rows(table, headers)
    for row in preview.rows:
        preview.errors.extend(row.errors)
        preview.warnings.extend(row.warnings)
    if not preview.rows:
        preview.errors.append(
            Problem(
                "le fichier ne contient aucune initiative sous la ligne des en-têtes.", table.sheet
            )
        )
    return preview
