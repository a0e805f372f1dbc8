from django.shortcuts import get_object_or_404, render

from cahier.catalogue.models import Initiative
from cahier.catalogue.selectors import glossary_matcher
from cahier.core.prose.fiche import fiche_html
from cahier.editions.selectors import initiatives_with_number

from .. import queries
from ..fiche import essaimage_context


def initiative_detail(request, slug):
    initiative = get_object_or_404(
        initiatives_with_number(Initiative.objects.published()).with_relations(), slug=slug
    )
    html = fiche_html(initiative, glossary=glossary_matcher())
    context = {
        "initiative": initiative,
        **html,
        **essaimage_context(initiative, emails=html["emails"]),
        "similar": queries.similar_initiatives(initiative),
        "breadcrumb_links": [("/initiatives/", "Rechercher une initiative")],
    }
    return render(request, "www/initiatives/detail.html", context)
