"""Exports of the catalogue behind one interface (after pretix's exporters).

An exporter turns a queryset of initiatives, numbered in an edition, into bytes of one format;
the registry lists them by identifier, so the API, the site and the CLI offer the same formats
and give the same bytes. The records and the JSON document come from `cahier.opendata.records`,
never built here."""

import csv
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from django.db.models import Max, QuerySet

from cahier.catalogue.models import Initiative
from cahier.core.text import name_key
from cahier.editions.models import Edition
from cahier.opendata.records import (
    CSV_COLUMNS,
    catalogue_document_chunks,
    csv_lines,
    csv_row,
    initiative_record_chunks,
    json_chunks,
    spreadsheet_safe,
    to_json,
)
from cahier.opendata.tableschema import FIELDS, column_titles

# Bound on the part of a file name that comes from the search (words and filters).
FILENAME_SEARCH_LENGTH = 60


def export_filename(*, stem: str, extension: str, criteria: Mapping, day: date) -> str:
    """« cahier-<stem>[-<words and filters>]-<day>.<extension> », e.g.
    cahier-initiatives-bretagne-mobilite-2026-12-01.csv: two exports of different searches,
    or of different days, never overwrite each other in a Downloads folder. *criteria* are
    the search's checked values (API names, `parameters.read_mapping`), in declaration order.
    ASCII only (accents folded), cut at a word boundary, so a plain `filename=` suffices."""
    words = []
    for value in criteria.values():
        if isinstance(value, bool):  # correct_typos: no word of the search
            continue
        words += [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]
    # name_key folds accents and ligatures and turns every other sign into a space.
    search = name_key(" ".join(words)).replace(" ", "-")
    if len(search) > FILENAME_SEARCH_LENGTH:
        search = search[: FILENAME_SEARCH_LENGTH + 1].rsplit("-", 1)[0].strip("-")
    return "-".join(part for part in ("cahier", stem, search, day.isoformat()) if part) + (
        f".{extension}"
    )


class Exporter:
    """One export format. Subclasses set the attributes and implement `stream`: every format is
    written a chunk of fiches at a time and served as a streamed download (bounded memory)."""

    identifier: str = ""
    verbose_name: str = ""
    content_type: str = "application/octet-stream"
    extension: str = ""
    # Text formats can go to a terminal or a pipe; the others only to a file.
    is_text: bool = True
    # What the format holds, in French, for the API documentation (OpenAPI).
    description: str = ""
    # Its address under /api/v1/exports/ (default: initiatives.<extension>) and the shape of
    # a JSON body (OpenAPI): the catalogue document is an object, data·inclusion files arrays.
    path: str = ""
    json_shape: type = dict
    # The catalogue's own records (the columns of the TableSchema), or another schema.
    catalogue_records: bool = True
    # First words of the downloaded file's name (`export_filename`).
    stem: str = "initiatives"

    def route(self) -> str:
        return self.path or f"initiatives.{self.extension}"

    def export(self, queryset: QuerySet[Initiative], *, edition: Edition | None = None) -> bytes:
        """*queryset* (published initiatives) numbered in *edition* (default: current)."""
        return b"".join(self.stream(queryset, edition=edition))

    def stream(
        self, queryset: QuerySet[Initiative], *, edition: Edition | None = None
    ) -> Iterator[bytes]:
        """The bytes of `export`, in pieces."""
        raise NotImplementedError

    def filename(self, *, criteria: Mapping, day: date) -> str:
        return export_filename(stem=self.stem, extension=self.extension, criteria=criteria, day=day)


class JSONExporter(Exporter):
    """The open-data JSON document (`records.catalogue_document`)."""

    identifier = "json"
    verbose_name = "JSON"
    content_type = "application/json; charset=utf-8"
    extension = "json"
    description = (
        "Document `{licence, edition, initiatives, glossary, taxonomies}` ; `initiatives` a les "
        "champs de `GET /api/v1/initiatives/{slug}`."
    )

    def stream(self, queryset, *, edition=None):
        for text in catalogue_document_chunks(queryset=queryset, edition=edition):
            yield text.encode()


