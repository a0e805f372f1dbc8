"""Reads for other apps: the initiatives a search finds, as a queryset (the exports, the
feeds), and the labels of its filters."""

import json

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from cahier.catalogue.models import Initiative

from .engine import match
from .facets import event_value, facet_index
from .parameters import FILTERS, SearchQuery


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


def filter_labels(query: SearchQuery) -> list[tuple[str, list[str]]]:
    """The filters of *query* as the site names them: (« Région », [« Bretagne »]) per filter
    in declaration order, a value the index does not know left as written."""
    index = facet_index()
    labels = []
    for parameter in FILTERS:
        values = getattr(query, parameter.name)
        if not values:
            continue
        names = []
        for value in values:
            key = (event_value(str(value)) or str(value)) if parameter.name == "event" else value
            found = index.value(parameter.name, str(key))
            names.append(found.label if found else str(value))
        labels.append((parameter.label, names))
    return labels
