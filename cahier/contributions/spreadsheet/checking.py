"""Every row of a reading.Table checked the way the catalogue will check it, before anything is
written: the headers found, each cell converted (cells.py), required fields, lengths
(cahier/core/limits.py), provenance (`services.provenance_validate`), what the catalogue checks
before a write (`catalogue.services.initiative_validate`), and duplicates, within
the file and against the catalogue (`selectors.similar_finder`), as warnings."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from cahier.catalogue.services import InitiativeData, initiative_validate
from cahier.core import limits
from cahier.core.text import name_key

from ..selectors import similar_finder
from .cells import CellError, convert
from .columns import BY_KEY, COLUMNS, Column
from .problems import Problem, quoted
from .reading import Table
from .vocabulary import Vocabulary

BY_FIELD = {column.field: column for column in COLUMNS}


@dataclass
class RowCheck:
    """One data row: its *number* in the sheet, the *values* by InitiativeData field, and what
    is wrong (*errors*: it cannot be imported) or worth a look (*warnings*: possible duplicates)."""

    number: int
    values: dict = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.values.get("title") or ""

    def data(self) -> InitiativeData:
        return InitiativeData(**self.values)


@dataclass
class Headers:
    """Which column of the table each declared column is (*index*), and what is wrong."""

    index: dict[str, int] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def match_headers(table: Table) -> Headers:
    found = Headers()
    for position, header in enumerate(table.headers):
        text = str(header or "").strip().rstrip("*").strip()
        if not text:
            continue
        column = BY_KEY.get(name_key(text))
        place = {"sheet": table.sheet, "row": 1, "column": text}
        if column is None:
            message = "cette colonne n’est pas une colonne du modèle : elle ne sera pas importée."
            found.warnings.append(Problem(message, **place))
        elif column.field in found.index:
            found.errors.append(Problem("cette colonne apparaît deux fois.", **place))
        else:
            found.index[column.field] = position
    missing = [c.header for c in COLUMNS if c.required and c.field not in found.index]
    if missing:
        names = ", ".join(quoted(name) for name in missing)
        message = (
            f"colonnes obligatoires absentes : {names}. La première ligne doit porter les "
            "en-têtes du modèle."
        )
        found.errors.append(Problem(message, sheet=table.sheet, row=1))
    return found


def _cells(row: RowCheck, values: list, headers: Headers, vocabulary, sheet) -> None:
    for column in COLUMNS:
        position = headers.index.get(column.field)
        raw = values[position] if position is not None and position < len(values) else None
        try:
            value = convert(raw, column, vocabulary)
        except CellError as error:
            row.errors.append(Problem(str(error), sheet, row.number, column.header))
            continue
        if column.required and not value:
            row.errors.append(
                Problem(f"champ obligatoire ({column.help})", sheet, row.number, column.header)
            )
        if value is not None:
            row.values[column.field] = value


def _column_of(name: str) -> str | None:
    column: Column | None = BY_FIELD.get(name)
    return column.header if column else None


def _lengths(row: RowCheck, sheet) -> None:
    for name, limit in limits.INITIATIVE.items():
        if message := limits.problem(row.values.get(name), limit):
            row.errors.append(Problem(message, sheet, row.number, _column_of(name)))


def _add_errors(row: RowCheck, sheet, error: ValidationError) -> None:
    by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    for name, messages in by_field.items():
        for message in messages:
            row.errors.append(Problem(message, sheet, row.number, _column_of(name)))


def _rules(row: RowCheck, sheet) -> None:
    """Provenance, then everything the catalogue checks before a write (years, links…), by
    the same functions as the services: the preview announces what the import would refuse."""
    from ..services import provenance_validate

    data = row.data()
    try:
        provenance_validate(
            event=data.event, status=data.provenance_status, category=data.provenance_category
        )
        initiative_validate(data=data)
    except ValidationError as error:
        _add_errors(row, sheet, error)


def _duplicates(rows: list[RowCheck], sheet) -> None:
    find = similar_finder(include_unpublished=True, limit=3)
    first_row: dict[str, int] = {}
    for row in rows:
        key = name_key(row.title)
        if key and key in first_row:
            message = f"même titre que la ligne {first_row[key]} du fichier : un doublon\u202f?"
            row.warnings.append(Problem(message, sheet, row.number, BY_FIELD["title"].header))
        first_row.setdefault(key, row.number)
        for similar in find(row.title, str(row.values.get("porteur", ""))):
            message = (
                f"ressemble à la fiche {quoted(similar.initiative.title)} du catalogue "
                f"({similar.reason}) : vérifiez que ce n’est pas un doublon."
            )
            row.warnings.append(Problem(message, sheet, row.number))


def check_rows(table: Table, headers: Headers) -> list[RowCheck]:
    vocabulary = Vocabulary()
    checked = []
    for number, values in table.rows:
        row = RowCheck(number)
        _cells(row, values, headers, vocabulary, table.sheet)
        _lengths(row, table.sheet)
        if not row.errors:
            _rules(row, table.sheet)
        checked.append(row)
    _duplicates(checked, table.sheet)
    return checked
