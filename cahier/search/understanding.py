"""Query understanding: values of the catalogue named in the words of a query (« projets
présentés à la JITE 2019 ») become ranking signals and one-click filter offers, never silent
filters.

What is recognised (recognition.py) is read from the data, at the current search generation (a
keyword a curator adds is recognised at the next query):
- keyword, public and funding labels (the taxonomy tables) and event kinds, matched on their
  analyzed stems (« trophees du FSE » = « Trophées FSE », plurals and accents free);
- provenance and project statuses by their label, matched on the written words with plural and
  feminine endings and accents free (« présentées », « non retenus »); a multi-word status is
  also named by its first word when that word is no other value's (« recueilli »); values
  meaning « unknown » are not recognised; a value preceded by a negation (« non », « pas »…)
  is not that value;
- the label of the openness and replicated filters (« ouvert à l’essaimage », « essaimés ») →
  their « yes » values;
- an event year, only next to an event (« JITE 2019 », « 2019 JITE ») or after « en », « de »,
  « année », « édition » (« présentés en 2018 »): alone, « 2019 » is a word like another;
- places already recognised by query.py → a filter on their region (ranking: PLACE_BOOST).

An event, year or status reading adds its fiches to the results (a concept whose alternatives
are the value's filter tokens: candidates include them even when their text lacks the words),
makes one ranking concept of the value (its tokens at VALUE_WEIGHT) and of the words that named
it (at a synonym's credit), and multiplies the score of its fiches by its facet's boost.
Keyword, public, funding and place readings are offers only. See docs/search.md
« Compréhension de la requête »."""

import re
from dataclasses import dataclass, field

from .analysis import iter_words
from .facets import FacetIndex
from .parameters import PARAMETERS
from .query import Concept, ParsedQuery
from .recognition import MAX_GAP, Recogniser, Unit, read_values, recogniser, text_units

Phrase = tuple[str, ...]

# Score multiplier of a fiche carrying a recognised value, per facet. Provenance (event, year,
# status) and the statuses are known only through the facets (weight 0 in the text): they rank
# (VALUE_WEIGHT, and this boost, as a place). Keyword, public and funding labels already weigh
# in the `labels` field (weight 4): they are offered, not ranked again.
BOOSTS = {
    "event": 1.6,
    "year": 1.6,
    "status": 1.6,
    "project_status": 1.6,
    "openness": 1.6,
    "replicated": 1.6,
}
# BM25F weight of a recognised value in the fiches carrying it (its filter tokens, `facets`
# column): a thematic label weighs 4.
VALUE_WEIGHT = 4.0
YEAR_TRIGGERS = frozenset({"en", "de", "du", "annee", "edition"})


@dataclass
class Reading:
    """One value (or event and year together) the query names, as a filter offer."""

    label: str
    filters: list[tuple[str, str]]  # (facet, value), AND across facets, OR within one
    bits: int
    words: set[str] = field(default_factory=set)  # written words that named it (folded)
    stems: set[str] = field(default_factory=set)  # … and their tokens
    boost: float = 1.0
    tokens: list[Phrase] = field(default_factory=list)  # its filter tokens as a phrase
    count: int = 0  # results carrying it (set by the engine)


def _years(units: list[Unit], taken: set[int], rec: Recogniser) -> list[tuple[int, str]]:
    years = []
    for position, unit in enumerate(units):
        if position not in taken and unit.text in rec.years:
            years.append((position, rec.years[unit.text]))
    return years


def _near(a_end: int, b_start: int, units: list[Unit]) -> bool:
    between = units[a_end:b_start]
    return 0 <= len(between) <= MAX_GAP and all(u.stop for u in between)


