"""Every search parameter, declared once.

A `Parameter` has its name in the API, in `cahier search` / `cahier export` and in
`SearchQuery` (`name`), its name in the French site URL (`site`: `?annee=2018&mot_cle=…`), its
label, its description (OpenAPI, `--help`), its type and its check. The search API and the
exports (their OpenAPI included), the site's form and URLs, both commands and the engine read
their parameters from here: a new filter is one more `Parameter` below (and its facet in
facets.py). See docs/search.md."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .enums import Sort

API = "api"  # the API, the commands and SearchQuery
SITE = "site"  # the public site's URLs
CLI = "cli"  # in messages only: the commands' options are the API names, as --region

MAX_LIMIT = 100
MAX_QUERY_LENGTH = 500

TEXT, SLUG, YEAR, INTEGER, ORDER = "text", "slug", "year", "integer", "order"
BOOLEAN = "boolean"
_YES, _NO = ("oui", "true", "1"), ("non", "false", "0")

_MANY = (
    " Plusieurs valeurs (paramètre répété, ou valeurs séparées par des virgules) se combinent "
    "par OU ; des filtres différents, par ET."
)


class SearchParameterError(ValueError):
    """A parameter the search cannot use. `parameter` is its API name; `message(spelling)`
    names it as the person wrote it (`annee` on the site, `year` in the API)."""

    def __init__(self, parameter: str, template: str, **values):
        self.parameter = parameter
        self.template = template
        self.values = values
        super().__init__(self.message())

    def message(self, spelling: str = API) -> str:
        declared = PARAMETERS.get(self.parameter)
        name = declared.spelled(spelling) if declared else self.parameter
        return self.template.format(name=name, **self.values)


@dataclass(frozen=True)
class Parameter:
    name: str  # API, commands, SearchQuery field
    site: str  # French site URL
    label: str  # French, capitalised: facet title, form label
    noun: str  # French, in error messages: « Valeur inconnue pour … (mot-clé) »
    description: str  # OpenAPI and --help
    kind: str = SLUG
    many: bool = False
    facet: bool = False
    surfaces: frozenset[str] = frozenset({API, SITE})
    minimum: int | None = None
    maximum: int | None = None

    def spelled(self, spelling: str) -> str:
        if spelling == CLI:
            return f"--{self.name}"
        return self.site if spelling == SITE else self.name

    def convert(self, text: str):
        """One value as typed (already stripped) → its Python value, or SearchParameterError."""
        if self.kind == YEAR:
            if not (text.isascii() and text.isdigit()):
                raise self.error(
                    "Le paramètre « {name} » ({noun}) attend une année (nombre entier), "
                    "pas « {value} ».",
                    text,
                )
            return int(text)
        if self.kind == INTEGER:
            digits = text.removeprefix("-")
            if not (digits.isascii() and digits.isdigit()):
                raise self.error(
                    "Le paramètre « {name} » doit être un nombre entier, pas « {value} ».", text
                )
            return self.check(int(text))
        if self.kind == BOOLEAN:
            if text.lower() not in _YES + _NO:
                raise self.error(
                    "Le paramètre « {name} » vaut « oui » ou « non », pas « {value} ».", text
                )
            return text.lower() in _YES
        return self.check(text)

    def check(self, value):
        """A typed value (from a URL or from Python code) within its bounds."""
        if self.kind == TEXT and len(value) > MAX_QUERY_LENGTH:
            raise self.error(
                f"La requête « {{name}} » dépasse {MAX_QUERY_LENGTH} caractères : "
                "raccourcissez-la.",
                value[:40] + "…",
            )
        if self.kind == ORDER:
            value = Sort.spelled(value)
            if value not in Sort.values:
                raise self.error(
                    "Tri inconnu pour le paramètre « {name} » : « {value} » (tris possibles : "
                    + ", ".join(Sort.values)
                    + ").",
                    value,
                )
        if self.kind == INTEGER:
            low, high = self.minimum, self.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                bounds = f"compris entre {low} et {high}" if high is not None else f"≥ {low}"
                raise self.error(
                    f"Le paramètre « {{name}} » doit être {bounds}, pas « {{value}} ».", value
                )
        return value

    def error(self, template: str, value) -> SearchParameterError:
        return SearchParameterError(self.name, template, noun=self.noun, value=value)

    def unknown(self, value) -> SearchParameterError:
        """The engine's answer to a value no fiche can have (an unknown slug, year…)."""
        return self.error(
            "Valeur inconnue pour le paramètre « {name} » ({noun}) : « {value} ».", value
        )


