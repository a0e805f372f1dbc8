from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cahier.catalogue.models import Initiative
from cahier.catalogue.selectors import glossary_matcher, institution_renames
from cahier.core.http import public_url
from cahier.core.prose.fiche import fiche_html
from cahier.editions.selectors import initiatives_with_number

from .. import queries
from ..fiche import essaimage_context
from ..share_image import initiative_card
from ..shortlinks import short_path


def initiative_detail(request, slug):
    initiative = get_object_or_404(
        initiatives_with_number(Initiative.objects.published()).with_relations(), slug=slug
    )
    acronyms = glossary_matcher()
    html = fiche_html(initiative, glossary=acronyms, renames=institution_renames())
    context = {
        "initiative": initiative,
        "acronyms": acronyms,  # the badges' and tags' (read once, with the text's)
        **html,
        **essaimage_context(initiative, emails=html["emails"]),
        "similar": queries.similar_initiatives(initiative),
        "breadcrumb_links": [("/initiatives/", "Rechercher une initiative")],
        # The image's key changes with the fiche: networks fetch the new one (share_image.py).
        "share_image": reverse("www:share_image", kwargs={"slug": initiative.slug})
        + f"?v={initiative_card(initiative).key}",
        "short_url": public_url(short_path(initiative)),
    }
    return render(request, "www/initiatives/detail.html", context)
