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
    partial: bool = Field(
        description="Résultat partiel : la fiche ne contient qu’une partie de la recherche ; "
        "les résultats partiels viennent après les `count_relevant` résultats pertinents, "
        "quel que soit le tri."
    )


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


class UnderstoodFilterOut(Schema):
    parameter: str = Field(description="Nom du paramètre de filtre (`event`, `year`, `status`…).")
    value: str = Field(description="Valeur à lui donner.")


class UnderstoodOut(Schema):
    label: str = Field(description="Libellé de l’offre, ex. « Filtrer : JITE 2019 ».")
    filters: list[UnderstoodFilterOut] = Field(
        description="Filtres à ajouter à la recherche (même paramètre répété : OU, comme "
        "`?region=a&region=b` ; paramètres différents : ET), en gardant `q`."
    )
    count: int = Field(description="Nombre de résultats de cette recherche qui ont la valeur.")


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
    count: int = Field(
        description="Nombre de fiches trouvées (pertinentes et partielles) : celles que les "
        "facettes comptent et que les exports contiennent."
    )
    count_relevant: int = Field(
        description="Nombre de résultats pertinents, listés en premier : les concepts de la "
        "recherche qu’ils contiennent pèsent (selon leur rareté) au moins la moitié de la "
        "recherche, ou autant qu’un concept rare. Égal à `count` sans mots ou pour un seul mot."
    )
    count_all: int = Field(
        description="Nombre de fiches qui contiennent tous les concepts de la recherche (lieux "
        "mis à part)."
    )
    results: list[HitOut]
    facets: FacetsOut
    corrected_query: str | None
    understood: list[UnderstoodOut] = Field(
        description="Valeurs du catalogue nommées par `q` (événement et année, statut, "
        "mot-clé, public, financement, région d’un lieu…), proposées comme filtres : elles "
        "classent en tête les fiches qui les portent, sans rien filtrer ; absentes quand le "
        "filtre est déjà appliqué ou qu’aucun résultat ne les porte."
    )
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
        "**un** des mots cherchés (OU) ; les résultats pertinents (`count_relevant`) viennent "
        "d’abord, puis les résultats partiels (`partial`), chaque groupe classé par pertinence "
        "ou selon `sort`. Sans `q`, liste les fiches dans l’ordre du cahier. Plusieurs valeurs d’un même "
        "filtre se combinent par OU, les filtres entre eux par ET. `sort` choisit l’ordre, "
        "valable sur toutes les pages. Les valeurs du catalogue nommées dans `q` (« JITE "
        "2019 », « retenus », un mot-clé…) classent en tête les fiches qui les portent et sont "
        "proposées dans `understood` comme filtres à ajouter, jamais appliquées d’office. Un "
        "paramètre invalide donne 400 avec un message qui le nomme."
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