QUERY = Parameter(
    "q",
    "q",
    "Mots recherchés",
    "mots recherchés",
    "Mots recherchés (français : accents, pluriels, sigles du glossaire, synonymes, fautes de "
    "frappe, lieux). Une fiche est retenue dès qu’elle contient **un** des mots (ou un de "
    "leurs équivalents) : OU ; le classement met en tête celles qui en contiennent le plus. "
    f"{MAX_QUERY_LENGTH} caractères au plus.",
    kind=TEXT,
)
FILTERS: tuple[Parameter, ...] = (
    Parameter(
        "region",
        "region",
        "Région",
        "région",
        "Identifiant (slug) de région, ex. bretagne." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "keyword",
        "mot_cle",
        "Mot-clé",
        "mot-clé",
        "Identifiant (slug) de mot-clé, ex. mobilite." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "public",
        "public",
        "Public visé",
        "public visé",
        "Identifiant (slug) de type de public, ex. jeunes." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "funding",
        "financement",
        "Financement spécifique",
        "financement",
        "Identifiant (slug) de financement spécifique." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "event",
        "evenement",
        "Événement",
        "événement",
        "Événement de provenance : « JITE » ou « Trophées FSE » (ou trophees-fse)." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "year",
        "annee",
        "Année",
        "année",
        "Année de l’événement de provenance (nombre entier, ex. 2018)." + _MANY,
        kind=YEAR,
        many=True,
        facet=True,
    ),
    Parameter(
        "status",
        "statut",
        "Statut de provenance",
        "statut de provenance",
        "Statut de provenance : présenté, retenu, non retenu, recueilli non présenté." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "project_status",
        "statut_projet",
        "Statut du projet",
        "statut du projet",
        "Le projet fonctionne-t-il encore : en cours, terminé, en projet, inconnu (ou en-cours, "
        "en-projet…)." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "openness",
        "essaimage",
        "Ouvert à l’essaimage",
        "ouvert à l’essaimage",
        "Le porteur accueille-t-il les territoires qui veulent reproduire le projet : oui, "
        "oui avec accompagnement, non, non précisé." + _MANY,
        many=True,
        facet=True,
    ),
    Parameter(
        "replicated",
        "essaime",
        "Essaimé",
        "essaimé",
        "oui : fiches dont au moins un essaimage est publié dans le catalogue ; non : les "
        "autres." + _MANY,
        many=True,
        facet=True,
    ),
)
SORT = Parameter(
    "sort",
    "tri",
    "Trier par",
    "tri",
    "Ordre des résultats, sur toutes les pages : "
    + ", ".join(f"`{choice.value}` ({choice.label.lower()})" for choice in Sort)
    + ". Par défaut : pertinence avec `q`, numéro de fiche (édition courante) sans ; "
    "`pertinence` sans `q` vaut `numero`. Date de mise à jour : la plus récente d’abord ; "
    "année de l’événement : la plus récente d’abord ; nombre d’essaimages : la fiche la plus "
    "essaimée d’abord (fiches publiées qui la reproduisent), à égalité par titre.",
    kind=ORDER,
)
LIMIT = Parameter(
    "limit",
    "limit",
    "Nombre de résultats",
    "nombre de résultats",
    f"Nombre de résultats de la page (1 à {MAX_LIMIT}, 20 par défaut).",
    kind=INTEGER,
    surfaces=frozenset({API}),
    minimum=1,
    maximum=MAX_LIMIT,
)
OFFSET = Parameter(
    "offset",
    "offset",
    "Décalage",
    "décalage",
    "Nombre de résultats à sauter (≥ 0, 0 par défaut).",
    kind=INTEGER,
    surfaces=frozenset({API}),
    minimum=0,
)
QUALITY_MIN = Parameter(
    "quality_min",
    "qualite_min",
    "Score de qualité minimal",
    "score de qualité minimal",
    "Seulement les fiches dont le score de qualité (`quality.score`, de 0 à 100) est au moins "
    "cette valeur.",
    kind=INTEGER,
    surfaces=frozenset({API}),
    minimum=0,
    maximum=100,
)
CORRECT_TYPOS = Parameter(
    "correct_typos",
    "correction",
    "Correction des fautes",
    "correction des fautes",
    "« non » : chercher les mots tels qu’ils sont tapés — sans correction des fautes de "
    "frappe, ni mots de la même famille, ni régions voisines d’un lieu sans fiche (« oui » par "
    "défaut ; voir `recoveries` dans la réponse).",
    kind=BOOLEAN,
)
PAGE = Parameter(
    "page",
    "page",
    "Page",
    "page",
    "Numéro de la page de résultats (≥ 1).",
    kind=INTEGER,
    surfaces=frozenset({SITE}),
    minimum=1,
)

