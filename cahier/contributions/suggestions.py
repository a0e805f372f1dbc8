"""Suggested keywords, publics and fundings for a proposal. A term is suggested when every
significant word of its label appears in the text (the search app's French analyzer: stemmed,
accents folded, stop words dropped), or in the definition of a glossary acronym the text uses,
or in a synonym of a phrase the text contains. Each suggestion says why, so people can judge."""

from dataclasses import dataclass

from cahier.catalogue.models import Funding, GlossaryTerm, Keyword, PublicType
from cahier.core.prose import acronym_variants
from cahier.search.analysis import analyze
from cahier.search.models import Synonym

TAXONOMIES = (("keywords", Keyword), ("publics", PublicType), ("fundings", Funding))


@dataclass(frozen=True)
class Suggestion:
    term: object
    reason: str


def _contains(tokens: list[str], phrase: list[str]) -> bool:
    """Whether *phrase* occurs as consecutive tokens of *tokens*."""
    if not phrase:
        return False
    size = len(phrase)
    return any(tokens[i : i + size] == phrase for i in range(len(tokens) - size + 1))


def _expansions(text: str, tokens: list[str]) -> list[tuple[str, set[str]]]:
    """(why, extra tokens) for each glossary acronym and synonym group the text uses."""
    found = []
    words = set(text.replace("’", "'").split()) | {
        word.strip(".,;:!?()«»\"'") for word in text.split()
    }
    for term in GlossaryTerm.objects.all():
        if any(variant in words for variant in acronym_variants(term.acronym)):
            found.append((f"le sigle {term.acronym}", set(analyze(term.definition))))
    for group in Synonym.objects.filter(is_active=True):
        terms = [line.strip() for line in group.terms.splitlines() if line.strip()]
        used = next((t for t in terms if _contains(tokens, analyze(t))), None)
        if used:
            extra = set()
            for other in terms:
                extra |= set(analyze(other))
            found.append((f"« {used} » (synonymes)", extra))
    return found


def _match(label: str, present: set[str], expansions) -> str:
    """Why *label* fits the text, or "". « DELD / DETLD / BRSA » is three alternatives."""
    alternatives = [part.strip() for part in label.split("/") if part.strip()]
    for alternative in alternatives:
        wanted = set(analyze(alternative))
        if wanted and wanted <= present:
            return f"« {alternative} » figure dans le texte"
    for alternative in alternatives:
        wanted = set(analyze(alternative))
        for why, extra in expansions:
            if wanted and wanted <= present | extra:
                return f"{why} renvoie à « {alternative} »"
    return ""


def suggest(text: str) -> dict[str, list[Suggestion]]:
    """Suggestions by taxonomy (« keywords », « publics », « fundings ») for *text*."""
    tokens = analyze(text)
    present = set(tokens)
    expansions = _expansions(text, tokens)
    result: dict[str, list[Suggestion]] = {}
    for name, model in TAXONOMIES:
        suggestions = []
        for term in model.objects.all():
            reason = _match(term.label, present, expansions)
            if reason:
                suggestions.append(Suggestion(term, reason))
        result[name] = suggestions
    return result
