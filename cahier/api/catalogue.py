"""Read API for one initiative, taxonomies, regions, glossary, editions (the exports live in
`cahier.opendata.api`). Every answer supports conditional GET (ETag / Last-Modified, see http.py)."""

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from cahier.catalogue.models import (
    Funding,
    GlossaryTerm,
    Keyword,
    PublicType,
    Region,
)
from cahier.editions.document import edition_document
from cahier.editions.models import Edition
from cahier.editions.selectors import editions_public
from cahier.opendata.records import initiative_published, initiative_record
from cahier.opendata.schemas import InitiativeRecord

from .http import api_error, catalogue_last_modified, conditional_response, json_response

# HEAD as well as GET: reusers check ETag and size with `curl -I`.
READ = ["GET", "HEAD"]

router = Router(tags=["Catalogue"])

MAX_LIMIT = 1000


class Pagination(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"Nombre d’éléments (1 à {MAX_LIMIT}).")
    offset: int = Field(0, ge=0, le=1_000_000, description="Rang du premier élément (0 = début).")


class Error(Schema):
    detail: str


class Term(Schema):
    slug: str
    label: str
    position: int
    count: int = Field(description="Nombre de fiches publiées.")


class TermPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[Term]


class RegionOut(Schema):
    slug: str
    name: str
    insee_code: str
    is_overseas: bool
    is_national: bool
    count: int = Field(description="Nombre de fiches publiées.")


class RegionPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[RegionOut]


class GlossaryOut(Schema):
    acronym: str
    definition: str


class GlossaryPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[GlossaryOut]


class EditionOut(Schema):
    slug: str
    year: int
    title: str
    subtitle: str
    published_at: datetime | None
    fiche_count: int
    pdf_url: str = Field(description="Le cahier imprimable (PDF).")


class EditionPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[EditionOut]


class EditionFiche(Schema):
    number: int
    slug: str
    title: str
    list_title: str = Field(description="Titre dans la liste des fiches, s’il diffère.")
    region: str
    url: str
    record: InitiativeRecord = Field(
        description="La fiche telle que cette édition l’imprime : pour une édition publiée, "
        "l’instantané pris à la publication, que les modifications ultérieures de la fiche "
        "ne changent pas."
    )


class EditionDetail(EditionOut):
    edito: str
    edito_signature: str
    fiches: list[EditionFiche]


def _page(request, items: list, pagination: Pagination) -> HttpResponse:
    start, stop = pagination.offset, pagination.offset + pagination.limit
    data = {
        "count": len(items),
        "limit": pagination.limit,
        "offset": pagination.offset,
        "results": items[start:stop],
    }
    return json_response(request, data, last_modified=catalogue_last_modified())


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


NOT_MODIFIED = {304: None}
# Malformed `limit` / `offset` (api.validation_error), documented where a route reads them.
BAD_PARAMETERS = {400: Error}


@router.api_operation(
    READ,
    "/initiatives/{slug}",
    response={200: InitiativeRecord, 404: Error, **NOT_MODIFIED},
    summary="Une initiative (fiche complète)",
)
def initiative_detail(request, slug: str):
    """La fiche publiée dont *slug* est l'identifiant d'adresse (`slug`) ou l'identifiant
    permanent (`id`), telle que l'export ouvert la donne."""
    initiative = initiative_published(slug)
    if initiative is None:
        return api_error(request, f"Aucune fiche publiée « {slug} ».", status=404)
    return json_response(request, initiative_record(initiative), initiative.updated_at)


def _terms(request, model, pagination: Pagination):
    published = Q(initiatives__status="published")
    terms = model.objects.annotate(n=Count("initiatives", filter=published)).order_by(
        "position", "label"
    )
    items = [
        {"slug": t.slug, "label": t.label, "position": t.position, "count": t.n} for t in terms
    ]
    return _page(request, items, pagination)


@router.api_operation(
    READ,
    "/keywords",
    response={200: TermPage, **BAD_PARAMETERS, **NOT_MODIFIED},
    summary="Mots-clés",
)
def keywords(request, pagination: Query[Pagination]):
    """Les mots-clés des « Repères pour la recherche », avec le nombre de fiches publiées."""
    return _terms(request, Keyword, pagination)


