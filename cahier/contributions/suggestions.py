"""Suggested keywords, publics and fundings for a proposal: a term is suggested when every
significant word of its label (stemmed, accents folded) appears in the text, or in the
definition of an acronym the text uses. Each suggestion says why, so curators can judge it."""

import re
from dataclasses import dataclass

import Stemmer

from cahier.catalogue.models import Funding, GlossaryTerm, Keyword, PublicType
from cahier.catalogue.selectors import acronym_variants
from cahier.core.text import fold

_STEMMER = Stemmer.Stemmer("french")
_WORD = re.compile(r"[0-9a-z]+")
STOPWORDS = set(
    [
        "a",
        "au",
        "aux",
        "avec",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "l",
        "d",
        "un",
        "une",
        "pour",
        "par",
        "sur",
        "ou",
        "ses",
        "son",
        "sa",
        "leur",
        "leurs",
        "qui",
        "que",
        "dont",
        "est",
        "sont",
        "plus",
        "ne",
        "pas",
        "ce",
        "cette",
        "ces",
        "se",
    ]
)


def _stems(text: str) -> list[str]:
    words = [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1]
    return _STEMMER.stemWords(words)


@dataclass(frozen=True)
class Suggestion:
    term: object
    reason: str


def _acronym_expansions(text: str) -> list[tuple[str, set[str]]]:
    """(acronym, stems of its definition) for each glossary acronym found in *text*."""
    tokens = set(re.findall(r"[\w()]+", text))
    found = []
    for term in GlossaryTerm.objects.all():
        if any(variant in tokens for variant in acronym_variants(term.acronym)):
            found.append((term.acronym, set(_stems(term.definition))))
    return found


def suggest(text: str) -> dict[str, list[Suggestion]]:
    """Suggestions by taxonomy (« keywords », « publics », « fundings ») for *text*."""
    stems = set(_stems(text))
    expansions = _acronym_expansions(text)
    result: dict[str, list[Suggestion]] = {}
    for name, model in (("keywords", Keyword), ("publics", PublicType), ("fundings", Funding)):
        suggestions = []
        for term in model.objects.all():
            wanted = set(_stems(term.label))
            if not wanted:
                continue
            if wanted <= stems:
                suggestions.append(Suggestion(term, f"« {term.label} » figure dans le texte"))
                continue
            for acronym, definition in expansions:
                if wanted <= stems | definition:
                    suggestions.append(
                        Suggestion(term, f"le sigle {acronym} renvoie à « {term.label} »")
                    )
                    break
        result[name] = suggestions
    return result