def read(text: str, index: FacetIndex, chosen: dict[str, list]) -> list[Reading]:
    """The values *text* names (not those already among the filters *chosen*)."""
    rec = recogniser()
    units = text_units(text)
    found = read_values(units, rec)
    taken = {i for _, start, end in found for i in range(start, end)}
    readings: list[Reading] = []
    years = _years(units, taken, rec)
    used_years: set[int] = set()
    for pattern, start, end in found:
        filters = [(pattern.facet, value) for value in pattern.values]
        label = pattern.label
        words = [u for u in units[start:end] if not u.stop]
        if pattern.facet == "event":
            for position, year in years:
                # « Trophées FSE 2018 » when no fiche is: the event alone still ranks.
                if _near(end, position, units) or _near(position + 1, start, units):
                    if not _reading(label, [*filters, ("year", year)], [], index).bits:
                        continue
                    filters.append(("year", year))
                    label = f"{label} {year}"
                    words.append(units[position])
                    used_years.add(position)
                    break
        reading = _reading(label, filters, words, index)
        # Only a word written as the value is (« retenus ») is kept from typo correction; one
        # that merely shares its stem (« mobilitez ») may well be a typo.
        reading.words &= {word.plain for word in pattern.words} | set(rec.years)
        readings.append(reading)
    for position, year in years:
        previous = units[position - 1].plain if position else ""
        if position not in used_years and previous in YEAR_TRIGGERS:
            label = f"{PARAMETERS['year'].noun} {year}"
            readings.append(_reading(label, [("year", year)], [units[position]], index))
    return _fresh(readings, chosen)


def _reading(label: str, filters, words: list[Unit], index: FacetIndex) -> Reading:
    bits = index.published
    tokens = []
    for facet in dict.fromkeys(facet for facet, _ in filters):
        values = [value for other, value in filters if other == facet]
        definitions = [d for d in index.facets[facet] if d.value in values]
        facet_bits = 0
        for definition in definitions:
            facet_bits |= definition.bits
        bits &= facet_bits
        tokens.append([d.token for d in definitions])
    boost = max(BOOSTS.get(facet, 1.0) for facet, _ in filters)
    if boost == 1.0:
        # A keyword, public or funding label is already in the fiche's `labels` field: the
        # words rank it as before, the reading is an offer only.
        tokens = []
    return Reading(
        f"Filtrer\u00a0: {label}",
        list(filters),
        bits,
        {u.plain for u in words},
        {stem for u in words for stem in u.stems},
        boost,
        _phrases(tokens),
    )


def _phrases(tokens: list[list[str]]) -> list[Phrase]:
    """Every fiche with the value: its filter tokens, consecutive in the `facets` column when
    there are two facets (event then year, as indexing.py writes them)."""
    if not tokens:
        return []
    phrases: list[Phrase] = [()]
    for alternatives in tokens:
        phrases = [phrase + (token,) for phrase in phrases for token in alternatives]
    return phrases


def _fresh(readings: list[Reading], chosen: dict[str, list]) -> list[Reading]:
    """Without duplicates, and without what the filters already apply."""
    applied = {(facet, d.value) for facet, definitions in chosen.items() for d in definitions}
    fresh, seen = [], set()
    for reading in readings:
        filters = [f for f in reading.filters if f not in applied]
        key = tuple(sorted(filters))
        if not filters or key in seen or len(filters) < len(reading.filters):
            continue
        seen.add(key)
        fresh.append(reading)
    return fresh


def place_readings(parsed: ParsedQuery, index: FacetIndex, chosen) -> list[Reading]:
    """A filter on the region of each place query.py recognised (ranked by PLACE_BOOST)."""
    by_pk = {d.pk: d for d in index.facets["region"]}
    readings = []
    for concept in parsed.concepts:
        regions = {pk for place in concept.places for pk in place.region_ids if pk in by_pk}
        if not regions:
            continue
        definitions = [by_pk[pk] for pk in sorted(regions)]
        names = ", ".join(d.label for d in definitions)
        noun = "région" if len(definitions) == 1 else "régions"
        bits = 0
        for definition in definitions:
            bits |= definition.bits
        readings.append(
            Reading(
                f"Filtrer\u00a0: {noun} «\u00a0{names}\u00a0»",
                [("region", d.value) for d in definitions],
                bits,
            )
        )
    return _fresh(readings, chosen)


def value_concepts(readings: list[Reading]) -> list[list[Phrase]]:
    """One concept per value reading: its fiches join the results and the candidates."""
    return [reading.tokens for reading in readings if reading.tokens]


