"""The template a regional team fills: an XLSX workbook (sheet « Initiatives » with the headers
of columns.COLUMNS and drop-down lists of the catalogue's current labels, an « Instructions »
sheet, the lists on a sheet of their own) and the same headers as CSV. Built from the
catalogue's tables at each download, so the lists are never out of date."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from cahier.core import limits

from .columns import COLUMNS, MULTIPLE, SHEET_TITLE, Column
from .vocabulary import Vocabulary

LISTS_TITLE = "Listes"
INSTRUCTIONS_TITLE = "Instructions"
REQUIRED_FILL = PatternFill("solid", fgColor="E3E3FD")  # DSFR blue-france-950
OPTIONAL_FILL = PatternFill("solid", fgColor="EEEEEE")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INTRODUCTION = (
    "Une ligne par initiative, sur la feuille « Initiatives », sous la ligne des en-têtes "
    "(ne la modifiez pas). Les colonnes sur fond bleu sont obligatoires. Les listes "
    "déroulantes proposent les libellés du catalogue ; pour plusieurs valeurs dans une "
    "cellule, une par ligne (Alt+Entrée) ou séparées par « ; ». Une cellule ne commence pas "
    "par « = » : les formules ne sont pas importées. Au plus "
    f"{limits.number(limits.SPREADSHEET_MAX_ROWS)} initiatives par fichier."
)


def _lists_sheet(workbook, vocabulary: Vocabulary) -> dict[str, str]:
    """Each vocabulary in a column of the « Listes » sheet; the range each validation uses."""
    sheet = workbook.create_sheet(LISTS_TITLE)
    ranges = {}
    names = [c.vocabulary for c in COLUMNS if c.vocabulary]
    for position, name in enumerate(dict.fromkeys(names), start=1):
        column = next(c for c in COLUMNS if c.vocabulary == name)
        letter = get_column_letter(position)
        sheet.cell(row=1, column=position, value=column.header).font = Font(bold=True)
        labels = vocabulary.labels(name)
        for row, label in enumerate(labels, start=2):
            sheet.cell(row=row, column=position, value=label)
        sheet.column_dimensions[letter].width = 40
        last = max(len(labels) + 1, 2)
        ranges[name] = f"{quote_sheetname(LISTS_TITLE)}!${letter}$2:${letter}${last}"
    return ranges


def _validation(column: Column, formula: str) -> DataValidation:
    # A single choice must come from the list; a multiple one offers the list and accepts
    # « A ; B » (the import checks each label and suggests the closest known one).
    single = column.kind not in MULTIPLE
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=single,
        errorTitle=column.header,
        error=f"Choisissez une valeur de la liste « {column.header} ».",
        showInputMessage=True,
        promptTitle=column.header[:32],
        prompt=column.help[:255],
    )


def _data_sheet(sheet, ranges: dict[str, str]) -> None:
    sheet.title = SHEET_TITLE
    last_row = limits.SPREADSHEET_MAX_ROWS + 1
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        if column.vocabulary:
            validation = _validation(column, ranges[column.vocabulary])
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
    sheet.freeze_panes = "B2"


def _instructions(workbook) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_TITLE, 0)
    sheet.append(["Importer des initiatives dans le cahier"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([INTRODUCTION])
    sheet.merge_cells("A2:D2")
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 90
    sheet.append([])
    sheet.append(["Colonne", "Obligatoire", "Ce qu’elle contient", "Exemple"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append([column.header, "oui" if column.required else "", column.help, column.example])
    for letter, width in zip("ABCD", (28, 12, 80, 45), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def template_xlsx() -> bytes:
    workbook = Workbook()
    ranges = _lists_sheet(workbook, Vocabulary())
    _data_sheet(workbook.active, ranges)
    _instructions(workbook)
    workbook.active = workbook.sheetnames.index(SHEET_TITLE)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """The headers, separated by « ; » and with a BOM: what a French Excel opens as columns."""
    return ("\ufeff" + ";".join(column.header for column in COLUMNS) + "\r\n").encode("utf-8")
