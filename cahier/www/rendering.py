"""Turning a fiche's stored text into HTML: paragraphs, lists and glossary abbreviations.

Text is escaped first; only then are whole-word acronyms wrapped in
`<a href="/glossaire/#ANCRE"><abbr title="définition">SIGLE</abbr></a>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from cahier.catalogue.models import GlossaryTerm
from cahier.catalogue.selectors import acronym_variants
from cahier.core.text import strip_accents


def glossary_anchor(acronym: str) -> str:
    """The fragment of /glossaire/ for *acronym*: « MDE(F) » → « MDEF »."""
    return re.sub(r"[^0-9A-Za-z]+", "", strip_accents(acronym)) or "sigle"


@dataclass(frozen=True)
class Glossary:
    pattern: re.Pattern | None
    terms: dict[str, tuple[str, str]]  # variant → (definition, anchor)

    def wrap(self, escaped: str) -> str:
        """Wrap the acronyms of already escaped HTML text."""
        if self.pattern is None:
            return escaped

        def replace(match: re.Match) -> str:
            definition, anchor = self.terms[match.group(0)]
            return format_html(
                '<a class="sigle" href="/glossaire/#{}"><abbr title="{}">{}</abbr></a>',
                anchor,
                definition,
                mark_safe(match.group(0)),  # noqa: S308 - already escaped text
            )

        return self.pattern.sub(replace, escaped)


def glossary() -> Glossary:
    """The glossary matcher; rebuilt only when the table's content changes."""
    rows = tuple(GlossaryTerm.objects.order_by("acronym").values_list("acronym", "definition"))
    return _build_glossary(rows)


@lru_cache(maxsize=4)
def _build_glossary(rows: tuple[tuple[str, str], ...]) -> Glossary:
    terms: dict[str, tuple[str, str]] = {}
    for acronym, definition in rows:
        for variant in acronym_variants(acronym):
            # Acronyms are matched as escaped text, case-sensitively: « CAF » is not « caf ».
            terms.setdefault(escape(variant), (definition, glossary_anchor(acronym)))
    if not terms:
        return Glossary(None, {})
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    # Not inside a word, nor inside an HTML entity such as &#x27; or &amp;.
    pattern = re.compile(rf"(?<![\w&#])(?:{alternatives})(?![\w])")
    return Glossary(pattern, terms)


_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_BEFORE_PUNCTUATION = re.compile(r" (?=[;:!?»])")
_AFTER_GUILLEMET = re.compile(r"(?<=«) ")


def typography(text: str) -> str:
    """French non-breaking spaces: « 1 820 », « mot : », « « citation » »."""
    text = _THOUSANDS.sub("\u00a0", text)
    text = _BEFORE_PUNCTUATION.sub("\u202f", text)
    return _AFTER_GUILLEMET.sub("\u00a0", text)


def inline(text: str, terms: Glossary | None = None) -> SafeString:
    """One line of text, escaped, acronyms wrapped."""
    escaped = escape(typography(text))
    return mark_safe(terms.wrap(escaped) if terms else escaped)  # noqa: S308


def blocks(text: str, terms: Glossary | None = None) -> SafeString:
    """Paragraphs (separated by a blank line) and lists (lines starting with « - »)."""
    html: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        # Consecutive lines of the same kind (list item or not) form one <ul> or one <p>.
        groups: list[tuple[bool, list[str]]] = []
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            is_item = line.startswith("- ") or line == "-"
            content = inline(line[2:].strip() if is_item else line, terms)
            if groups and groups[-1][0] == is_item:
                groups[-1][1].append(content)
            else:
                groups.append((is_item, [content]))
        for is_item, lines in groups:
            if is_item:
                html.append("<ul>" + "".join(f"<li>{item}</li>" for item in lines) + "</ul>")
            else:
                html.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("".join(html))  # noqa: S308 - every piece went through inline()
