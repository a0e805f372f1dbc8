"""E-mails the workflow and the accounts send. Each goes out once the transaction that made the
change commits (a rollback sends nothing), and a mail server outage never undoes what was done:
the failure is logged and the change (committed, in the audit log) stands."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from cahier.catalogue.enums import PublicationStatus as S
from cahier.core import roles

logger = logging.getLogger(__name__)


def send_on_commit(message: EmailMessage, failure: str) -> None:
    """Send *message* when the current transaction commits (at once outside one); on a mail
    server error, log *failure* instead of raising."""

    def send() -> None:
        try:
            message.send()
        except OSError:
            logger.exception(failure)

    transaction.on_commit(send)


def mail(subject: str, body: str, to: list[str]) -> EmailMessage:
    return EmailMessage(subject, body, None, to)


def to_curators(*, subject: str, template: str, context: dict, failure: str) -> None:
    """One message to every curator (blind copies: they do not see each other's addresses),
    sent once the transaction commits; nothing when no curator has an address."""
    curators = roles.users_who_can(roles.Action.CURATE).exclude(email="")
    addresses = sorted(set(curators.values_list("email", flat=True)))
    if not addresses:
        return
    body = render_to_string(template, {**context, "base_url": settings.CAHIER_BASE_URL})
    message = EmailMessage(f"[{settings.CAHIER_SITE_NAME}] {subject}", body, to=[], bcc=addresses)
    send_on_commit(message, failure)


def submitted_to_curators(initiative, *, resubmitted: bool) -> None:
    """When a proposal enters the queue."""
    verb = "renvoyée après modifications" if resubmitted else "soumise"
    to_curators(
        subject=f"Proposition {verb} : « {initiative.title} »",
        template="contributions/emails/curators_submitted.txt",
        context={"initiative": initiative, "verb": verb},
        failure=f"Courriel aux curateurs non envoyé (initiative {initiative.pk})",
    )


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
    send_on_commit(
        mail(subject, body, [contributor.email]),
        f"Courriel de changement d’état non envoyé (initiative {initiative.pk})",
    )


def comment_added(comment) -> None:
    initiative = comment.initiative
    contributor = roles.owner_of(initiative)
    if not contributor or not contributor.email or contributor.pk == comment.author_id:
        return
    body = render_to_string(
        "contributions/emails/comment.txt",
        {"initiative": initiative, "comment": comment, "base_url": settings.CAHIER_BASE_URL},
    )
    send_on_commit(
        mail(
            f"[{settings.CAHIER_SITE_NAME}] Nouveau commentaire sur « {initiative.title} »",
            body,
            [contributor.email],
        ),
        f"Courriel de commentaire non envoyé (initiative {initiative.pk})",
    )


def update_proposed_to_curators(proposal) -> None:
    """When a holder proposes an update of a published fiche."""
    initiative = proposal.initiative
    to_curators(
        subject=f"Mise à jour proposée : « {initiative.title} »",
        template="contributions/emails/update_proposed.txt",
        context={"proposal": proposal, "initiative": initiative},
        failure=f"Courriel aux curateurs non envoyé (mise à jour {proposal.pk})",
    )


def update_decided(proposal) -> None:
    """The proposer learns whether their update was accepted (and the reason of a refusal)."""
    address = proposal.contact_email
    if not address:
        return
    initiative = proposal.initiative
    accepted = proposal.state == "accepted"
    verdict = "acceptée" if accepted else "refusée"
    body = render_to_string(
        "contributions/emails/update_decided.txt",
        {
            "proposal": proposal,
            "initiative": initiative,
            "accepted": accepted,
            "base_url": settings.CAHIER_BASE_URL,
            "site_name": settings.CAHIER_SITE_NAME,
        },
    )
    send_on_commit(
        mail(
            f"[{settings.CAHIER_SITE_NAME}] Mise à jour de « {initiative.title} » : {verdict}",
            body,
            [address],
        ),
        f"Courriel de décision non envoyé (mise à jour {proposal.pk})",
    )
