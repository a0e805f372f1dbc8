"""The signed links of the alerts (django.core.signing): they carry a subscription's `key`,
signed for one purpose. The confirmation link expires (CONFIRM_MAX_AGE); the unsubscribe and
manage links do not (a link that stops working would trap a subscriber): deleting the
subscription is what ends them. `now` is passed explicitly so that tests freeze the clock."""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
MANAGE = "manage"
PURPOSES = (CONFIRM, UNSUBSCRIBE, MANAGE)
CONFIRM_MAX_AGE = timedelta(days=7)
MAX_AGES = {CONFIRM: CONFIRM_MAX_AGE, UNSUBSCRIBE: None, MANAGE: None}


class TokenError(Exception):
    """A link that cannot be used; `message` says why in French."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.message = message
        self.expired = expired


class _Signer(signing.TimestampSigner):
    def __init__(self, purpose: str, now: datetime | None = None):
        super().__init__(salt=f"cahier.alerts.{purpose}")
        self.now = now

    def timestamp(self) -> str:
        moment = self.now or timezone.now()
        return signing.b62_encode(int(moment.timestamp()))


def make(key, purpose: str, *, now: datetime | None = None) -> str:
    return _Signer(purpose, now).sign(str(key))


def read(token: str, purpose: str, *, now: datetime | None = None) -> str:
    """The key carried by *token*, or TokenError (tampered, for another purpose, expired)."""
    signer = _Signer(purpose, now)
    try:
        signed = signing.Signer.unsign(signer, token)
        key, stamp = signed.rsplit(signer.sep, 1)
        issued = signing.b62_decode(stamp)
    except (signing.BadSignature, ValueError):
        raise TokenError(
            "Ce lien n’est pas valide : il a été modifié ou mal copié. Copiez-le en entier "
            "depuis le courriel, sans espace ni retour à la ligne."
        ) from None
    max_age = MAX_AGES[purpose]
    moment = (now or timezone.now()).timestamp()
    if max_age is not None and moment - issued > max_age.total_seconds():
        raise TokenError(
            f"Ce lien a expiré : il était valable {max_age.days}\u00a0jours. Refaites la "
            "demande d’alerte, un nouveau lien vous sera envoyé.",
            expired=True,
        )
    return key
