"""E-mails the workflow sends. A mail server outage never undoes what was done: the failure is
logged and the change (already committed and in the audit log) stands."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string

from cahier.catalogue.enums import PublicationStatus as S
from cahier.core import roles

logger = logging.getLogger(__name__)


def submitted_to_curators(initiative, *, resubmitted: bool) -> None:
    """One message to the curators (blind copies) when a proposal enters the queue."""
    curators = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.CURATOR_GROUP)
        .exclude(email="")
    )
    addresses = sorted(set(curators.values_list("email", flat=True)))
    if not addresses:
        return
    verb = "renvoyée après modifications" if resubmitted else "soumise"
    body = render_to_string(
        "contributions/emails/curators_submitted.txt",
        {"initiative": initiative, "verb": verb, "base_url": settings.CAHIER_BASE_URL},
    )
    message = EmailMessage(
        f"[{settings.CAHIER_SITE_NAME}] Proposition {verb} : « {initiative.title} »",
        body,
        to=[],
        bcc=addresses,
    )
    try:
        message.send()
    except OSError:
        logger.exception("Courriel aux curateurs non envoyé (initiative %s)", initiative.pk)


def state_changed(initiative, *, source, to, actor, reason) -> None:
    contributor = roles.owner_of(initiative)
    if contributor is None or not contributor.email:
        return
    context = {
        "initiative": initiative,
        "contributor": contributor,
        "state": S(to).label,
        "previous_state": S(source).label,
        "reason": reason,
        "by_contributor": actor is not None and actor.pk == contributor.pk,
        "base_url": settings.CAHIER_BASE_URL,
        "site_name": settings.CAHIER_SITE_NAME,
    }
    subject = f"[{settings.CAHIER_SITE_NAME}] « {initiative.title} » : {S(to).label.lower()}"
    body = render_to_string("contributions/emails/transition.txt", context)
    try:
        send_mail(subject, body, None, [contributor.email])
    except OSError:
        # The state changed and is logged; a mail server outage must not undo it.
        logger.exception("Courriel de changement d'état non envoyé (initiative %s)", initiative.pk)


def comment_added(comment) -> None:
    initiative = comment.initiative
    contributor = roles.owner_of(initiative)
    if not contributor or not contributor.email or contributor.pk == comment.author_id:
        return
    body = render_to_string(
        "contributions/emails/comment.txt",
        {"initiative": initiative, "comment": comment, "base_url": settings.CAHIER_BASE_URL},
    )
    try:
        send_mail(
            f"[{settings.CAHIER_SITE_NAME}] Nouveau commentaire sur « {initiative.title} »",
            body,
            None,
            [contributor.email],
        )
    except OSError:
        logger.exception("Courriel de commentaire non envoyé (initiative %s)", initiative.pk)