@router.api_operation(
    READ,
    "/publics",
    response={200: TermPage, **BAD_PARAMETERS, **NOT_MODIFIED},
    summary="Types de public visé",
)
def publics(request, pagination: Query[Pagination]):
    return _terms(request, PublicType, pagination)


@router.api_operation(
    READ,
    "/fundings",
    response={200: TermPage, **BAD_PARAMETERS, **NOT_MODIFIED},
    summary="Financements spécifiques",
)
def fundings(request, pagination: Query[Pagination]):
    return _terms(request, Funding, pagination)


@router.api_operation(
    READ,
    "/regions",
    response={200: RegionPage, **BAD_PARAMETERS, **NOT_MODIFIED},
    summary="Régions",
)
def regions(request, pagination: Query[Pagination]):
    """Les 18 régions et « National », dans l'ordre officiel, avec le nombre de fiches."""
    published = Q(initiatives__status="published")
    items = [
        {
            "slug": r.slug,
            "name": r.name,
            "insee_code": r.insee_code,
            "is_overseas": r.is_overseas,
            "is_national": r.is_national,
            "count": r.n,
        }
        for r in Region.objects.annotate(n=Count("initiatives", filter=published))
    ]
    return _page(request, items, pagination)


@router.api_operation(
    READ,
    "/glossary",
    response={200: GlossaryPage, **BAD_PARAMETERS, **NOT_MODIFIED},
    summary="Glossaire",
)
def glossary(request, pagination: Query[Pagination]):
    """Les sigles du glossaire et leur définition, par ordre alphabétique."""
    items = [
        {"acronym": t.acronym, "definition": t.definition}
        for t in GlossaryTerm.objects.order_by("acronym")
    ]
    return _page(request, items, pagination)


def _edition_out(request, edition: Edition) -> dict:
    return {
        "slug": edition.slug,
        "year": edition.year,
        "title": edition.title,
        "subtitle": edition.subtitle,
        "published_at": edition.published_at.isoformat() if edition.published_at else None,
        "fiche_count": edition.entries.count(),
        "pdf_url": _absolute(request, reverse("editions:pdf", args=[edition.slug])),
    }


@router.api_operation(
    READ,
    "/editions",
    response={200: EditionPage, **BAD_PARAMETERS, **NOT_MODIFIED},
    summary="Éditions",
)
def editions(request, pagination: Query[Pagination]):
    """Les éditions publiées du cahier, de la plus récente à la plus ancienne."""
    items = [_edition_out(request, edition) for edition in editions_public()]
    return _page(request, items, pagination)


@router.api_operation(
    READ,
    "/editions/{slug}",
    response={200: EditionDetail, 404: Error, **NOT_MODIFIED},
    summary="Une édition et sa liste des fiches",
)
def edition_detail(request, slug: str):
    edition = editions_public().filter(slug=slug).first()
    if edition is None:
        return api_error(request, f"Aucune édition publiée « {slug} ».", status=404)
    data = _edition_out(request, edition)
    data["edito"] = edition.edito
    data["edito_signature"] = edition.edito_signature
    document = edition_document(edition)
    # A published edition is frozen: it lists its fiches as printed, even one since taken
    # back to draft (only an edition without snapshot follows the catalogue).
    data["fiches"] = [
        {
            "number": fiche.number,
            "slug": fiche.slug,
            "title": fiche.title,
            "list_title": fiche.list_title or "",
            "region": fiche.region.name,
            "url": _absolute(request, fiche.get_absolute_url()),
            "record": fiche.record,
        }
        for fiche in document.initiatives
        if document.frozen or fiche.status == "published"
    ]
    return json_response(request, data, last_modified=catalogue_last_modified())


@router.api_operation(
    READ,
    "/changelog",
    response={200: str, **NOT_MODIFIED},
    summary="Journal des changements",
    openapi_extra={"responses": {200: {"content": {"text/markdown": {}}}}},
)
def changelog(request):
    """Les évolutions de l'API (Markdown)."""
    return conditional_response(request, changelog_text().encode(), "text/markdown; charset=utf-8")


def changelog_text() -> str:
    """docs/api-changelog.md, served as is and summarised on the landing page (`## 1.5.0 — …`)."""
    path = settings.BASE_DIR / "docs" / "api-changelog.md"
    return path.read_text(encoding="utf-8") if path.exists() else "# Journal des changements\n"
