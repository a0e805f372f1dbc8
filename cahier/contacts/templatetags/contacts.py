"""`{% load contacts %}`: the holders' counts in « Mes initiatives » and the essaimage offer
of a proposal's first step. Template tags, so that the contributions app, which the contacts
app builds on, never imports it."""

from django import template

from cahier.core.limits import number

from .. import selectors
from ..enums import RequestStatus

register = template.Library()


@register.simple_tag
def contact_counts(initiatives) -> dict:
    """`{% contact_counts initiatives as counts %}`: one query for the whole list."""
    return selectors.status_counts(initiative.pk for initiative in initiatives)


@register.filter
def contact_summary(counts: dict, pk) -> str:
    """« 3 demandes (1 répondue, 1 sans réponse) », or « aucune »."""
    entry = counts.get(pk) if counts else None
    if not entry:
        return "aucune"
    total = entry["total"]
    text = f"{number(total)} demande{'s' if total > 1 else ''}"
    details = []
    for status in RequestStatus:
        if entry.get(status):
            n = entry[status]
            label = status.label.lower()
            if n > 1 and status in (RequestStatus.SENT, RequestStatus.ANSWERED):
                label += "s"
            details.append(f"{number(n)} {label}")
    return f"{text} ({', '.join(details)})"


@register.inclusion_tag("contacts/includes/essaimage_offer.html", takes_context=True)
def essaimage_offer(context) -> dict:
    """On the first step of a proposal: « Vous avez contacté le porteur de « X » : votre
    projet en est-il un essaimage ? » for the fiches the contributor wrote about (by their
    account's e-mail), unless the proposal already names its origin."""
    request = context.get("request")
    initiative = context.get("initiative")
    user = getattr(request, "user", None)
    if context.get("step") != 1 or user is None or not user.is_authenticated:
        return {"origins": []}
    if initiative is not None and (initiative.replication_of_id or initiative.origin_name):
        return {"origins": []}
    origins = selectors.contacted_origins(
        email=user.email, exclude_pk=initiative.pk if initiative else None
    )
    return {"origins": origins}


@register.filter
def recipient_label(summary: dict) -> str:
    """A request's recipient by role and organisation (`{{ r|recipient_label }}`)."""
    return selectors.recipient_label(summary)


@register.simple_tag
def contact_request_chart():
    """`{% contact_request_chart as chart %}`: the contact requests by status, for the site's
    « Statistiques » page (which does not import this app)."""
    return selectors.status_chart()


@register.simple_tag
def contact_requests_to_follow() -> dict:
    """`{% contact_requests_to_follow as todo %}` on the curator's home: how many requests got
    no answer and how many found nobody to write to (the curator steps in), by status value."""
    return {
        status.value: selectors.requests_for_curation(status=status).count()
        for status in (RequestStatus.UNANSWERED, RequestStatus.NO_RECIPIENT)
    }
