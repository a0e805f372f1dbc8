"""Signed values of the contacts app (django.core.signing, the project's SECRET_KEY):

- the form's token: a one-time key (a double submit finds the request it already made) and
  the time the form was shown (a form sent back within seconds was filled by a robot);
- the « J'ai répondu » link of the e-mails: the request, valid ANSWER_MAX_AGE, used once.

Both carry their own issue time, so that the checks take `now=` (tests freeze the clock)."""

import secrets
import time
from datetime import timedelta

from django.core import signing

FORM_SALT = "cahier.contacts.form"
ANSWER_SALT = "cahier.contacts.answered"
# A person reads the fiche, then types: under this, a robot filled the form.
MIN_FILL_SECONDS = 3
# A form left open longer must be sent again (its typed text is kept).
FORM_MAX_AGE = timedelta(hours=6)
ANSWER_MAX_AGE = timedelta(days=60)


class TokenError(Exception):
    """A token that cannot be used; the message says why, in French."""


class Expired(TokenError):
    pass


class TooFast(TokenError):
    pass


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def form_token(*, now: float | None = None, key: str | None = None) -> str:
    return signing.dumps(
        {"k": key or secrets.token_hex(16), "t": int(_now(now))}, salt=FORM_SALT, compress=True
    )


def form_key(token: str, *, now: float | None = None) -> str:
    """The one-time key of a form's *token*; TokenError when it was altered, Expired when the
    form is too old, TooFast when it came back too soon."""
    try:
        value = signing.loads(token or "", salt=FORM_SALT)
        key, issued = str(value["k"]), int(value["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenError(
            "Le formulaire est incomplet ou a été modifié : rechargez la page puis envoyez "
            "votre demande à nouveau."
        ) from error
    elapsed = _now(now) - issued
    if elapsed > FORM_MAX_AGE.total_seconds():
        raise Expired(
            "Le formulaire était ouvert depuis plus de 6\u00a0heures : votre texte est gardé "
            "ci-dessous, vérifiez-le puis envoyez-le à nouveau."
        )
    if elapsed < MIN_FILL_SECONDS:
        raise TooFast(
            "Envoi trop rapide : prenez quelques secondes pour relire votre message, puis "
            "envoyez-le à nouveau."
        )
    return key


def answer_token(request_pk: int, *, now: float | None = None) -> str:
    return signing.dumps({"r": request_pk, "t": int(_now(now))}, salt=ANSWER_SALT)


def answer_request_pk(token: str, *, now: float | None = None) -> int:
    """The request a « J'ai répondu » link designates; TokenError when altered, Expired
    past ANSWER_MAX_AGE."""
    try:
        value = signing.loads(token, salt=ANSWER_SALT)
        pk, issued = int(value["r"]), int(value["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenError("Ce lien n’est pas valide : il a peut-être été mal copié.") from error
    if _now(now) - issued > ANSWER_MAX_AGE.total_seconds():
        raise Expired(
            f"Ce lien a expiré (il vaut {ANSWER_MAX_AGE.days}\u00a0jours). Si vous avez répondu, "
            "rien d’autre à faire : merci\u202f!"
        )
    return pk