# What a search retains (the exports and the feeds take these and nothing else): the words,
# the filters, and whether the words are searched as typed — a reader who refused the
# correction gets the words as typed in every twin of the page. Then everything.
CRITERIA: tuple[Parameter, ...] = (QUERY, *FILTERS, CORRECT_TYPOS)
ALL: tuple[Parameter, ...] = (
    QUERY,
    *FILTERS,
    QUALITY_MIN,
    SORT,
    LIMIT,
    OFFSET,
    CORRECT_TYPOS,
    PAGE,
)
PARAMETERS: dict[str, Parameter] = {parameter.name: parameter for parameter in ALL}


def surface(spelling: str) -> tuple[Parameter, ...]:
    """The parameters of the API (spelling API) or of the site (SITE)."""
    return tuple(parameter for parameter in ALL if spelling in parameter.surfaces)


@dataclass
class SearchQuery:
    """What to look for: one field per parameter of the API surface (see the declarations
    above). Facet filters take several values (OR within a facet, AND across).

    region/keyword/public/funding: slugs; event: « JITE » or « Trophées FSE » (or « trophees-fse »);
    year: event years; status: provenance status (« présenté », « retenu »…); project_status:
    `ProjectStatus` values (« en cours »…); openness: `Openness` values (« oui »…); replicated:
    « oui » (at least one published replication) or « non »; sort: a `Sort`
    value, "" for the default (relevance with `q`, fiche number without)."""

    q: str = ""
    region: list[str] = field(default_factory=list)
    keyword: list[str] = field(default_factory=list)
    public: list[str] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    event: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    project_status: list[str] = field(default_factory=list)
    openness: list[str] = field(default_factory=list)
    replicated: list[str] = field(default_factory=list)
    quality_min: int | None = None  # the quality score (cahier.quality), 0–100
    sort: str = ""
    limit: int = 20
    offset: int = 0
    with_facets: bool = True
    correct_typos: bool = True
    understand: bool = True  # catalogue values named in q: ranking signals and offers

    def filters(self) -> dict[str, list]:
        return {p.name: list(getattr(self, p.name)) for p in FILTERS if getattr(self, p.name)}

    def criteria(self) -> bool:
        """Whether anything narrows the catalogue (words or filters)."""
        return bool(self.q.strip() or self.filters() or self.quality_min is not None)

    def order(self) -> Sort:
        """The order the results come in (see SORT)."""
        if not self.sort:
            return Sort.RELEVANCE if self.q.strip() else Sort.NUMBER
        sort = Sort(Sort.spelled(self.sort))
        if sort == Sort.RELEVANCE and not self.q.strip():
            return Sort.NUMBER
        return sort

    def check(self) -> None:
        """Bounds of the scalar parameters (facet values are checked against the index)."""
        for parameter in (QUERY, QUALITY_MIN, SORT, LIMIT, OFFSET):
            value = getattr(self, parameter.name)
            if value not in ("", None):
                parameter.check(value)


