"""`GET /api/v1/initiatives`: search and list (the search app's interface, see docs/search.md)."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from cahier.search import parameters
from cahier.search.engine import SearchParameterError, SearchQuery, search
from cahier.search.enums import RecoveryKind
from cahier.search.payload import result_payload

from .http import catalogue_last_modified, json_response

router = Router(tags=["Recherche"])
# Every parameter of the API surface, documented in OpenAPI from its declaration.
SearchParameters = parameters.api_schema("SearchParameters", parameters.surface(parameters.API))


class ErrorOut(Schema):
    detail: str


class HighlightOut(Schema):
    start: int = Field(description="Position du premier caractère du mot trouvé dans `snippet`.")
    end: int = Field(description="Position qui suit son dernier caractère (tranche [start, end[).")


class HitOut(Schema):
    number: int | None
    slug: str
    title: str
    region: str
    porteur: str
    snippet: str = Field(
        description="Extrait de la fiche en texte brut (ni balise ni entité HTML : échappez-le "
        "à l’affichage) ; les mots trouvés sont dans `highlights`."
    )
    highlights: list[HighlightOut] = Field(
        description="Les mots trouvés dans `snippet`, en positions de caractères (points de "
        "code Unicode), dans l’ordre."
    )
    snippet_html: str = Field(
        description="Le même extrait en HTML sûr : texte échappé, mots trouvés entre <mark>."
    )
    score: float | None
    url: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


# One list of values per facet of parameters.py.
FacetsOut = create_model(
    "FacetsOut",
    __base__=Schema,
    **{parameter.name: (list[FacetValueOut], ...) for parameter in parameters.FILTERS},
)


class RecoveryOut(Schema):
    kind: RecoveryKind = Field(
        description="`correction` : faute de frappe corrigée (appliquée) ; `famille` : mot "
        "absent des fiches cherché avec les mots de sa famille (appliqué) ; `lieux-voisins` : "
        "lieu sans fiche, résultats des autres régions de son groupe (appliqué) ; "
        "`suggestion` : mot correct absent des fiches, une variante proche est seulement "
        "proposée (« Vouliez-vous dire »), pas appliquée."
    )
    from_: str = Field(alias="from", description="Le mot ou le lieu tapé.")
    to: list[str] = Field(description="Ce qui a été cherché à sa place, ou qui est proposé.")
    applied: bool = Field(description="Les résultats en tiennent-ils déjà compte ?")
    label: str = Field(description="La phrase montrée au lecteur, en français.")
    q: str = Field(
        description="L’autre recherche : les mots tels que tapés (si `applied`), sinon les mots "
        "proposés."
    )
    url: str = Field(
        description="La requête de l’API pour l’autre recherche (mêmes filtres ; "
        "`correct_typos=non` quand `applied`)."
    )


class SearchOut(Schema):
    count: int
    results: list[HitOut]
    facets: FacetsOut
    corrected_query: str | None
    recoveries: list[RecoveryOut] = Field(
        description="Ce que la recherche a fait des mots absents des fiches, dans l’ordre de la "
        "requête (voir docs/search.md, « Fautes de frappe »)."
    )


@router.get(
    "/initiatives",
    response={200: SearchOut, 400: ErrorOut},
    by_alias=True,  # the schema says "from", as the body does (RecoveryOut)
    summary="Rechercher les initiatives",
    description=(
        "Recherche plein texte en français (accents, pluriels, sigles du glossaire, synonymes, "
        "fautes de frappe, lieux) avec facettes. Une fiche est un résultat dès qu’elle contient "
        "**un** des mots cherchés (OU) ; le classement met en tête celles qui en couvrent le "
        "plus. Sans `q`, liste les fiches dans l’ordre du cahier. Plusieurs valeurs d’un même "
        "filtre se combinent par OU, les filtres entre eux par ET. `sort` choisit l’ordre, "
        "valable sur toutes les pages. Un paramètre invalide donne 400 avec un message qui le "
        "nomme."
    ),
)
def initiatives_search(request: HttpRequest, options: Query[SearchParameters]):
    try:
        query = SearchQuery(**parameters.read_mapping(options.dict()))
        payload = SearchOut.model_validate(result_payload(search(query)))
    except SearchParameterError as error:
        return Status(400, {"detail": str(error)})
    # Like every other answer of the API: ETag, Last-Modified, 304 (http.py).
    data = payload.model_dump(mode="json", by_alias=True)
    return json_response(request, data, last_modified=catalogue_last_modified())
