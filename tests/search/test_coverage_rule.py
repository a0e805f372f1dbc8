"""The rule of coverage.py on bitsets (bit n = fiche n), without a catalogue."""

from cahier.search.coverage import coverage, split_page
from cahier.search.facets import bitset
from cahier.search.ranking import idf

TOTAL = 1000


def _concept(ids):
    bits = bitset(ids)
    return bits, idf(bits.bit_count(), TOTAL)


def _rule(*concepts):
    selected = 0
    for bits, _ in concepts:
        selected |= bits
    return coverage(selected, [b for b, _ in concepts], [w for _, w in concepts], TOTAL)


def test_common_words_alone_are_partial_the_rare_concept_is_pertinent():
    common = _concept(range(0, 800))  # « insertion »
    frequent = _concept(range(300, 900))  # « jeunes »
    rare = _concept([5, 500, 950])  # « rural »
    result = _rule(common, frequent, rare)
    assert result.relevant == bitset([5, 500, 950])
    assert result.complete == bitset([500])


def test_rare_concepts_each_enough_on_their_own():
    # Three concepts in 1 % of the fiches each: every result stays pertinent, as with OR.
    concepts = [_concept(range(start, start + 10)) for start in (0, 100, 200)]
    result = _rule(*concepts)
    assert result.relevant == bitset([*range(0, 10), *range(100, 110), *range(200, 210)])
    assert result.complete == 0


def test_a_single_concept_or_one_found_nowhere_changes_nothing():
    only = _concept(range(0, 900))
    assert _rule(only).relevant == only[0]
    nowhere = (0, idf(0, TOTAL))
    assert _rule(only, nowhere).relevant == only[0]


def test_pages_are_slices_of_pertinent_then_partial():
    relevant, partial = bitset([1, 2, 3]), bitset([4, 5, 6, 7])

    def page_of(bits, offset, limit):
        ids = [pk for pk in range(10) if bits >> pk & 1]
        return [(pk, None) for pk in ids[offset : offset + limit]]

    pages = [split_page(relevant, partial, offset, 2, page_of) for offset in (0, 2, 4, 6)]
    flat = [(pk, is_partial) for page in pages for pk, _, is_partial in page]
    assert flat == [(1, False), (2, False), (3, False), (4, True), (5, True), (6, True), (7, True)]
