"""The alert e-mails, in French, plain text: the confirmation request, « déjà abonné » and the
digest. Every one carries a signed unsubscribe link in its text and the RFC 8058 headers
(`List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=One-Click`), whose POST goes to
views.unsubscribe_one_click, the one view exempt from CSRF."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens
from .enums import FREQUENCY_WORDS
from .models import Subscription
from .searches import AlertQuery

NBSP = "\u00a0"
# A digest lists this many fiches at most (a large import), then links to the search.
MAX_LISTED = 50


def absolute(path: str) -> str:
    return settings.CAHIER_BASE_URL + path


def links(subscription: Subscription, *, now: datetime | None = None) -> dict[str, str]:
    """The absolute links of *subscription*'s e-mails and pages."""
    key = subscription.key

    def url(name: str, purpose: str) -> str:
        token = tokens.make(key, purpose, now=now)
        return absolute(reverse(name, kwargs={"token": token}))

    return {
        "confirm_url": url("alerts:confirm", tokens.CONFIRM),
        "unsubscribe_url": url("alerts:unsubscribe", tokens.UNSUBSCRIBE),
        "one_click_url": url("alerts:unsubscribe_one_click", tokens.UNSUBSCRIBE),
        "manage_url": url("alerts:manage", tokens.MANAGE),
    }


def _context(subscription: Subscription, query: AlertQuery | None, now) -> dict:
    context = links(subscription, now=now)
    context |= {
        "subscription": subscription,
        "description": query.describe() if query else subscription.query,
        "search_url": absolute(query.search_url()) if query else "",
        "feed_url": absolute(query.feed_url()) if query else "",
        "frequency": FREQUENCY_WORDS.get(subscription.frequency, subscription.frequency),
        "site_name": settings.CAHIER_SITE_NAME,
        "confirm_days": tokens.CONFIRM_MAX_AGE.days,
    }
    return context


def _message(subscription: Subscription, subject: str, body: str, context: dict) -> EmailMessage:
    return EmailMessage(
        f"[{settings.CAHIER_SITE_NAME}] {subject}",
        body,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{context['one_click_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def confirmation(subscription: Subscription, query: AlertQuery, *, now=None) -> EmailMessage:
    context = _context(subscription, query, now)
    body = render_to_string("alerts/emails/confirm.txt", context)
    return _message(subscription, "Confirmez votre alerte", body, context)


def already_subscribed(subscription: Subscription, query: AlertQuery, *, now=None) -> EmailMessage:
    context = _context(subscription, query, now)
    body = render_to_string("alerts/emails/already.txt", context)
    return _message(subscription, "Vous suivez déjà cette recherche", body, context)


def digest(subscription: Subscription, query: AlertQuery | None, initiatives, *, now=None):
    context = _context(subscription, query, now)
    initiatives = list(initiatives)
    count = len(initiatives)
    context["initiatives"] = [
        {"initiative": initiative, "url": absolute(initiative.get_absolute_url())}
        for initiative in initiatives[:MAX_LISTED]
    ]
    context["count"] = count
    context["more"] = max(0, count - MAX_LISTED)
    noun = "nouvelle initiative" if count == 1 else "nouvelles initiatives"
    body = render_to_string("alerts/emails/digest.txt", context)
    about = context["description"]
    about = about if len(about) <= 120 else about[:119] + "…"
    return _message(subscription, f"{count}{NBSP}{noun} — {about}", body, context)
