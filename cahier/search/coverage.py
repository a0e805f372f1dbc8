"""Which results of a query are « pertinents » and which are « partiels » (docs/search.md,
« Résultats pertinents et partiels »).

A fiche is a result as soon as it holds one concept of the query (OR). A long query then
« finds » nearly the whole catalogue through its common words (« insertion », « jeunes »), so
each concept weighs its rarity — the BM25 idf of the fiches it matches, as ranking.py scores it
— and a result is pertinent when the concepts it holds weigh at least RELEVANT_SHARE of the
query's weight, or as much as one concept found in at most RARE_SHARE of the catalogue (a rare
concept is enough on its own: a query of rare words keeps every result pertinent). The other
results are partial: still found, counted and exported, listed after the pertinent ones.

Places only favour their region (engine.PLACE_BOOST), so they take no part in the rule; a query
with fewer than two weighed concepts keeps every result pertinent. Computed on the per-concept
bitsets (bit n = fiche n): one weighted sum over a numpy array per concept."""

from dataclasses import dataclass

import numpy as np

from .ranking import idf, phrase_idf

RELEVANT_SHARE = 0.5
RARE_SHARE = 0.05


@dataclass(frozen=True)
class Coverage:
    relevant: int  # bitset: the pertinent results
    complete: int  # bitset: the results holding every weighed concept


def _flags(bits: int, size: int) -> np.ndarray:
    data = np.frombuffer(bits.to_bytes(size, "little"), dtype=np.uint8)
    return np.unpackbits(data, bitorder="little")


def coverage(
    selected: int, concept_bits: list[int], concept_weights: list[float], total: int
) -> Coverage:
    """*selected*: the results (bitset); for each concept of the query that counts, the
    published fiches it matches (*concept_bits*) and its weight (*concept_weights*, the idf of
    what was typed, as ranking.py weighs it); *total*: the number of published fiches."""
    complete = selected
    for bits in concept_bits:
        complete &= bits
    # A concept found nowhere weighs nothing: no fiche could cover it.
    pairs = [(bits, w) for bits, w in zip(concept_bits, concept_weights, strict=True) if bits]
    if len(pairs) < 2 or not selected:
        return Coverage(selected, complete)
    weighed, weights = zip(*pairs, strict=True)
    threshold = min(RELEVANT_SHARE * sum(weights), idf(max(1.0, RARE_SHARE * total), total))
    size = (selected.bit_length() + 7) // 8
    covered = np.zeros(size * 8, dtype=np.float32)
    for bits, weight in zip(weighed, weights, strict=True):
        covered += _flags(bits & selected, size) * np.float32(weight)
    # A small tolerance: a sum of floats equal to the threshold must pass.
    passing = np.packbits(covered >= threshold - 1e-5, bitorder="little").tobytes()
    relevant = int.from_bytes(passing, "little") & selected
    return Coverage(relevant, complete)


def query_coverage(concepts, selected: int, published: int, bits_of, frequency):
    """The coverage of *selected* by the query's weighed concepts: (alternatives, typed
    phrases) pairs, places left out (they only favour their region; see
    understanding.coverage_concepts). Each concept counts by the published fiches it matches
    (*bits_of(alternatives)*, the engine's cached per-phrase sets) and weighs what was typed,
    as ranking.py weighs it (a phrase: the sum of its words' idf, *frequency* being the
    vocabulary's)."""
    if not concepts:
        return coverage(selected, [], [], 0)
    total = published.bit_count()
    concept_bits, weights = [], []
    for alternatives, typed in concepts:
        concept_bits.append(bits_of(alternatives) & published)
        weights.append(max(phrase_idf(phrase, frequency, total) for phrase in typed))
    return coverage(selected, concept_bits, weights, total)


def split_page(relevant: int, partial: int, offset: int, limit: int, page_of) -> list[tuple]:
    """One page of « pertinents then partiels »: positions [offset, offset + limit[ of the
    pertinent results in their order, followed by the partial ones in theirs, so that every
    page (the one across the boundary too) is a slice of the same list. *page_of(bits, offset,
    limit)* lists one group's page as (id, score) pairs; the result adds `partial` to each."""
    before = relevant.bit_count()
    page = []
    if offset < before:
        page = [
            (pk, score, False)
            for pk, score in page_of(relevant, offset, min(limit, before - offset))
        ]
    rest = limit - len(page)
    if rest > 0 and partial and offset + limit > before:
        start = max(0, offset - before)
        page += [(pk, score, True) for pk, score in page_of(partial, start, rest)]
    return page
