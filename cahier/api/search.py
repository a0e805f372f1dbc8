"""`GET /api/v1/initiatives`: search and list (owned by the search app's interface)."""

from ninja import Router

router = Router(tags=["Recherche"])
