"""Template helpers of the contributions app: the fiche as the public site renders it, badges."""

from django import template
from django.utils.html import format_html

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.selectors import glossary_matcher, institution_renames
from cahier.core.prose import to_html
from cahier.core.prose.fiche import fiche_html

from ..curation_menu import menu_items

register = template.Library()

S = PublicationStatus
BADGE_CLASSES = {
    # Not « fr-badge--new » (a star and « nouveau »'s colour): a draft is just not sent yet.
    S.DRAFT: "fr-badge--no-icon",
    S.SUBMITTED: "fr-badge--info",
    S.IN_REVIEW: "fr-badge--info",
    S.CHANGES_REQUESTED: "fr-badge--warning",
    S.PUBLISHED: "fr-badge--success",
    S.REJECTED: "fr-badge--error",
    S.ARCHIVED: "",
}


@register.inclusion_tag("contributions/includes/fiche.html")
def fiche(initiative):
    """The fiche with the public site's markup and text rendering (glossary acronyms
    explained, renamed institutions' new names), so that the preview looks like what will be
    published."""
    context = fiche_html(initiative, glossary=glossary_matcher(), renames=institution_renames())
    return {"initiative": initiative, **context}


@register.filter
def paragraphs(text: str):
    """A comment or a call's text: paragraphs and lists as the site renders them."""
    return to_html(text)


@register.simple_tag
def state_badge(status: str):
    status = S(status)
    return format_html(
        '<span class="fr-badge fr-badge--sm {}">{}</span>',
        BADGE_CLASSES.get(status, ""),
        status.label,
    )


@register.inclusion_tag("contributions/curation/menu.html", takes_context=True)
def curation_menu(context):
    """The curation side menu with its current entry marked (contributions/curation_menu.py)."""
    request = context["request"]
    return {"items": menu_items(request.user, request.path, request.GET)}
