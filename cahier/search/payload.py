"""A search result as JSON: the body of `GET /api/v1/initiatives` and of `cahier search
--json`, declared once so both say the same thing (docs/search.md)."""

from urllib.parse import urlencode

from .engine import SearchResult
from .parameters import API, encode
from .recovery import Recovery


def recovery_url(result: SearchResult, recovery: Recovery) -> str:
    """The API request of the other way: the words as typed, uncorrected, for a recovery
    already applied; the suggested words for a suggestion. Same filters."""
    values = {**result.query.filters(), "q": recovery.alternative}
    if recovery.applied:
        values["correct_typos"] = False
    return "/api/v1/initiatives?" + urlencode(encode(values, API))


def result_payload(result: SearchResult) -> dict:
    return {
        "count": result.count,
        "count_relevant": result.count_relevant,
        "count_all": result.count_all,
        "results": [
            {
                "number": hit.number,
                "slug": hit.slug,
                "title": hit.title,
                "region": hit.region,
                "porteur": hit.porteur,
                # Plain text, the words found as offsets: a JSON client escapes at render
                # time (no « l&#x27;emploi »); snippet_html is the site's ready markup.
                "snippet": hit.snippet_text,
                "highlights": [{"start": start, "end": end} for start, end in hit.highlights],
                "snippet_html": str(hit.snippet),
                "score": hit.score,
                "url": hit.url,
                "partial": hit.partial,
            }
            for hit in result.hits
        ],
        "facets": {
            facet: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for facet, values in result.facets.items()
        },
        "corrected_query": result.corrected_query,
        "understood": [
            {
                "label": reading.label,
                "filters": [{"parameter": name, "value": value} for name, value in reading.filters],
                "count": reading.count,
            }
            for reading in result.understood
        ],
        "recoveries": [
            {
                "kind": str(recovery.kind),
                "from": recovery.original,
                "to": recovery.replacements,
                "applied": recovery.applied,
                "label": recovery.label,
                "q": recovery.alternative,
                "url": recovery_url(result, recovery),
            }
            for recovery in result.recoveries
        ],
    }
