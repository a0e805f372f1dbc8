"""The one acronym matcher: the glossary's acronyms found in rendered text, on every medium.

Matching is case-sensitive (« CAF » is not « caf »), on whole words, with the « MDE(F) »
variants. The matcher is built from the table's rows and cached on their content: whoever reads
the rows (one query, `catalogue.selectors.glossary_matcher`) gets a matcher that reflects every
edit, in every process, with no invalidation to forget."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from cahier.core.text import strip_accents

from .medium import Medium
from .typography import french_spacing

_TAG = re.compile(r"(<[^>]+>)")


def acronym_variants(acronym: str) -> Iterable[str]:
    """« MDE(F) » → MDE(F), MDE, MDEF."""
    yield acronym
    if "(" in acronym and ")" in acronym:
        head, _, rest = acronym.partition("(")
        inner, _, tail = rest.partition(")")
        yield head + tail
        yield head + inner + tail


def glossary_anchors(acronyms: Iterable[str]) -> dict[str, str]:
    """The fragment of /glossaire/ for each acronym, in the given order: « MDE(F) » → « MDEF »;
    two acronyms that fold alike get « -2 », « -3 »… so that every anchor is unique."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for acronym in acronyms:
        base = re.sub(r"[^0-9A-Za-z]+", "", strip_accents(acronym)) or "sigle"
        candidate, counter = base, 2
        while candidate in taken:
            candidate = f"{base}-{counter}"
            counter += 1
        taken.add(candidate)
        anchors[acronym] = candidate
    return anchors


@dataclass(frozen=True)
class Term:
    acronym: str
    definition: str
    anchor: str


@dataclass(frozen=True)
class Glossary:
    pattern: re.Pattern | None
    terms: dict[str, Term]  # escaped variant → its glossary entry

    def mark(self, html: str, medium: Medium) -> str:
        """Mark the acronyms of escaped HTML, in its text only (never inside a tag)."""
        if self.pattern is None:
            return html
        parts = _TAG.split(html)
        for index in range(0, len(parts), 2):
            parts[index] = self.pattern.sub(
                lambda m: self._markup(m.group(0), medium), parts[index]
            )
        return "".join(parts)

    def _markup(self, escaped: str, medium: Medium) -> str:
        text = mark_safe(escaped)  # noqa: S308 - a piece of already escaped text
        if medium == Medium.PRINT:
            return format_html('<em class="sigle">{}</em>', text)
        term = self.terms[escaped]
        if medium == Medium.LABEL:
            return format_html('<abbr title="{}">{}</abbr>', term.definition, text)
        return format_html(
            '<a class="sigle" href="/glossaire/#{}"><abbr title="{}">{}</abbr></a>',
            term.anchor,
            term.definition,
            text,
        )


NO_GLOSSARY = Glossary(None, {})


@lru_cache(maxsize=4)
def glossary_from_rows(rows: tuple[tuple[str, str], ...]) -> Glossary:
    """The matcher of the (acronym, definition) rows, ordered by acronym; built once per content."""
    anchors = glossary_anchors(acronym for acronym, _ in rows)
    terms: dict[str, Term] = {}
    for acronym, definition in rows:
        for variant in acronym_variants(acronym):
            if len(variant) < 2:
                continue  # a one-letter « acronym » would mark every capital A of the text
            # Text is matched once escaped: « R&D » is looked for as « R&amp;D ».
            # The definition is displayed (tooltip): typographic, like every displayed text.
            term = Term(acronym, french_spacing(definition), anchors[acronym])
            terms.setdefault(escape(variant), term)
    if not terms:
        return NO_GLOSSARY
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    # Not inside a word, nor inside an entity such as &amp; or &#x27;.
    pattern = re.compile(rf"(?<![\w&#])(?:{alternatives})(?!\w)")
    return Glossary(pattern, terms)
