"""`{% social_meta %}` (OpenGraph and Twitter tags of a page) and `{% feed_link %}` (the Atom
feed a page offers), in the head of the site's pages (www/base.html)."""

from django import template
from django.conf import settings

from cahier.core.http import public_url
from cahier.core.prose import french_spacing, plain_text

from ..search import feed_url
from ..share_image import HEIGHT, WIDTH

register = template.Library()

SITE_DESCRIPTION = (
    "Le catalogue vivant du « Cahier des initiatives inclusion » de la DGEFP : des initiatives "
    "territoriales pour l’accès à l’emploi des personnes qui en sont éloignées."
)
SITE_IMAGE_ALT = "Cahier des initiatives inclusion, DGEFP"
DESCRIPTION_LENGTH = 200


@register.inclusion_tag("www/includes/social_meta.html", takes_context=True)
def social_meta(context, title="", description="", kind="website", image="", image_alt=""):
    """The page's OpenGraph and Twitter tags: *title* (the site's name by default),
    *description* (plain text from stored text), *kind* (`website`, `article` for a fiche),
    *image* (a path; the site's image by default). The address is the page's on the public
    site (CAHIER_BASE_URL), without its query string but for a search."""
    request = context.get("request")
    path = "/"
    if request is not None:
        path = request.get_full_path() if request.path == "/initiatives/" else request.path
    name = settings.CAHIER_SITE_NAME
    return {
        "site_name": name,
        "title": french_spacing(str(title)) if title else name,
        "description": plain_text(str(description or SITE_DESCRIPTION), DESCRIPTION_LENGTH),
        "url": public_url(path),
        "kind": kind,
        "image": public_url(image or "/partage.png"),
        "image_alt": image_alt or (french_spacing(str(title)) if image else SITE_IMAGE_ALT),
        "image_width": WIDTH,
        "image_height": HEIGHT,
    }


@register.inclusion_tag("www/includes/feed_link.html")
def feed_link(title="", **values):
    """`<link rel="alternate" type="application/atom+xml">` of the search *values*
    (`{% feed_link region="bretagne" title="…" %}`, API names; none: the whole catalogue)."""
    return {
        "url": feed_url({name: [value] for name, value in values.items() if value}),
        "title": french_spacing(title or "Les nouvelles initiatives et leurs mises à jour"),
    }
