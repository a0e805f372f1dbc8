"""`GET /api/v1/initiatives`: search and list (the search app's interface, see docs/search.md)."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from cahier.search.engine import SearchParameterError, SearchQuery, SearchResult, search

router = Router(tags=["Recherche"])
# Repeated query parameters (?region=a&region=b) need an explicit Query() default in ninja.
MANY = Query([])


class ErrorOut(Schema):
    detail: str


class HitOut(Schema):
    number: int | None
    slug: str
    title: str
    region: str
    porteur: str
    snippet: str
    score: float | None
    url: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class FacetsOut(Schema):
    region: list[FacetValueOut]
    keyword: list[FacetValueOut]
    public: list[FacetValueOut]
    funding: list[FacetValueOut]
    event: list[FacetValueOut]
    year: list[FacetValueOut]
    status: list[FacetValueOut]


class SearchOut(Schema):
    count: int
    results: list[HitOut]
    facets: FacetsOut
    corrected_query: str | None


def result_payload(result: SearchResult) -> dict:
    return {
        "count": result.count,
        "results": [
            {
                "number": hit.number,
                "slug": hit.slug,
                "title": hit.title,
                "region": hit.region,
                "porteur": hit.porteur,
                "snippet": hit.snippet,
                "score": hit.score,
                "url": hit.url,
            }
            for hit in result.hits
        ],
        "facets": {
            facet: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for facet, values in result.facets.items()
        },
        "corrected_query": result.corrected_query,
    }


def _ints(name: str, values: list[str]) -> list[int]:
    numbers = []
    for value in values:
        try:
            numbers.append(int(value))
        except (TypeError, ValueError):
            raise SearchParameterError(
                name,
                f"Le paramètre « {name} » doit être une année (nombre entier), pas « {value} ».",
            ) from None
    return numbers


def _int(name: str, value: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise SearchParameterError(
            name, f"Le paramètre « {name} » doit être un nombre entier, pas « {value} »."
        ) from None


def _split(values: list[str]) -> list[str]:
    """Repeated parameters (?region=a&region=b) and comma lists (?region=a,b) are both OR."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@router.get(
    "/initiatives",
    response={200: SearchOut, 400: ErrorOut},
    summary="Rechercher les initiatives",
    description=(
        "Recherche plein texte en français (accents, pluriels, sigles du glossaire, synonymes, "
        "fautes de frappe, lieux) avec facettes. Sans `q`, liste les fiches dans l'ordre du "
        "cahier. Plusieurs valeurs d'un même filtre se combinent par OU, les filtres entre eux "
        "par ET. `region`, `keyword`, `public`, `funding` prennent des identifiants (slugs) ; "
        "`event` « JITE » ou « Trophées FSE » ; `status` le statut de provenance."
    ),
)
def initiatives_search(
    request: HttpRequest,
    q: str = "",
    region: list[str] = MANY,
    keyword: list[str] = MANY,
    public: list[str] = MANY,
    funding: list[str] = MANY,
    event: list[str] = MANY,
    year: list[str] = MANY,
    status: list[str] = MANY,
    limit: str = "20",
    offset: str = "0",
):
    try:
        query = SearchQuery(
            q=q,
            region=_split(region),
            keyword=_split(keyword),
            public=_split(public),
            funding=_split(funding),
            event=_split(event),
            year=_ints("year", _split(year)),
            status=_split(status),
            limit=_int("limit", limit, 20),
            offset=_int("offset", offset, 0),
        )
        return Status(200, result_payload(search(query)))
    except SearchParameterError as error:
        return Status(400, {"detail": str(error)})
