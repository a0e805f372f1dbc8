"""The durations the legal pages state, read from the constants and settings the code itself
uses: a page cannot say 12 months while `cahier contacts purge` erases after 6."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

from cahier.alerts.tokens import CONFIRM_MAX_AGE
from cahier.contacts.services import REMIND_AFTER
from cahier.contacts.services import RETENTION as CONTACT_RETENTION
from cahier.contributions.accounts import ACTIVATION_MAX_AGE
from cahier.reminders.tokens import MAX_AGE as REMINDER_LINK_MAX_AGE

DAY = 24 * 3600


@dataclass(frozen=True)
class Retention:
    contact_days: int
    contact_remind_days: int
    alert_confirm_days: int
    activation_days: int
    password_reset_days: int
    reminder_link_days: int
    login_failure_limit: int
    login_cooloff_minutes: int


def retention() -> Retention:
    return Retention(
        contact_days=CONTACT_RETENTION.days,
        contact_remind_days=REMIND_AFTER.days,
        alert_confirm_days=CONFIRM_MAX_AGE.days,
        activation_days=ACTIVATION_MAX_AGE // DAY,
        password_reset_days=settings.PASSWORD_RESET_TIMEOUT // DAY,
        reminder_link_days=REMINDER_LINK_MAX_AGE.days,
        login_failure_limit=settings.AXES_FAILURE_LIMIT,
        login_cooloff_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    )


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    who: str
    lifetime: str


def _days(seconds: int) -> str:
    days = seconds // DAY
    return f"{days}\u00a0jours" if days != 1 else "1\u00a0jour"


def cookies() -> list[Cookie]:
    """Every cookie the site can set, by the names in the settings (Django's defaults unless
    configured). No other: the reading pages set none (tests/legal/test_pages.py)."""
    session_lifetime = (
        "jusqu’à la fermeture du navigateur"
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else f"{_days(settings.SESSION_COOKIE_AGE)}, ou jusqu’à la déconnexion"
    )
    return [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose="vous garder connecté ou connectée à votre compte d’une page à l’autre",
            who="les personnes qui se connectent (contributeurs, curateurs)",
            lifetime=session_lifetime,
        ),
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            purpose="protéger les formulaires contre leur envoi par un autre site "
            "(falsification de requête)",
            who="les personnes qui ouvrent un formulaire (connexion, inscription, proposition, "
            "demande de contact, alerte)",
            lifetime=_days(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            name=CookieStorage.cookie_name,
            purpose="afficher un message de confirmation sur la page suivante (par exemple "
            "«\u00a0compte activé\u00a0»)",
            who="après certaines actions seulement",
            lifetime="effacé dès que le message est affiché",
        ),
    ]
