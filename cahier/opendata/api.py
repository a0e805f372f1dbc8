"""`/api/v1/exports/…`: the catalogue (or the results of a search) as CSV, JSON or XLSX, and
the TableSchema of the CSV. Same filter parameters as `GET /api/v1/initiatives`; same exporters,
hence same bytes, as `cahier export`."""

import json

from django.http import HttpResponse
from ninja import Query, Router, Schema

from cahier.api.http import api_error, catalogue_last_modified, conditional_response
from cahier.opendata.exporters import EXPORTERS
from cahier.opendata.records import LICENCE
from cahier.opendata.tableschema import table_schema
from cahier.search import parameters
from cahier.search.parameters import SearchParameterError, SearchQuery
from cahier.search.selectors import initiatives_matching

# HEAD as well as GET: reusers check ETag and size with `curl -I`.
READ = ["GET", "HEAD"]

router = Router(tags=["Exports"])


class Error(Schema):
    detail: str


# The search's words and filters (no sort, no paging: an export is every fiche found, in
# fiche order), documented in OpenAPI from their declarations.
Filters = parameters.api_schema("Filters", parameters.CRITERIA)


def _export(request, identifier: str, filters: Filters) -> HttpResponse:
    exporter = EXPORTERS[identifier]
    try:
        query = SearchQuery(**parameters.read_mapping(filters.dict(), parameters.CRITERIA))
        queryset = initiatives_matching(query)
    except SearchParameterError as error:
        return api_error(request, str(error))
    return conditional_response(
        request,
        exporter.export(queryset),
        content_type=exporter.content_type,
        last_modified=catalogue_last_modified(),
        headers={
            "Content-Disposition": f'attachment; filename="{exporter.filename()}"',
            "Link": f'<{LICENCE["url"]}>; rel="license"',
        },
    )


def _describe(identifier: str) -> str:
    exporter = EXPORTERS[identifier]
    return (
        f"Les fiches publiées (toutes, ou celles que les filtres retiennent) en "
        f"{exporter.verbose_name}, numérotées dans l'édition courante (fiches hors édition "
        f"en dernier), sous licence Etalab 2.0 ; les mêmes octets que "
        f"`cahier export --format {identifier}`. Chaque fiche porte son identifiant permanent "
        f"`id`."
    )


@router.api_operation(
    READ,
    "/initiatives.csv",
    response={200: str, 304: None, 400: Error},
    summary="Export CSV",
    description=_describe("csv")
    + " UTF-8 avec BOM, séparateur virgule, une ligne par fiche, listes jointes par « | » ;"
    + " colonnes décrites par /api/v1/exports/schema.json.",
    openapi_extra={"responses": {200: {"content": {"text/csv": {}}}}},
)
def export_csv(request, filters: Query[Filters]):
    return _export(request, "csv", filters)


@router.api_operation(
    READ,
    "/initiatives.json",
    response={200: dict, 304: None, 400: Error},
    summary="Export JSON",
    description=_describe("json")
    + " Document `{licence, edition, initiatives, glossary, taxonomies}` ; `initiatives` a les"
    + " champs de `GET /api/v1/initiatives/{slug}`.",
)
def export_json(request, filters: Query[Filters]):
    return _export(request, "json", filters)


@router.api_operation(
    READ,
    "/initiatives.xlsx",
    response={200: str, 304: None, 400: Error},
    summary="Export XLSX",
    description=_describe("xlsx") + " Les colonnes du CSV, ligne d'en-tête figée avec filtres.",
    openapi_extra={"responses": {200: {"content": {EXPORTERS["xlsx"].content_type: {}}}}},
)
def export_xlsx(request, filters: Query[Filters]):
    return _export(request, "xlsx", filters)


@router.api_operation(
    READ,
    "/schema.json",
    response={200: dict, 304: None},
    summary="TableSchema de l'export CSV",
    description="Description des colonnes du CSV (format TableSchema, schema.data.gouv.fr).",
)
def schema(request):
    body = json.dumps(table_schema(), ensure_ascii=False, indent=2).encode()
    return conditional_response(request, body)
