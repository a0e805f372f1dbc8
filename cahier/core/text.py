"""Small text helpers shared by every app (folding, keys, slugs)."""

import re
import unicodedata

from django.utils.text import slugify

from cahier.core.limits import number

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "ʼ": "'"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """Remove diacritics and expand the French ligatures (œ → oe), keeping the case."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Lower-case, accent-free form used to compare what people type with what is stored."""
    return strip_accents(text).lower()


def name_key(text: str) -> str:
    """Key under which differently spelled names are one: « Pôle emploi » = « POLE-EMPLOI »."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def unique_slug(text: str, taken: set[str], max_length: int = 80) -> str:
    """A slug for *text* not in *taken* (adds -2, -3… when needed)."""
    base = slugify(strip_accents(text))[:max_length].strip("-") or "fiche"
    slug, counter = base, 2
    while slug in taken:
        suffix = f"-{counter}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return slug


def count_fr(count: int, singular: str, plural: str = "", *, none: str = "Aucun") -> str:
    """« Aucune fiche », « 1 fiche », « 3 fiches »: a count with its noun agreed (French: 0 and 1
    are singular). *plural* defaults to *singular* + « s »; *none* is « Aucun » or « Aucune »
    (the noun's gender) and is written instead of 0."""
    if not count:
        return f"{none} {singular}"
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{number(count)} {noun}"
