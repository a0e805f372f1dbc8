"""The signed link of a reminder e-mail: it carries the reminder's `key`, signed for one
purpose (salt « cahier.reminders.answer »), valid REMINDER_MAX_AGE. Single use is enforced by
the reminder itself (an answered reminder answers nothing more). The signing and reading
are cahier.alerts.tokens' (one place), with this app's salt."""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

from cahier.alerts.tokens import TokenError

__all__ = ["ANSWER", "MAX_AGE", "TokenError", "make", "read"]

ANSWER = "answer"
MAX_AGE = timedelta(days=30)


class _Signer(signing.TimestampSigner):
    def __init__(self, purpose: str, now: datetime | None = None):
        super().__init__(salt=f"cahier.reminders.{purpose}")
        self.now = now

    def timestamp(self) -> str:
        moment = self.now or timezone.now()
        return signing.b62_encode(int(moment.timestamp()))


def make(key, *, purpose: str = ANSWER, now: datetime | None = None) -> str:
    return _Signer(purpose, now).sign(str(key))


def read(token: str, *, purpose: str = ANSWER, now: datetime | None = None) -> str:
    """The key carried by *token*, or TokenError (tampered, another purpose, expired)."""
    signer = _Signer(purpose, now)
    try:
        signed = signing.Signer.unsign(signer, token)
        key, stamp = signed.rsplit(signer.sep, 1)
        issued = signing.b62_decode(stamp)
    except (signing.BadSignature, ValueError):
        raise TokenError(
            "Ce lien n’est pas valide\u00a0: il a été modifié ou mal copié. Copiez-le en entier "
            "depuis le courriel, sans espace ni retour à la ligne."
        ) from None
    moment = (now or timezone.now()).timestamp()
    if moment - issued > MAX_AGE.total_seconds():
        raise TokenError(
            f"Ce lien a expiré\u00a0: il était valable {MAX_AGE.days}\u00a0jours. Rien n’a été "
            "changé sur la fiche\u202f; un curateur la vérifiera, ou connectez-vous pour la mettre "
            "à jour.",
            expired=True,
        )
    return key