def restore_corrections(parsed: ParsedQuery, readings: list[Reading]) -> None:
    """A word that named a value is no typo (« retenus » is not « détenus »): undo its
    correction, in place."""
    # Ranked readings only: a label a correction leads to (« mobilitée » → keyword
    # « Mobilité ») is the same value, the correction is right.
    named = {word for reading in readings if reading.tokens for word in reading.words}
    undone = {
        typed: corrected
        for typed, corrected in parsed.corrections.items()
        if next(iter(text_units(typed)), Unit("", frozenset(), True)).plain in named
    }
    if not undone:
        return
    parsed.recoveries = [r for r in parsed.recoveries if r.original not in undone]
    for typed, corrected in undone.items():
        del parsed.corrections[typed]
        for concept in parsed.concepts:
            if concept.text == corrected:
                tokens = [w.tokens for w in iter_words(typed)]
                phrase = tuple(t for group in tokens for t in group)
                concept.text, concept.alternatives, concept.exact = typed, [phrase], {phrase}
    if parsed.corrections and parsed.corrected_query:
        text = parsed.text
        for typed, corrected in parsed.corrections.items():
            text = re.sub(rf"\b{re.escape(typed)}\b", corrected, text)
        parsed.corrected_query = text
    else:
        parsed.corrected_query = None


def _names_value(concept: Concept, named_stems: set[str]) -> bool:
    if concept.is_place:
        return False
    return any(phrase and set(phrase) <= named_stems for phrase in concept.exact)


def scoring(concepts: list, parsed: ParsedQuery, readings: list[Reading]) -> list:
    """The ranking's concepts (ranking.scoring_concepts) where the words that only named a
    value become one concept: the value itself (its filter tokens, at VALUE_WEIGHT) at full
    credit, the words in the text at a synonym's credit."""
    adjusted = list(concepts)
    dropped: set[int] = set()
    for reading in readings:
        if not reading.tokens:
            continue
        named = [
            position
            for position, concept in enumerate(parsed.concepts)
            if position < len(concepts)
            and position not in dropped
            and _names_value(concept, reading.stems)
        ]
        words = [phrase for position in named for phrase in concepts[position][0]]
        dropped.update(named)
        adjusted.append((list(reading.tokens) + words, set(reading.tokens), True))
    return [concept for position, concept in enumerate(adjusted) if position not in dropped]


def coverage_concepts(parsed: ParsedQuery, expression: list, readings: list[Reading]) -> list:
    """The concepts coverage.py weighs, as (alternatives, typed phrases): each concept of the
    query but places, where the words that only named a value become one concept: the value
    (as in scoring()) — a fiche holding « JITE 2019 » covers « présentés à la JITE 2019 » even
    when its text lacks the words."""
    # expression holds one list of alternatives per concept that has some, in order.
    listed = list(zip([c for c in parsed.concepts if c.alternatives], expression, strict=False))
    merged, dropped = [], set()
    for reading in readings:
        if not reading.tokens:
            continue
        named = [
            position
            for position, (concept, _) in enumerate(listed)
            if position not in dropped and _names_value(concept, reading.stems)
        ]
        dropped.update(named)
        # Covered by the value itself, not by the words: « projets JITE 2019 » is partial for
        # a JITE 2018 fiche whose text says « JITE »; the concept weighs what was typed.
        typed = {p for position in named for p in (listed[position][0].exact or ())}
        merged.append((list(reading.tokens), typed or set(reading.tokens)))
    kept = [
        (alternatives, concept.exact or set(concept.alternatives))
        for position, (concept, alternatives) in enumerate(listed)
        if position not in dropped and not concept.is_place
    ]
    return kept + merged


def boosts(readings: list[Reading]):
    """id → score multiplier: the product of the boosts of the values the fiche carries."""
    weighted = [(reading.bits, reading.boost) for reading in readings if reading.boost != 1.0]

    def boost(pk: int) -> float:
        factor = 1.0
        for bits, value in weighted:
            if bits >> pk & 1:
                factor *= value
        return factor

    return boost
