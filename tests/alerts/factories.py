"""Alert subscriptions, written by the services as the site writes them: `subscribe(…)` asks
(a confirmation e-mail is built) and, unless `confirmed=False`, confirms at *now*."""

import re
from datetime import datetime

from django.http import QueryDict
from django.utils import timezone

from cahier.alerts import services
from cahier.alerts.enums import Frequency
from cahier.alerts.models import Subscription
from cahier.alerts.searches import AlertQuery
from cahier.catalogue.models import Initiative


def subscribe(
    email: str = "lectrice@example.org",
    query: str = "region=bretagne",
    *,
    frequency: str = Frequency.IMMEDIATE,
    now: datetime | None = None,
    confirmed: bool = True,
) -> Subscription:
    subscription, _ = services.subscription_request(
        email=email,
        query=AlertQuery.from_querydict(QueryDict(query)),
        frequency=frequency,
        now=now,
    )
    if confirmed:
        services.subscription_confirm(subscription=subscription, now=now)
    subscription.refresh_from_db()
    return subscription


def published_at(initiative: Initiative, moment: datetime) -> Initiative:
    """Move the first publication of *initiative* to *moment* (the service stamps the real
    clock; the sender's tests run on a frozen one)."""
    Initiative.objects.filter(pk=initiative.pk).update(published_at=moment)
    initiative.refresh_from_db()
    return initiative


def paris(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def link(message, name: str) -> str:
    """The path of the link to *name* (confirmer, gerer, desabonnement) in an e-mail's text."""
    found = re.search(rf"https?://[^/\s]+(/alertes/{name}/[^\s]+/)(?:\s|$)", message.body)
    assert found, f"pas de lien /alertes/{name}/ dans :\n{message.body}"
    return found.group(1)
