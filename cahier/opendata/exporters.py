"""Exports of the catalogue behind one interface (after pretix's exporters).

An exporter turns a queryset of initiatives, numbered in an edition, into bytes of one format;
the registry lists them by identifier, so the API, the site and the CLI offer the same formats
and give the same bytes. The records and the JSON document come from `cahier.opendata.records`,
never built here."""

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db.models import Max, QuerySet

from cahier.catalogue.models import Initiative
from cahier.editions.models import Edition
from cahier.opendata.records import (
    CSV_COLUMNS,
    catalogue_document,
    csv_row,
    initiative_records,
    to_csv,
    to_json,
)


class Exporter:
    """One export format. Subclasses set the attributes and implement `export`."""

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

    def route(self) -> str:
        return self.path or f"initiatives.{self.extension}"

    def export(self, queryset: QuerySet[Initiative], *, edition: Edition | None = None) -> bytes:
        """*queryset* (published initiatives) numbered in *edition* (default: current)."""
        raise NotImplementedError

    def filename(self, stem: str = "initiatives") -> str:
        return f"{stem}.{self.extension}"


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

    def export(self, queryset, *, edition=None):
        return to_json(catalogue_document(queryset=queryset, edition=edition)).encode()


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

    def export(self, queryset, *, edition=None):
        # UTF-8 with BOM: spreadsheet programs then read the accents right.
        records = initiative_records(queryset=queryset, edition=edition)
        return "\ufeff".encode() + to_csv(records).encode()


class XLSXExporter(Exporter):
    """The CSV columns in a spreadsheet (header row frozen, filters on)."""

    identifier = "xlsx"
    verbose_name = "Excel (XLSX)"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"
    is_text = False
    description = "Les colonnes du CSV, ligne d'en-tête figée avec filtres."

    def export(self, queryset, *, edition=None):
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
        for record in initiative_records(queryset=queryset, edition=edition):
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


class DataInclusionExporter(Exporter):
    """The fiches whose project is « en cours » in the data·inclusion schema (datainclusion.py):
    services, or the structures that carry them."""

    content_type = "application/json; charset=utf-8"
    extension = "json"
    json_shape = list
    kind = ""

    def export(self, queryset, *, edition=None):
        from cahier.opendata import datainclusion

        if self.kind == "services":
            document = datainclusion.services_document(queryset)
        else:
            document = datainclusion.structures_document(queryset)
        return to_json(document).encode()

    def filename(self, stem: str = "initiatives") -> str:
        return f"{self.identifier}.json"


class DataInclusionServicesExporter(DataInclusionExporter):
    identifier = "data-inclusion-services"
    verbose_name = "data·inclusion : services"
    path = "data-inclusion/services.json"
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
        XLSXExporter(),
        DataInclusionServicesExporter(),
        DataInclusionStructuresExporter(),
    )
}


def exporter_get(identifier: str) -> Exporter | None:
    return EXPORTERS.get(identifier)
