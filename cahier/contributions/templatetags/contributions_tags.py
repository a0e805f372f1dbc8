"""Template helpers of the contributions app: the fiche as the public site renders it, badges."""

from django import template
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from cahier.catalogue.enums import PublicationStatus
from cahier.www import rendering

register = template.Library()

S = PublicationStatus
BADGE_CLASSES = {
    S.DRAFT: "fr-badge--new",
    S.SUBMITTED: "fr-badge--info",
    S.IN_REVIEW: "fr-badge--info",
    S.CHANGES_REQUESTED: "fr-badge--warning",
    S.PUBLISHED: "fr-badge--success",
    S.REJECTED: "fr-badge--error",
    S.ARCHIVED: "",
}


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


@register.inclusion_tag("contributions/includes/fiche.html")
def fiche(initiative):
    """The fiche with the public site's markup and text rendering (glossary acronyms
    explained), so that the preview looks like what will be published."""
    terms = rendering.glossary()
    return {
        "initiative": initiative,
        "territory": rendering.inline(initiative.territory, terms),
        "description": rendering.blocks(initiative.description, terms),
        "added_value": [rendering.inline(item, terms) for item in initiative.added_value],
        "porteur": rendering.inline(initiative.porteur_label, terms),
        "public": rendering.blocks(initiative.public, terms),
        "partners": [rendering.inline(item, terms) for item in initiative.partners],
        "results": rendering.blocks(initiative.results, terms),
        "links": [
            {"url": link, "is_url": _valid(URLValidator(schemes=["http", "https"]), link)}
            for link in initiative.links
        ],
        "emails": [
            {"address": email, "is_email": _valid(EmailValidator(), email)}
            for email in initiative.referent_emails
        ],
    }


@register.filter
def paragraphs(text: str):
    """Plain text (blank line between paragraphs, « - » list items) as escaped HTML."""
    blocks = []
    for block in (text or "").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        items = [line[2:] for line in lines if line.startswith("- ")]
        if items and len(items) == len(lines):
            blocks.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
        else:
            blocks.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("".join(blocks))  # noqa: S308 (every piece escaped above)


@register.simple_tag
def state_badge(status: str):
    status = S(status)
    return format_html(
        '<span class="fr-badge fr-badge--sm {}">{}</span>',
        BADGE_CLASSES.get(status, ""),
        status.label,
    )
