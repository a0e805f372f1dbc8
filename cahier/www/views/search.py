from django.shortcuts import render

from cahier.search.enums import RecoveryKind
from cahier.search.parameters import FILTERS, PARAMETERS, SearchParameterError

from .. import search as site_search

VISIBLE_FACET_VALUES = 8


def initiative_list(request):
    try:
        query = site_search.Query.from_querydict(request.GET)
        result = site_search.search(query)
    except SearchParameterError as error:
        return bad_request(request, error)
    pages = max(1, -(-result.count // query.per_page))
    for hit in result.hits:
        # The fiche carries the search, to lead back here and on to its neighbours.
        hit.fiche_url = query.fiche_url(hit.url)
    facets = [_facet(parameter, result.facets.get(parameter.name, [])) for parameter in FILTERS]
    facets = [facet for facet in facets if facet["shown"]]
    active = [
        {
            "facet": facet["title"],
            "label": value.label,
            "url": query.without(facet["name"], {value.value}),
        }
        for facet in facets
        for value in [*facet["shown"], *facet["hidden"]]
        if value.selected
    ]
    suggestions = [
        {
            "label": suggestion.label,
            "url": query.without(suggestion.parameter, set(suggestion.value.split(","))),
            "count": suggestion.count,
        }
        for suggestion in result.suggestions
    ]
    first_rank = (query.page - 1) * query.per_page + 1
    relevant_hits = [hit for hit in result.hits if not hit.partial]
    context = {
        "query": query,
        "result": result,
        "understood": [
            {"label": reading.label, "url": query.adding(reading.filters), "count": reading.count}
            for reading in result.understood
        ],
        "facets": facets,
        "active_filters": active,
        "suggestions": suggestions,
        "clear_url": query.url(filters={}),
        "sorts": site_search.SORTS,
        "sort_param": PARAMETERS["sort"].site,
        "api_url": query.api_url(),
        "export_links": query.export_links(),
        "feed_url": query.feed_url(),
        "page_count": pages,
        "pagination": _pagination(query, pages),
        "corrected_url": query.url(q=result.corrected_query) if result.corrected_query else "",
        **_recoveries(query, result),
        "first_rank": first_rank,
        # Pertinent results first, then the partial ones under their own heading (the engine
        # orders every page so; docs/search.md, « Résultats pertinents et partiels »).
        "relevant_hits": relevant_hits,
        "partial_hits": [hit for hit in result.hits if hit.partial],
        "partial_count": result.count - result.count_relevant,
        "partial_rank": first_rank + len(relevant_hits),
    }
    return render(request, "www/search/results.html", context)


def _recoveries(query, result) -> dict:
    """The ladder's steps (cahier/search/recovery.py) as the page shows them: what was done
    with the words (`recoveries`, one sentence each), one link back to the words as typed
    (`typed_url`), and the suggestions not applied (`did_you_mean`: the query and its link)."""
    applied = [recovery for recovery in result.recoveries if recovery.applied]
    notes = [r.label for r in applied if r.kind != RecoveryKind.CORRECTION]
    suggestions = [
        {"text": recovery.alternative, "url": query.url(q=recovery.alternative)}
        for recovery in result.recoveries
        if not recovery.applied
    ]
    variant = [r.variant for r in applied if r.kind == RecoveryKind.VARIANT]
    return {
        # The last rung searched other words: the heading names them (« 2 initiatives pour
        # « clauses » »), the note says why.
        "searched_text": variant[0] if variant else query.text,
        "recovery_notes": notes,
        "typed_url": query.url(correct=False) if applied else "",
        "did_you_mean": suggestions,
        # A page asked without correction leads back to the corrected search.
        "corrected_search_url": "" if query.correct else query.url(correct=True),
    }


def _facet(parameter, values) -> dict:
    """The engine's values of one facet (ticked ones included, with `selected`), the first
    VISIBLE_FACET_VALUES shown and the rest behind « Afficher plus »."""
    if parameter.name == "year":
        values = sorted(values, key=lambda v: v.value, reverse=True)
    shown = values[:VISIBLE_FACET_VALUES]
    hidden = values[VISIBLE_FACET_VALUES:]
    # Ticked values hidden behind « Afficher plus » would be missed: show them first.
    if any(v.selected for v in hidden):
        shown = [v for v in values if v.selected] + [v for v in shown if not v.selected]
        shown = shown[: max(VISIBLE_FACET_VALUES, sum(v.selected for v in values))]
        hidden = [v for v in values if v not in shown]
    return {
        "name": parameter.name,
        "param": parameter.site,
        "title": parameter.label,
        "shown": shown,
        "hidden": hidden,
    }


def bad_request(request, error: SearchParameterError, *, feed: bool = False):
    """A parameter of the URL the search (or its Atom feed, *feed*) cannot use (a hand-edited
    or outdated link): say which, with status 400, and offer the same without it."""
    parameter = PARAMETERS.get(error.parameter)
    retry = ""
    if parameter is not None:
        data = request.GET.copy()
        data.pop(parameter.site, None)
        path = site_search.FEED_PATH if feed else site_search.SEARCH_PATH
        retry = path + (f"?{data.urlencode()}" if data else "")
    context = {
        "message": site_search.error_message(error),
        "parameter": parameter.site if parameter else error.parameter,
        "retry_url": retry,
        "feed": feed,
    }
    return render(request, "www/search/bad_request.html", context, status=400)


def _pagination(query, pages: int) -> dict:
    current = min(query.page, pages)
    numbers = sorted({1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)})
    items, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "url": query.url(page=number), "current": number == current}
        )
        previous = number
    return {
        "items": items,
        "first": query.url(page=1) if current > 1 else "",
        "previous": query.url(page=current - 1) if current > 1 else "",
        "next": query.url(page=current + 1) if current < pages else "",
        "last": query.url(page=pages) if current < pages else "",
        "show": pages > 1,
    }