class CSVExporter(Exporter):
    """One row per initiative; lists joined with « | » (see the TableSchema)."""

    identifier = "csv"
    verbose_name = "CSV"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"
    description = (
        "UTF-8 avec BOM, séparateur virgule, une ligne par fiche, listes jointes par « | » ; "
        "colonnes décrites par /api/v1/exports/schema.json."
    )

    def stream(self, queryset, *, edition=None):
        # UTF-8 with BOM: spreadsheet programs then read the accents right.
        yield "\ufeff".encode()
        chunks = initiative_record_chunks(queryset=queryset, edition=edition)
        for text in csv_lines(chunks):
            yield text.encode()


class FrenchCSVExporter(Exporter):
    """The machine CSV's rows as French Excel opens them with a double click: « ; » separator
    (a comma is the decimal mark there), CRLF, UTF-8 with BOM, the TableSchema's French titles
    as header, decimals with a comma. Dates stay ISO 8601 UTC text: turned into « 01/12/2026 »
    they would be read month-first by any non-French spreadsheet and lose their time zone."""

    identifier = "csv-fr"
    verbose_name = "Tableur (CSV France)"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"
    path = "initiatives-tableur.csv"
    stem = "initiatives-tableur"
    description = (
        "Pour Excel en français : UTF-8 avec BOM, séparateur point-virgule, fins de ligne CRLF, "
        "en-têtes en français (les titres du TableSchema /api/v1/exports/schema.json), "
        "nombres décimaux à virgule ; mêmes lignes et mêmes listes que le CSV."
    )

    def stream(self, queryset, *, edition=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(column_titles())
        yield "\ufeff".encode() + buffer.getvalue().encode()
        for records in initiative_record_chunks(queryset=queryset, edition=edition):
            buffer.seek(0)
            buffer.truncate()
            for record in records:
                row = csv_row(record)
                writer.writerow([_french_cell(row[column]) for column in CSV_COLUMNS])
            yield buffer.getvalue().encode()


def _french_cell(value):
    # Only non-integers change: « 2.5 » would be a date (2 mai) or text to French Excel.
    if isinstance(value, float) and not value.is_integer():
        return str(value).replace(".", ",")
    return spreadsheet_safe(value)


class XLSXExporter(Exporter):
    """The CSV columns in a spreadsheet for people: the TableSchema's French titles as the
    (frozen, filterable) header, and a « Colonnes » sheet giving each title's machine name
    (the CSV/JSON column) and description.

    An XLSX is a zip archive, written whole before a byte of it can be sent: it is written to
    a temporary file (openpyxl's write-only mode, a chunk of fiches at a time), then sent from
    it a piece at a time, so that its memory does not grow with the catalogue."""

    identifier = "xlsx"
    verbose_name = "Excel (XLSX)"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"
    is_text = False
    description = (
        "Les colonnes du CSV, en-têtes en français (titres du TableSchema), ligne d’en-tête "
        "figée avec filtres ; la feuille « Colonnes » donne pour chaque titre le nom de la "
        "colonne du CSV et sa description."
    )

    def stream(self, queryset, *, edition=None):
        with tempfile.TemporaryDirectory(prefix="cahier-xlsx-") as directory:
            written = Path(directory) / "written.xlsx"
            dated = Path(directory) / "dated.xlsx"
            stamp = self._write(written, queryset, edition)
            _zip_with_fixed_dates(written, dated, stamp)
            written.unlink()
            with dated.open("rb") as file:
                while piece := file.read(FILE_PIECE):
                    yield piece

    def _write(self, path: Path, queryset, edition) -> datetime:
        """The workbook of *queryset* written to *path*; returns the date it carries."""
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        workbook = Workbook(write_only=True)
        # Same data, same bytes (so that the ETag holds): the file dates are the data's.
        stamp = queryset.aggregate(m=Max("updated_at"))["m"] or datetime(2019, 1, 1, tzinfo=UTC)
        stamp = stamp.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        workbook.properties.created = stamp
        sheet = workbook.create_sheet("Initiatives")
        # Write-only: the layout is declared before the rows.
        for letter, column in zip(_letters(len(CSV_COLUMNS)), CSV_COLUMNS, strict=True):
            sheet.column_dimensions[letter].width = _WIDTHS.get(column, 24)
        sheet.freeze_panes = "A2"
        bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)
        sheet.append(_cells(sheet, column_titles(), font=bold))
        rows = 1
        for records in initiative_record_chunks(queryset=queryset, edition=edition):
            for record in records:
                row = csv_row(record)
                sheet.append(_cells(sheet, [row[column] for column in CSV_COLUMNS], alignment=top))
            rows += len(records)
        sheet.auto_filter.ref = f"A1:{_letters(len(CSV_COLUMNS))[-1]}{rows}"
        _columns_sheet(workbook)
        workbook.save(path)
        return stamp


