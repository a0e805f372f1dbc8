"""The public read API (`/api/v1/`, landing page in landing.py), OpenAPI schema at
/api/v1/openapi.json, docs at /api/v1/docs.

Each domain adds its router here; the routers parse parameters and call selectors."""

from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError


class FrenchSwagger(Swagger):
    """ninja's Swagger UI (its bundled copy in ninja/static/ninja/, never a CDN: État intranets
    have no outside network and the Content-Security-Policy refuses other origins) in our own
    page: `lang="fr"`, a French title, a `<noscript>` fallback. The configuration stays a JSON
    data block read by ninja's static swagger-ui-init.js: no inline script. Swagger UI's own
    labels stay English (it ships no French translation)."""

    template = "api/docs.html"


api = NinjaAPI(
    title="API du cahier des initiatives inclusion",
    version="1.9.0",
    description=(
        "Données ouvertes du catalogue des initiatives territoriales d’inclusion dans "
        "l’emploi, sous licence Etalab 2.0. Réponses en JSON avec ETag et Last-Modified "
        "(requêtes conditionnelles : 304), pagination par `limit` et `offset`. "
        "Présentation et exemples : [/api/v1/](/api/v1/). "
        "Journal des changements : [/api/v1/changelog](/api/v1/changelog)."
    ),
    urls_namespace="api",
    # No validator badge: Swagger UI would load it from validator.swagger.io, which the
    # Content-Security-Policy refuses (no outside origin).
    docs=FrenchSwagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Malformed parameters are the caller's mistake: 400 with a French message naming them."""
    problems = []
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path")
        ]
        name = ".".join(location) or "requête"
        problems.append(f"paramètre « {name} » : {error.get('msg', 'invalide')}")
    return api.create_response(
        request, {"detail": "Paramètres invalides — " + " ; ".join(problems) + "."}, status=400
    )


from cahier.opendata import api as opendata_api  # noqa: E402

from . import catalogue, search  # noqa: E402

api.add_router("/", search.router)
api.add_router("/", catalogue.router)
api.add_router("/exports", opendata_api.router)
