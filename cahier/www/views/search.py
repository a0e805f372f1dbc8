from django.shortcuts import render

from .. import search as engine

VISIBLE_FACET_VALUES = 8


def initiative_list(request):
    query = engine.Query.from_querydict(request.GET)
    result = engine.search(query)
    pages = max(1, -(-result.total // query.per_page))
    facets = []
    for param, title in engine.FACET_PARAMS.items():
        values = result.facets.get(param, [])
        selected = set(query.filters.get(param, []))
        labels = {value.value: value.label for value in values}
        # A ticked value stays visible (with 0) even when the other filters exclude it.
        missing = [
            engine.FacetValue(value, labels.get(value, value), 0)
            for value in query.filters.get(param, [])
            if value not in labels
        ]
        values = [*values, *missing]
        for value in values:
            value.selected = value.value in selected
        if param == "annee":
            values.sort(key=lambda v: v.value, reverse=True)
        shown = values[:VISIBLE_FACET_VALUES]
        hidden = values[VISIBLE_FACET_VALUES:]
        # Ticked values hidden behind « Afficher plus » would be missed: show them first.
        if any(v.selected for v in hidden):
            shown = [v for v in values if v.selected] + [v for v in shown if not v.selected]
            shown = shown[: max(VISIBLE_FACET_VALUES, sum(v.selected for v in values))]
            hidden = [v for v in values if v not in shown]
        if values:
            facets.append({"param": param, "title": title, "shown": shown, "hidden": hidden})
    active = []
    for facet in facets:
        for value in [*facet["shown"], *facet["hidden"]]:
            if value.selected:
                remaining = {
                    p: [v for v in vs if not (p == facet["param"] and v == value.value)]
                    for p, vs in query.filters.items()
                }
                active.append(
                    {
                        "facet": facet["title"],
                        "label": value.label,
                        "url": query.url(filters=remaining),
                    }
                )
    context = {
        "query": query,
        "result": result,
        "facets": facets,
        "active_filters": active,
        "clear_url": query.url(filters={}),
        "sorts": engine.SORTS,
        "api_url": query.api_url(),
        "export_links": query.export_links(),
        "page_count": pages,
        "pagination": _pagination(query, pages),
        "corrected_url": query.url(q=result.corrected_query) if result.corrected_query else "",
        "first_rank": (query.page - 1) * query.per_page + 1,
    }
    return render(request, "www/search/results.html", context)


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
