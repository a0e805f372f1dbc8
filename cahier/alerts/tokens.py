"""The signed links of the alerts (django.core.signing): they carry a subscription's `key`,
signed for one purpose. The confirmation link expires (CONFIRM_MAX_AGE); the unsubscribe and
manage links do not (a link that stops working would trap a subscriber): deleting the
subscription is what ends them. `now` is passed explicitly so that tests freeze the clock."""

from datetime import datetime, timedelta

from cahier.core import signed_links
from cahier.core.signed_links import TokenError

__all__ = ["CONFIRM", "MANAGE", "UNSUBSCRIBE", "TokenError", "make", "read"]

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
MANAGE = "manage"
PURPOSES = (CONFIRM, UNSUBSCRIBE, MANAGE)
CONFIRM_MAX_AGE = timedelta(days=7)
MAX_AGES = {CONFIRM: CONFIRM_MAX_AGE, UNSUBSCRIBE: None, MANAGE: None}


def make(key, purpose: str, *, now: datetime | None = None) -> str:
    return signed_links.sign(key, salt=f"cahier.alerts.{purpose}", now=now)


def read(token: str, purpose: str, *, now: datetime | None = None) -> str:
    """The key carried by *token*, or TokenError (tampered, for another purpose, expired)."""
    max_age = MAX_AGES[purpose]
    expired = (
        f"Ce lien a expiré\u00a0: il était valable {max_age.days}\u00a0jours. Refaites la "
        "demande d’alerte, un nouveau lien vous sera envoyé."
        if max_age
        else ""
    )
    return signed_links.unsign(
        token, salt=f"cahier.alerts.{purpose}", max_age=max_age, expired_message=expired, now=now
    )
