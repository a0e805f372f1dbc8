"""Template helpers of the contributions app: fiche text rendering and state badges."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from cahier.catalogue.enums import PublicationStatus
from cahier.contributions import roles

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


@register.filter
def paragraphs(text: str):
    """Fiche text (blank line between paragraphs, « - » list items) as escaped HTML."""
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
        '<p class="fr-badge fr-badge--sm {}">{}</p>', BADGE_CLASSES.get(status, ""), status.label
    )


@register.filter
def is_curator(user) -> bool:
    return roles.is_curator(user)