def split(values: Iterable[str]) -> list[str]:
    """Repeated parameters (?region=a&region=b) and comma lists (?region=a,b) are both OR;
    duplicates and empty values are dropped."""
    parts = (part.strip() for value in values for part in str(value).split(","))
    return list(dict.fromkeys(part for part in parts if part))


def read(
    getlist: Callable[[str], list[str]],
    spelling: str = API,
    parameters: Iterable[Parameter] | None = None,
) -> dict:
    """The checked values of *parameters* (default: all those of the *spelling* surface) from
    *getlist* (parameter name as spelled → raw strings, as `QueryDict.getlist`), by API name;
    absent or empty parameters are left out. Raises SearchParameterError on the first bad one."""
    found: dict = {}
    for parameter in surface(spelling) if parameters is None else parameters:
        raw = [str(value) for value in getlist(parameter.spelled(spelling)) if value is not None]
        if parameter.many:
            values = [parameter.convert(value) for value in split(raw)]
            if values:
                found[parameter.name] = list(dict.fromkeys(values))
            continue
        text = raw[-1].strip() if raw else ""
        if text:
            found[parameter.name] = parameter.convert(text)
    return found


def read_mapping(data: Mapping, parameters: Iterable[Parameter] | None = None) -> dict:
    """`read` over a dict of API names (a parsed ninja schema, argparse options)."""

    def getlist(name: str) -> list[str]:
        value = data.get(name)
        if value is None:
            return []
        return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]

    return read(getlist, API, parameters)


def encode(values: Mapping[str, object], spelling: str) -> list[tuple[str, str]]:
    """URL pairs of *values* (API names → value or list), spelled for the API or the site, in
    declaration order; empty values left out."""
    pairs: list[tuple[str, str]] = []
    for parameter in surface(spelling):
        value = values.get(parameter.name)
        if parameter.kind == BOOLEAN:  # written only when it differs from the default (oui)
            value = "non" if value is False else None
        items = value if isinstance(value, list | tuple) else [value]
        pairs.extend(
            (parameter.spelled(spelling), str(item)) for item in items if item not in (None, "")
        )
    return pairs


def api_schema(name: str, parameters: Iterable[Parameter]):
    """A django-ninja query schema for *parameters* (`Query[api_schema(…)]`): the OpenAPI
    documentation comes from the declarations. Every value arrives as text and is checked by
    `read_mapping`, whose messages are French and name the parameter."""
    from ninja import Field, Schema
    from pydantic import create_model

    fields: dict = {}
    for parameter in parameters:
        if parameter.many:
            fields[parameter.name] = (list[str], Field([], description=parameter.description))
        else:
            fields[parameter.name] = (str, Field("", description=parameter.description))
    return create_model(name, __base__=Schema, **fields)


def add_arguments(parser, parameters: Iterable[Parameter]) -> None:
    """`--region bretagne --year 2018 --sort titre…` options for a management command."""
    for parameter in parameters:
        option = f"--{parameter.name}"
        if parameter.many:
            parser.add_argument(option, action="append", default=[], help=parameter.description)
        elif parameter.kind == ORDER:
            parser.add_argument(
                option, type=Sort.spelled, choices=Sort.values, help=parameter.description
            )
        else:
            parser.add_argument(option, help=parameter.description)
