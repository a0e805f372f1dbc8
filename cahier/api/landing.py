"""`/api/v1/`, the API's landing page for people: what it is, every address with a working
example, the licence, links to the interactive docs (see api.py) and the OpenAPI schema."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from cahier.catalogue.models import Initiative
from cahier.editions.selectors import editions_public
from cahier.opendata.exporters import EXPORTERS
from cahier.opendata.records import LICENCE

from .api import api
from .catalogue import changelog_text

# Regions exist in every database (reference data), so the examples never point at nothing.
EXAMPLE_REGION = "bretagne"


# (what, address under /api/v1/, example): "{region}", "{fiche}" and "{edition}" are filled
# from the database; an example whose fiche or edition does not exist yet is left out.
READS = [
    ("Rechercher les initiatives (mots, filtres, facettes, pagination)", "initiatives",
     "initiatives?q=emploi&region={region}&limit=5"),
    ("Une initiative (fiche complète), par son slug ou son id permanent", "initiatives/{slug}",
     "initiatives/{fiche}"),
    ("Mots-clés, avec le nombre de fiches publiées", "keywords", "keywords"),
    ("Types de public visé", "publics", "publics"),
    ("Financements spécifiques", "fundings", "fundings"),
    ("Régions", "regions", "regions"),
    ("Glossaire des sigles", "glossary", "glossary?limit=10"),
    ("Éditions publiées du cahier", "editions", "editions"),
    ("Une édition et la liste de ses fiches", "editions/{slug}", "editions/{edition}"),
]  # fmt: skip
# Between the two: one row per exporter of the registry (cahier/opendata/exporters.py).
AFTER_EXPORTS = [
    ("TableSchema des exports CSV", "exports/schema.json", "exports/schema.json"),
    ("Journal des changements (Markdown)", "changelog", "changelog"),
]


def endpoints() -> list[dict]:
    """The API's addresses (and the site's Atom feed) with one working example each, in the
    landing page's order; no example when the catalogue has nothing to show yet."""
    v1 = reverse("api:index")
    feed = reverse("www:feed")
    values = {
        "region": EXAMPLE_REGION,
        "fiche": Initiative.objects.published()
        .order_by("pk")
        .values_list("slug", flat=True)
        .first(),
        "edition": editions_public().values_list("slug", flat=True).first(),
    }
    exports = [
        (
            f"Export {exporter.verbose_name} (mêmes filtres que la recherche)",
            f"exports/{exporter.route()}",
            f"exports/{exporter.route()}?region={{region}}",
        )
        for exporter in EXPORTERS.values()
    ]
    found = []
    for label, path, example in [*READS, *exports, *AFTER_EXPORTS]:
        missing = any(f"{{{name}}}" in example and not value for name, value in values.items())
        found.append(
            {
                "label": label,
                "path": v1 + path,
                "example": None if missing else v1 + example.format(**values),
            }
        )
    found.append(
        {
            "label": "Flux Atom des initiatives publiées (sur le site), mêmes filtres que la recherche",
            "path": feed,
            "example": f"{feed}?region={EXAMPLE_REGION}",
        }
    )
    return found


def landing(request: HttpRequest) -> HttpResponse:
    """`/api/v1/`: what the API is and how to use it; a JSON index for `Accept: application/json`."""
    rows = endpoints()
    links = {
        "docs": reverse("api:openapi-view"),
        "openapi": reverse("api:openapi-json"),
        "changelog": reverse("api:changelog"),
    }
    if _prefers_json(request):
        response = JsonResponse(
            _index(request, rows, links), json_dumps_params={"ensure_ascii": False}
        )
    else:
        versions = [
            line.removeprefix("## ")
            for line in changelog_text().splitlines()
            if line.startswith("## ")
        ]
        context = {"api": api, "endpoints": rows, "api_links": links, "versions": versions}
        response = render(request, "api/index.html", context)
    patch_vary_headers(response, ["Accept"])
    return response


def _index(request: HttpRequest, rows: list[dict], links: dict) -> dict:
    absolute = request.build_absolute_uri
    return {
        "title": api.title,
        "version": api.version,
        "licence": LICENCE,
        "links": {name: absolute(url) for name, url in links.items()},
        "endpoints": [
            {
                "path": row["path"],
                "description": row["label"],
                "example": row["example"] and absolute(row["example"]),
            }
            for row in rows
        ],
    }


def _prefers_json(request: HttpRequest) -> bool:
    """JSON only when asked for without HTML: a browser's Accept lists text/html."""
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept
