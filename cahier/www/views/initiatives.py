from urllib.parse import quote

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from cahier.catalogue.models import Initiative
from cahier.catalogue.selectors import glossary_matcher, institution_renames
from cahier.core.contact import team_email
from cahier.core.http import public_url
from cahier.core.prose.fiche import fiche_html
from cahier.editions.selectors import initiatives_with_number

from .. import queries
from ..fiche import essaimage_context
from ..search import SEARCH_PATH, fiche_navigation
from ..share_image import initiative_card
from ..shortlinks import short_path


def initiative_detail(request, slug):
    initiative = get_object_or_404(
        initiatives_with_number(Initiative.objects.published()).with_relations(), slug=slug
    )
    # Opened from the results: the search travels in the query string (the URL is the state).
    navigation = fiche_navigation(request.GET, initiative.slug)
    acronyms = glossary_matcher()
    html = fiche_html(initiative, glossary=acronyms, renames=institution_renames())
    context = {
        "initiative": initiative,
        "acronyms": acronyms,  # the badges' and tags' (read once, with the text's)
        **html,
        **essaimage_context(initiative),
        "similar": queries.similar_initiatives(initiative),
        "navigation": navigation,
        "breadcrumb_links": [
            (navigation.back_url, "Résultats de la recherche")
            if navigation
            else (SEARCH_PATH, "Rechercher une initiative")
        ],
        # The image's key changes with the fiche: networks fetch the new one (share_image.py).
        "share_image": reverse("www:share_image", kwargs={"slug": initiative.slug})
        + f"?v={initiative_card(initiative).key}",
        "short_url": public_url(short_path(initiative)),
        "report_url": _report_url(initiative),
        # The printed fiche's footer: where it lives online and when it was printed.
        "page_url": public_url(initiative.get_absolute_url()),
        "printed_on": timezone.localdate(),
    }
    return render(request, "www/initiatives/detail.html", context)


# Where « Signaler une erreur » writes to while CAHIER_PUBLISHER_EMAIL is a placeholder: the
# legal notice, which gives the publisher's contact.
REPORT_FALLBACK = "/mentions-legales/#editeur"


def _report_url(initiative) -> str:
    """« Signaler une erreur »: a message to the catalogue team, naming the fiche and its
    permanent address, ready to be completed (no form, no account: any reader can)."""
    email = team_email()
    if not email:
        return REPORT_FALLBACK
    subject = f"Erreur dans la fiche « {initiative.title} »"
    body = (
        f"Fiche : {initiative.title}\n{public_url(initiative.get_absolute_url())}\n\n"
        "Ce qui est inexact, et ce qu’il faudrait lire à la place :\n"
    )
    return f"mailto:{email}?subject={quote(subject)}&body={quote(body)}"
