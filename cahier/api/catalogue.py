"""Read API for one initiative, taxonomies, regions, glossary, editions and exports."""

from ninja import Router

router = Router(tags=["Catalogue"])
