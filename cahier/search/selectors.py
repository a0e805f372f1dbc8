"""Reads for other apps: the initiatives a search finds, as a queryset (the exports)."""

import json

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from cahier.catalogue.models import Initiative

from .engine import match
from .parameters import SearchQuery


def _ids_subquery(ids: list[int]):
    """*ids* as one SQL parameter: `pk IN (…)` with 100 000 placeholders would pass SQLite's
    limit on bound variables."""
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids  # pragma: no cover - the two supported databases are above


def initiatives_matching(query: SearchQuery) -> QuerySet[Initiative]:
    """The published initiatives *query* finds (words and filters, as `GET
    /api/v1/initiatives` and the site find them: `engine.match`), unordered. Raises
    SearchParameterError on a bad or unknown value."""
    published = Initiative.objects.published()
    if not query.criteria():
        query.check()
        return published
    return published.filter(pk__in=_ids_subquery(match(query)))