# Bytes read from the written file and sent at a time.
FILE_PIECE = 1 << 16


def _columns_sheet(workbook) -> None:
    """The sheet that maps the French headers back to the machine names (TableSchema)."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet("Colonnes")
    for letter, width in zip("ABC", (32, 30, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    sheet.append(_cells(sheet, ["Colonne", "Nom dans le CSV et le JSON", "Description"], font=bold))
    for title, column in zip(column_titles(), CSV_COLUMNS, strict=True):
        sheet.append(_cells(sheet, [title, column, FIELDS[column]["description"]], alignment=top))


def _cells(sheet, values, **style) -> list:
    """A row of write-only cells with *style* (font, alignment…); text starting with « = » is
    data here, never a formula to run."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        if cell.data_type == "f":
            cell.data_type = "s"
        cells.append(cell)
    return cells


def _zip_with_fixed_dates(source_path: Path, target_path: Path, stamp: datetime) -> None:
    """Copy the XLSX archive with every entry dated *stamp* (zip entries otherwise carry the
    time of writing), an entry at a time through a small buffer."""
    date_time = stamp.timetuple()[:6]
    with (
        zipfile.ZipFile(source_path) as source,
        zipfile.ZipFile(target_path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "docProps/core.xml":
                # openpyxl stamps « modified » with the time of saving.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    source.read(info.filename),
                )
                target.writestr(entry, content)
                continue
            with source.open(info) as reader, target.open(entry, "w") as writer:
                shutil.copyfileobj(reader, writer, FILE_PIECE)


_WIDTHS = {"number": 8, "slug": 30, "title": 40, "description": 80, "added_value": 60}


def _letters(count: int) -> Iterable[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(index) for index in range(1, count + 1)]


class DataInclusionExporter(Exporter):
    """The fiches whose project is « en cours » in the data·inclusion schema (datainclusion.py):
    services, or the structures that carry them."""

    content_type = "application/json; charset=utf-8"
    extension = "json"
    json_shape = list
    catalogue_records = False
    kind = ""

    # The services are written a chunk of fiches at a time; the structures (one per porteur,
    # read with an aggregate, not fiche by fiche) are a smaller document built whole.

    def stream(self, queryset, *, edition=None):
        from cahier.opendata import datainclusion

        if self.kind == "services":
            for text in json_chunks([], datainclusion.service_chunks(queryset)):
                yield text.encode()
        else:
            yield to_json(datainclusion.structures_document(queryset)).encode()


class DataInclusionServicesExporter(DataInclusionExporter):
    identifier = "data-inclusion-services"
    verbose_name = "data·inclusion : services"
    path = "data-inclusion/services.json"
    stem = "data-inclusion-services"
    kind = "services"
    description = (
        "Tableau de services au schéma data·inclusion (paquet `data-inclusion-schema`, "
        "modèle `Service`) : une fiche publiée dont le projet est « en cours » et qui nomme "
        "un porteur = un service ; correspondances dans docs/open-data.md."
    )


class DataInclusionStructuresExporter(DataInclusionExporter):
    identifier = "data-inclusion-structures"
    verbose_name = "data·inclusion : structures"
    path = "data-inclusion/structures.json"
    stem = "data-inclusion-structures"
    kind = "structures"
    description = (
        "Tableau de structures au schéma data·inclusion (modèle `Structure`) : les porteurs "
        "des services de data-inclusion/services.json, avec leur SIRET quand il est connu."
    )


EXPORTERS: dict[str, Exporter] = {
    exporter.identifier: exporter
    for exporter in (
        JSONExporter(),
        CSVExporter(),
        FrenchCSVExporter(),
        XLSXExporter(),
        DataInclusionServicesExporter(),
        DataInclusionStructuresExporter(),
    )
}


def exporter_get(identifier: str) -> Exporter | None:
    return EXPORTERS.get(identifier)
