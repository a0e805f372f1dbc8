"""The signed link of a reminder e-mail: it carries the reminder's `key`, signed for one
purpose (salt « cahier.reminders.answer »), valid REMINDER_MAX_AGE. Single use is enforced by
the reminder itself (an answered reminder answers nothing more). The signing and reading
are cahier.core.signed_links' (one place), with this app's salt."""

from datetime import datetime, timedelta

from cahier.core import signed_links
from cahier.core.signed_links import TokenError

__all__ = ["ANSWER", "MAX_AGE", "TokenError", "make", "read"]

ANSWER = "answer"
MAX_AGE = timedelta(days=30)


SALT = "cahier.reminders.{}"
EXPIRED = (
    f"Ce lien a expiré\u00a0: il était valable {MAX_AGE.days}\u00a0jours. Rien n’a été "
    "changé sur la fiche\u202f; un curateur la vérifiera, ou connectez-vous pour la mettre "
    "à jour."
)


def make(key, *, purpose: str = ANSWER, now: datetime | None = None) -> str:
    return signed_links.sign(key, salt=SALT.format(purpose), now=now)


def read(token: str, *, purpose: str = ANSWER, now: datetime | None = None) -> str:
    """The key carried by *token*, or TokenError (tampered, another purpose, expired)."""
    return signed_links.unsign(
        token, salt=SALT.format(purpose), max_age=MAX_AGE, expired_message=EXPIRED, now=now
    )
