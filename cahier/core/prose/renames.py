"""Institutions that changed their names, shown without rewriting the historical text: the
first mention of an old name in a fiche reads « DIRECCTE (aujourd’hui DREETS) ».

The renames are built from the rows of the catalogue's table (`catalogue.selectors.
institution_renames`, one query; core reads no app's tables) and cached on their content, like
the glossary. A fiche's texts share one `Mentions` (its first mention only); `to_html` given
the `Renames` themselves marks the first mention of each text on its own.

Acronyms are matched as written (« DIRECCTE ») or capitalised (« Direccte »), whole words,
never inside an e-mail address or a domain (« @direccte.gouv.fr »); names in any case."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from cahier.core.dates import french_date

from .medium import Medium
from .typography import NBSP

_TAG = re.compile(r"(<[^>]+>)")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Neither inside a word, an entity, an address, a domain or a path, nor before « + »
# (« FSE+ » is not « FSE »), « @ » or a dotted continuation (« direccte.gouv.fr »).
_BEFORE = r"(?<![\w&#@./-])"
_AFTER = r"(?![\w+@]|[.-]\w)"
# How far after a mention the new name counts as already given (« OPCA (OPCO) »).
_LOOKAHEAD = 60


def form_key(text: str) -> str:
    """Mentions compare on this: entities decoded, spaces and apostrophes unified, any case."""
    return _SPACES.sub(" ", html_lib.unescape(text)).replace("’", "'").strip().casefold()


@dataclass(frozen=True)
class Rename:
    old: str  # the old acronym, or name
    new_name: str
    new_acronym: str
    since: str  # « 1er avril 2021 »

    def new_for(self, by_acronym: bool) -> str:
        if by_acronym and self.new_acronym:
            return self.new_acronym
        return self.new_name or self.new_acronym

    @property
    def title(self) -> str:
        full = self.new_name
        if self.new_name and self.new_acronym:
            full = f"{self.new_name} ({self.new_acronym})"
        return f"Depuis le {self.since}{NBSP}: {full or self.new_acronym}"


@dataclass(frozen=True)
class Renames:
    pattern: re.Pattern | None
    forms: dict[str, tuple[Rename, bool]]  # form_key → (rename, mentioned by its acronym)

    def mentions(self) -> Mentions:
        """A fresh first-mention tracker: one per fiche."""
        return Mentions(self)


@dataclass
class Mentions:
    renames: Renames
    seen: set[Rename] = field(default_factory=set)

    def mark(self, html: str, medium: Medium) -> str:
        """Add « (aujourd’hui …) » after the first mention of each old name in escaped HTML
        (in its text only, never inside a tag); later mentions are left as written."""
        pattern = self.renames.pattern
        if pattern is None:
            return html
        parts = _TAG.split(html)
        for index in range(0, len(parts), 2):
            following = "".join(parts[index + 1 : index + 4])
            parts[index] = pattern.sub(
                lambda match, after=following: self._annotate(match, after, medium), parts[index]
            )
        return "".join(parts)

    def _annotate(self, match: re.Match, following: str, medium: Medium) -> str:
        text = match.group(0)
        rename, by_acronym = self.renames.forms[form_key(text)]
        if rename in self.seen:
            return text
        self.seen.add(rename)
        new = rename.new_for(by_acronym)
        after = _TAG.sub("", match.string[match.end() :] + following)[:_LOOKAHEAD]
        if form_key(new) in form_key(after):
            return text  # the text gives the new name already
        note = f"(aujourd’hui {new})"
        if medium == Medium.PRINT:
            return format_html('{} <span class="renamed">{}</span>', _safe(text), note)
        return format_html(
            '{} <span class="cahier-renamed" title="{}">{}</span>', _safe(text), rename.title, note
        )


def _safe(escaped: str):
    return mark_safe(escaped)  # noqa: S308 - a piece of already escaped text


def _form_pattern(form: str) -> str:
    """A form as it appears in escaped text: any run of spaces, either apostrophe."""
    words = [re.escape(escape(word)) for word in form.split()]
    words = [word.replace(re.escape(escape("'")), "(?:&#x27;|’)") for word in words]
    return r"[\s\u00a0\u202f]+".join(words)


NO_RENAMES = Renames(None, {})

Row = tuple[str, str, str, str, date]  # old acronym, old name, new acronym, new name, date


@lru_cache(maxsize=4)
def renames_from_rows(rows: tuple[Row, ...]) -> Renames:
    """The matcher of the table's rows; built once per content."""
    forms: dict[str, tuple[Rename, bool]] = {}
    acronyms: list[str] = []
    names: list[str] = []
    for old_acronym, old_name, new_acronym, new_name, changed_on in rows:
        old_acronym, old_name = old_acronym.strip(), old_name.strip()
        if not (new_acronym or new_name) or not (old_acronym or old_name):
            continue
        rename = Rename(old_acronym or old_name, new_name, new_acronym, french_date(changed_on))
        if len(old_acronym) >= 2:
            for variant in dict.fromkeys([old_acronym, old_acronym.capitalize()]):
                forms.setdefault(form_key(variant), (rename, True))
                acronyms.append(variant)
        if old_name:
            forms.setdefault(form_key(old_name), (rename, False))
            names.append(old_name)
    if not forms:
        return NO_RENAMES
    alternatives = [_form_pattern(name) for name in sorted(names, key=len, reverse=True)]
    by_length = sorted(acronyms, key=len, reverse=True)
    case_insensitive = f"(?i:{'|'.join(alternatives)})" if alternatives else ""
    exact = "|".join(re.escape(escape(acronym)) for acronym in by_length)
    choices = "|".join(part for part in (case_insensitive, exact) if part)
    return Renames(re.compile(rf"{_BEFORE}(?:{choices}){_AFTER}"), forms)
