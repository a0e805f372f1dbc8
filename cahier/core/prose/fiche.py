"""A fiche's texts as the site shows them, for its public page and its curation preview."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from ..cleaning import link_error
from . import to_html
from .glossary import Glossary
from .medium import Medium
from .renames import Renames

_email = EmailValidator()


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def fiche_html(
    initiative,
    *,
    glossary: Glossary,
    medium: Medium = Medium.WEB,
    renames: Renames | None = None,
) -> dict[str, Any]:
    """The template context of a fiche's texts: prose fields rendered, links and e-mail
    addresses checked (only real http(s) or mailto URLs and addresses become links: what the
    services store is checked already, this keeps older data harmless). With *renames*, the
    first mention in the fiche of an institution that changed names says its new name."""
    mentions = renames.mentions() if renames is not None else None

    def line(text: str):
        return to_html(text, glossary=glossary, medium=medium, inline=True, renames=mentions)

    def blocks(text: str):
        return to_html(text, glossary=glossary, medium=medium, renames=mentions)

    return {
        # As printed, the title gets the typography but no acronym markup.
        "title": to_html(initiative.title, inline=True),
        "territory": line(initiative.territory),
        "description": blocks(initiative.description),
        "added_value": [line(item) for item in initiative.added_value],
        "porteur": line(initiative.porteur_label or str(initiative.porteur or "")),
        "public": blocks(initiative.public),
        "partners": [line(item) for item in initiative.partners],
        "results": blocks(initiative.results),
        # Transfer kit and lineage (issue essaimage): the same rendering as the texts above.
        **{
            name: blocks(getattr(initiative, name, ""))
            for name in (
                "success_conditions",
                "pitfalls",
                "essential_partners",
                "prerequisites",
                "adaptations",
            )
        },
        "links": [
            {"url": link, "is_url": link_error(link.strip()) is None} for link in initiative.links
        ],
        "emails": [
            {"address": email, "is_email": _valid(_email, email.strip())}
            for email in initiative.referent_emails
        ],
    }
