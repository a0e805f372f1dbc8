"""`/api/v1/exports/…`: the catalogue (or the results of a search) as CSV, JSON or XLSX, and
the TableSchema of the CSV. Same filter parameters as `GET /api/v1/initiatives`; same exporters,
hence same bytes, as `cahier export`."""

import json

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema

from cahier.api.http import (
    api_error,
    catalogue_last_modified,
    conditional_response,
    streamed_response,
)
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
        criteria = parameters.read_mapping(filters.dict(), parameters.CRITERIA)
        queryset = initiatives_matching(SearchQuery(**criteria))
    except SearchParameterError as error:
        return api_error(request, str(error))
    headers = {
        # ASCII by construction (export_filename), so no RFC 5987 filename* is needed.
        "Content-Disposition": f'attachment; filename="{exporter.filename(criteria=criteria, day=timezone.localdate())}"',
        "Link": f'<{LICENCE["url"]}>; rel="license"',
    }
    # Written a chunk of fiches at a time: bounded memory whatever the catalogue's size.
    return streamed_response(
        request,
        lambda: exporter.stream(queryset),
        content_type=exporter.content_type,
        last_modified=catalogue_last_modified(),
        headers=headers,
    )


def _describe(exporter) -> str:
    if not exporter.catalogue_records:  # another schema than the catalogue's own records
        return (
            f"{exporter.description} Mêmes filtres que l’export JSON ; les mêmes octets que "
            f"`cahier export --format {exporter.identifier}` ; licence Etalab 2.0."
        )
    return (
        f"Les fiches publiées (toutes, ou celles que les filtres retiennent) en "
        f"{exporter.verbose_name}, numérotées dans l’édition courante (fiches hors édition "
        f"en dernier), sous licence Etalab 2.0 ; les mêmes octets que "
        f"`cahier export --format {exporter.identifier}`. Chaque fiche porte son identifiant "
        f"permanent `id`. {exporter.description}"
    )


def _add_route(identifier: str) -> None:
    """`/initiatives.<extension>` (or the exporter's own `path`) for one exporter of the
    registry: a format added to EXPORTERS is served here, documented, with nothing else to
    write."""
    exporter = EXPORTERS[identifier]
    is_json = exporter.content_type.startswith("application/json")

    def export(request, filters: Query[Filters]):
        return _export(request, identifier, filters)

    router.api_operation(
        READ,
        f"/{exporter.route()}",
        response={200: exporter.json_shape if is_json else str, 304: None, 400: Error},
        summary=f"Export {exporter.verbose_name if exporter.path else identifier.upper()}",
        description=_describe(exporter),
        operation_id=f"cahier_opendata_api_export_{identifier.replace('-', '_')}",
        url_name=f"export_{identifier}",
        openapi_extra=None
        if is_json
        else {"responses": {200: {"content": {exporter.content_type.split(";")[0]: {}}}}},
    )(export)


for _identifier in EXPORTERS:
    _add_route(_identifier)


@router.api_operation(
    READ,
    "/schema.json",
    response={200: dict, 304: None},
    summary="TableSchema de l’export CSV",
    description="Description des colonnes du CSV (format TableSchema, schema.data.gouv.fr).",
)
def schema(request):
    body = json.dumps(table_schema(), ensure_ascii=False, indent=2).encode()
    return conditional_response(request, body)
