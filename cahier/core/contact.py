"""The catalogue team's address (CAHIER_PUBLISHER_EMAIL), for every page that tells readers
where to write: the legal pages (cahier/legal) and « Signaler une erreur » on a fiche. Its
default is a placeholder in [brackets] only the operator can fill (`cahier check --deploy`
warns while one is left)."""

from django.conf import settings

PLACEHOLDER_START = "[À compléter"


def is_placeholder(value: str) -> bool:
    return value.strip().startswith(PLACEHOLDER_START)


def is_address(value: str) -> bool:
    """A real address (a mailto: link can be made of it), not a placeholder."""
    return "@" in value and not is_placeholder(value)


def team_email() -> str:
    """The team's address, or "" while the setting holds a placeholder."""
    email = settings.CAHIER_PUBLISHER_EMAIL
    return email.strip() if is_address(email) else ""
