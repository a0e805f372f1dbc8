"""The public read API (`/api/v1/`), OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs.

Each domain adds its router here; the routers parse parameters and call selectors."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="API du cahier des initiatives inclusion",
    version="1.0.0",
    description="Données ouvertes du catalogue des initiatives territoriales d'inclusion dans l'emploi.",
    urls_namespace="api",
)

from . import catalogue, search  # noqa: E402

api.add_router("/", search.router)
api.add_router("/", catalogue.router)
