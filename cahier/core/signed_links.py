"""Signed links sent by e-mail (alerts, update reminders): a key signed for one purpose (its
own salt) with its issue time, read back with an optional maximum age. `now` is explicit so
that tests freeze the clock. The app says in French what an expired link means for it."""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

INVALID = (
    "Ce lien n’est pas valide\u00a0: il a été modifié ou mal copié. Copiez-le en entier depuis "
    "le courriel, sans espace ni retour à la ligne."
)


class TokenError(Exception):
    """A link that cannot be used; `message` says why in French, `expired` whether only its
    age is the problem."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.message = message
        self.expired = expired


class _Signer(signing.TimestampSigner):
    def __init__(self, salt: str, now: datetime | None = None):
        super().__init__(salt=salt)
        self.now = now

    def timestamp(self) -> str:
        moment = self.now or timezone.now()
        return signing.b62_encode(int(moment.timestamp()))


def sign(key, *, salt: str, now: datetime | None = None) -> str:
    return _Signer(salt, now).sign(str(key))


def unsign(
    token: str,
    *,
    salt: str,
    max_age: timedelta | None,
    expired_message: str = "",
    now: datetime | None = None,
) -> str:
    """The key carried by *token*, or TokenError: tampered, signed for another salt, or older
    than *max_age* (None: never expires)."""
    signer = _Signer(salt, now)
    try:
        signed = signing.Signer.unsign(signer, token)
        key, stamp = signed.rsplit(signer.sep, 1)
        issued = signing.b62_decode(stamp)
    except (signing.BadSignature, ValueError):
        raise TokenError(INVALID) from None
    moment = (now or timezone.now()).timestamp()
    if max_age is not None and moment - issued > max_age.total_seconds():
        raise TokenError(expired_message, expired=True)
    return key
