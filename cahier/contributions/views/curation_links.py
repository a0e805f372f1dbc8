"""« Liens cassés »: the links of published fiches whose last check failed (`cahier links
check` writes them; nothing here changes a fiche)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from cahier.links import selectors
from cahier.links.enums import PROBLEMS, LinkField, LinkStatus

from .common import curator_required

LINKS_PER_PAGE = 50


@curator_required
def broken_links(request):
    status = request.GET.get("statut", "")
    field = request.GET.get("champ", "")
    filters = {
        "statut": status if status in PROBLEMS else "",
        "champ": field if field in LinkField.values else "",
        "q": request.GET.get("q", "").strip()[:100],
        "echecs": "2" if request.GET.get("echecs") == "2" else "",
    }
    rows = selectors.link_problems(
        status=filters["statut"],
        field=filters["champ"],
        q=filters["q"],
        min_failures=int(filters["echecs"] or 1),
    )
    page = Paginator(rows, LINKS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "contributions/curation/links.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "statuses": [(s.value, s.label) for s in LinkStatus if s in PROBLEMS],
            "fields": LinkField.choices,
        },
    )
