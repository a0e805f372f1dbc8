"""Template helpers of the public site (navigation state, search links). Stored text is
rendered by cahier.core.prose (`{% load typography %}`)."""

from django import template
from django.utils.html import format_html

from cahier.catalogue.essaimage import project_life
from cahier.www.fiche import STATUS_BADGES
from cahier.www.search import search_url as _search_url

register = template.Library()


@register.simple_tag
def search_url(parameter: str, value) -> str:
    """`{% search_url "keyword" term.slug %}`: the site's results for one filter value, with
    the parameter's French URL name (`/initiatives/?mot_cle=…`, see cahier.search.parameters)."""
    return _search_url({parameter: [value]})


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str) -> str:
    """`aria-current="page"` on the menu entry whose section the current page belongs to."""
    request = context.get("request")
    if request is not None and request.path.startswith(prefix):
        return format_html('aria-current="{}"', "page")
    return ""


@register.inclusion_tag("www/initiatives/_project_status.html")
def project_status_badge(initiative, small: bool = False) -> dict:
    """`{% project_status_badge initiative %}`: the project's status as a DSFR badge (none for
    « inconnu »), the same on the fiche page and in the results."""
    life = project_life(initiative)
    return {"label": life.label, "badge": STATUS_BADGES.get(life.status, ""), "small": small}
