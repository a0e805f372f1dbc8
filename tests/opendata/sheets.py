"""Reading an XLSX export back as a reuser does: the header row holds the French titles, the
« Colonnes » sheet maps each title to its machine name (the CSV/JSON column)."""

import io

from openpyxl import load_workbook


def xlsx_cells(content: bytes) -> list[dict]:
    """One dict per fiche, machine column name → openpyxl cell (value and data_type)."""
    workbook = load_workbook(io.BytesIO(content))
    names = dict(workbook["Colonnes"].iter_rows(min_row=2, max_col=2, values_only=True))
    header, *rows = workbook["Initiatives"].iter_rows()
    columns = [names[cell.value] for cell in header]
    return [dict(zip(columns, row, strict=True)) for row in rows]


def xlsx_rows(content: bytes) -> list[dict]:
    """One dict per fiche, machine column name → value."""
    return [{name: cell.value for name, cell in row.items()} for row in xlsx_cells(content)]
