"""Final ranking of the best candidates: BM25F computed here, the same on every backend.

The backend (FTS5 bm25 or PostgreSQL ts_rank) only picks the RERANK_WINDOW best candidates;
they are then scored field by field with the weights of backends.FIELDS, counting each query
concept once — through its best alternative, a synonym earning SYNONYM_CREDIT of the word typed,
an acronym as much as its definition — so that a fiche naming three synonyms of one word does
not outrank one that covers the whole query. A coordination factor (share of concepts present)
and the place boost follow. Ties: fiche number, then id."""

import math
from collections.abc import Sequence

from .backends import FIELD_NAMES, FIELDS
from .query import Phrase
from .understanding import VALUE_WEIGHT

RERANK_WINDOW = 50
SYNONYM_CREDIT = 0.6
K1 = 1.2
B = 0.6
COORDINATION_POWER = 0.5
WEIGHTS = [weight for _, weight, _ in FIELDS]
# Filter tokens weigh nothing in the backends; here they are only ever asked for by the values a
# query names (understanding.py), which they then carry like a label.
WEIGHTS[FIELD_NAMES.index("facets")] = VALUE_WEIGHT


class _Doc:
    """Fields as space-padded token strings: counting a phrase is a C-speed substring count."""

    def __init__(self, fields: Sequence[str]):
        self.fields = [f" {text} " for text in fields]
        self.lengths = [text.count(" ") - 1 for text in self.fields]
        self.whole = "\t".join(self.fields)

    def frequency(self, field: int, needle: str) -> int:
        return self.fields[field].count(needle)


def idf(document_frequency: float, total: int) -> float:
    """BM25's idf of a word found in *document_frequency* of *total* documents."""
    return math.log(1 + (total - document_frequency + 0.5) / (document_frequency + 0.5))


def phrase_idf(phrase: Phrase, document_frequency: dict[str, int], total: int) -> float:
    # Lucene's phrase idf: the sum of its terms' idf.
    return sum(idf(document_frequency.get(token, 0), total) for token in phrase)


def score_documents(
    fields_by_id: dict[int, Sequence[str]],
    concepts: Sequence[tuple[list[Phrase], set[Phrase], bool]],
    document_frequency: dict[str, int],
    total: int,
) -> dict[int, float]:
    """concepts: (alternatives, exact alternatives, counts for coordination)."""
    docs = {pk: _Doc(fields) for pk, fields in fields_by_id.items()}
    if not docs:
        return {}
    field_count = len(WEIGHTS)
    average = [
        max(1.0, sum(doc.lengths[f] for doc in docs.values() if f < len(doc.lengths)) / len(docs))
        for f in range(field_count)
    ]
    needles = {
        phrase: " " + " ".join(phrase) + " "
        for alternatives, _, _ in concepts
        for phrase in alternatives
    }
    idf = {
        phrase: phrase_idf(phrase, document_frequency, max(total, 1))
        for alternatives, _, _ in concepts
        for phrase in alternatives
    }
    coordinated = sum(1 for _, _, counts in concepts if counts)
    scores = {}
    for pk, doc in docs.items():
        total_score, matched = 0.0, 0.0
        for alternatives, exact, counts in concepts:
            best, best_credit = 0.0, 0.0
            for phrase in alternatives:
                if needles[phrase] not in doc.whole:
                    continue
                pseudo = 0.0
                for f in range(min(field_count, len(doc.fields))):
                    frequency = doc.frequency(f, needles[phrase])
                    if frequency:
                        norm = 1 - B + B * doc.lengths[f] / average[f]
                        pseudo += WEIGHTS[f] * frequency / norm
                if not pseudo:
                    continue
                credit = 1.0 if phrase in exact else SYNONYM_CREDIT
                value = credit * idf[phrase] * pseudo * (K1 + 1) / (pseudo + K1)
                if value > best:
                    best = value
                best_credit = max(best_credit, credit)
            total_score += best
            if counts:
                matched += best_credit
        coordination = matched / coordinated if coordinated else 1.0
        scores[pk] = total_score * coordination**COORDINATION_POWER
    return scores


def rerank(
    rows, fields_by_id, concepts, document_frequency, total, boost_regions, boost, extra=None
):
    """rows: (id, backend score, number, region id) → [(id, score)] best first; ties go to the
    lower fiche number, then the lower id. *extra*: id → a further multiplier (the catalogue
    values the query names, understanding.py)."""
    scores = score_documents(fields_by_id, concepts, document_frequency, total)
    ordered = []
    for pk, _, number, region_id in rows:
        final = scores.get(pk, 0.0) * (boost if region_id in boost_regions else 1.0)
        if extra is not None:
            final *= extra(pk)
        ordered.append((-final, number is None, number or 0, pk, final))
    ordered.sort()
    return [(item[3], item[4]) for item in ordered]


def scoring_concepts(parsed, expression) -> list[tuple[list[Phrase], set[Phrase], bool]]:
    """The parsed concepts, plus the region tokens a place-only query adds."""
    concepts = [(list(c.alternatives), set(c.exact), not c.is_place) for c in parsed.concepts]
    if parsed.place_only and len(expression) > len(parsed.concepts):
        region_tokens = expression[-1]
        concepts.append((list(region_tokens), set(region_tokens), False))
    return concepts
