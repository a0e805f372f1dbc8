"""Exports of the catalogue behind one interface (after pretix's exporters).

An exporter turns a queryset of initiatives into bytes of one format; the registry lists them by
identifier, so the API, the site and the CLI offer the same formats. The field mapping is the
catalogue's open-data record (`cahier.opendata.records`), never repeated here."""

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db.models import Max, QuerySet

from cahier.catalogue.models import Funding, GlossaryTerm, Initiative, Keyword, PublicType
from cahier.editions.selectors import edition_current
from cahier.opendata.records import (
    CSV_COLUMNS,
    catalogue_initiatives,
    csv_row,
    edition_record,
    initiative_record,
    to_csv,
    to_json,
)

LICENCE = {
    "name": "Licence Ouverte / Open Licence version 2.0",
    "id": "etalab-2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def export_records(queryset: QuerySet[Initiative]) -> list[dict]:
    """Open-data records of *queryset*, numbered in the current edition, in fiche order."""
    return [initiative_record(initiative) for initiative in catalogue_initiatives(None, queryset)]


def taxonomies_record() -> dict:
    """The index tables with their order, so that a loaded export sorts its labels the same."""
    return {
        name: [
            {"label": term.label, "slug": term.slug, "position": term.position}
            for term in model.objects.order_by("position", "label")
        ]
        for name, model in (("keywords", Keyword), ("publics", PublicType), ("fundings", Funding))
    }


class Exporter:
    """One export format. Subclasses set the four attributes and implement `export`."""

    identifier: str = ""
    verbose_name: str = ""
    content_type: str = "application/octet-stream"
    extension: str = ""

    def export(self, queryset: QuerySet[Initiative]) -> bytes:
        raise NotImplementedError

    def filename(self, stem: str = "initiatives") -> str:
        return f"{stem}.{self.extension}"


class JSONExporter(Exporter):
    """The open-data JSON document (same shape as `cahier export --format json`), plus the
    licence and the index tables."""

    identifier = "json"
    verbose_name = "JSON"
    content_type = "application/json; charset=utf-8"
    extension = "json"

    def document(self, queryset: QuerySet[Initiative]) -> dict:
        return {
            "licence": LICENCE,
            "edition": edition_record(edition_current()),
            "initiatives": export_records(queryset),
            "glossary": [
                {"acronym": term.acronym, "definition": term.definition}
                for term in GlossaryTerm.objects.order_by("acronym")
            ],
            "taxonomies": taxonomies_record(),
        }

    def export(self, queryset):
        return to_json(self.document(queryset)).encode()


class CSVExporter(Exporter):
    """One row per initiative; lists joined with « | » (see the TableSchema)."""

    identifier = "csv"
    verbose_name = "CSV"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def export(self, queryset):
        # UTF-8 with BOM: spreadsheet programs then read the accents right.
        return "\ufeff".encode() + to_csv(export_records(queryset)).encode()


class XLSXExporter(Exporter):
    """The CSV columns in a spreadsheet (header row frozen, filters on)."""

    identifier = "xlsx"
    verbose_name = "Excel (XLSX)"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def export(self, queryset):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        workbook = Workbook()
        # Same data, same bytes (so that the ETag holds): the file dates are the data's.
        stamp = queryset.aggregate(m=Max("updated_at"))["m"] or datetime(2019, 1, 1, tzinfo=UTC)
        stamp = stamp.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        workbook.properties.created = stamp
        sheet = workbook.active
        sheet.title = "Initiatives"
        sheet.append(CSV_COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for record in export_records(queryset):
            row = csv_row(record)
            sheet.append([row[column] for column in CSV_COLUMNS])
        for letter, column in zip(_letters(len(CSV_COLUMNS)), CSV_COLUMNS, strict=True):
            sheet.column_dimensions[letter].width = _WIDTHS.get(column, 24)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                if cell.data_type == "f":
                    # Text starting with « = » is data here, never a formula to run.
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        buffer = io.BytesIO()
        workbook.save(buffer)
        return _zip_with_fixed_dates(buffer.getvalue(), stamp)


def _zip_with_fixed_dates(data: bytes, stamp: datetime) -> bytes:
    """Rewrite the XLSX archive with every entry dated *stamp* (zip entries otherwise carry
    the time of writing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    date_time = stamp.timetuple()[:6]
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps « modified » with the time of saving.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    content,
                )
            target.writestr(entry, content)
    return output.getvalue()


_WIDTHS = {"number": 8, "slug": 30, "title": 40, "description": 80, "added_value": 60}


def _letters(count: int) -> Iterable[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(index) for index in range(1, count + 1)]


EXPORTERS: dict[str, Exporter] = {
    exporter.identifier: exporter for exporter in (JSONExporter(), CSVExporter(), XLSXExporter())
}


def exporter_get(identifier: str) -> Exporter | None:
    return EXPORTERS.get(identifier)
