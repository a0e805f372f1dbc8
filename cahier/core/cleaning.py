"""The one cleaning rule for stored text, used by every way in (forms, services, the importer,
the open-data JSON loader): plain text in, plain text stored.

Nothing is decoded and nothing that looks like markup is removed: « <marie@asso.fr> »,
« si n<nmax » or « &amp;lt; » are stored as typed, and every output escapes them (pages, PDF
and e-mails through `cahier.core.prose`; the API and the exports carry plain text). Removing
tags or decoding entities is what made the old cleaner cut text at « < » and let a double
encoding turn into markup. What goes: control characters (NUL, escape, bidirectional
overrides…), trailing spaces of each line and the blank edges. Cleaning twice gives the same
text as cleaning once.

Links are limited to http(s) and mailto (`link_error`)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

# C0 and C1 controls except tab and line feed, DEL, and the bidirectional embeddings,
# overrides and isolates (they can make a stored text read differently from what it says).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")

LINK_SCHEMES = ("http", "https", "mailto")
_WEB_URL = URLValidator(schemes=["http", "https"])


def clean_text(value: str) -> str:
    """Multi-line plain text: line endings normalised, control characters removed, each line's
    trailing spaces and the text's blank edges trimmed. Idempotent."""
    if not value:
        return ""
    text = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", str(value)))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def clean_line(value: str) -> str:
    """One-line text (titles, names): cleaned, every run of spaces or line breaks folded into
    one space, so that it can go into an e-mail subject or a list."""
    return " ".join(clean_text(value).split())


def clean_lines(values) -> list[str]:
    """A list field (partners, links…): each item a clean line, empty items dropped."""
    cleaned = (clean_line(value) for value in values or [])
    return [value for value in cleaned if value]


def link_error(link: str) -> str | None:
    """Why *link* cannot be stored as a link (a French message), or None when it can: an
    http(s) web address or a mailto: address, nothing else (no javascript:, data:…)."""
    scheme, colon, rest = link.partition(":")
    scheme = scheme.lower()
    if colon and scheme == "mailto":
        try:
            validate_email(rest.split("?", 1)[0])
        except ValidationError:
            return f"« {link} » n’est pas une adresse mailto: valide."
        return None
    if colon and scheme in ("http", "https"):
        try:
            _WEB_URL(link)
        except ValidationError:
            return f"« {link} » n’est pas une adresse web valide."
        return None
    return (
        f"« {link} » n’est pas une adresse web : un lien commence par https://, http:// ou mailto:."
    )
