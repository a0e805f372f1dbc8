"""Catalogue values in a text: the recogniser query understanding (understanding.py) reads
queries with. Its table is built from the facet index (taxonomy labels, event kinds, status
choices, years) and the filter labels of parameters.py, at the current search generation."""

import re
from dataclasses import dataclass, field

from cahier.catalogue.enums import Openness, ProjectStatus
from cahier.core.text import fold

from . import state
from .analysis import ELISIONS, iter_words
from .enums import Replicated
from .facets import FacetIndex, facet_index
from .parameters import PARAMETERS

NEGATIONS = frozenset({"non", "pas", "sans", "hors", "ni"})
MAX_GAP = 2  # stop words skipped between two words of a value (« Trophées du FSE »)
# Values that say nothing is known: nobody names them to find fiches.
UNNAMED = {("project_status", ProjectStatus.UNKNOWN.value), ("openness", Openness.UNSPECIFIED)}
YES = {"openness": (Openness.YES, Openness.WITH_SUPPORT), "replicated": (Replicated.YES,)}
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True)
class Unit:
    """A word of the query or of a label, in the forms values are compared on."""

    plain: str  # folded, elision removed, plural and feminine endings dropped
    stems: frozenset[str]
    stop: bool  # no token (stop word, single letter)
    text: str = ""


def _strip(lower: str) -> str:
    if len(lower) > 3 and lower[-1] in "sx":
        lower = lower[:-1]
    if len(lower) > 3 and lower[-2:] in ("ée", "ee", "ue", "ie"):
        lower = lower[:-1]
    return lower


def text_units(text: str) -> list[Unit]:
    units = []
    for word in iter_words(text):
        lower = word.text.lower()
        parts = _APOSTROPHE.split(lower)
        if len(parts) > 1 and fold(parts[0]) in ELISIONS:
            lower = "".join(parts[1:])
        base = _strip(lower)
        stems = set(word.tokens)
        for form in (base, fold(base), fold(lower)):
            stems.update(next(iter_words(form)).tokens if form else ())
        units.append(Unit(fold(base), frozenset(stems), not word.tokens, word.text))
    return units


@dataclass(frozen=True)
class Pattern:
    words: tuple[Unit, ...]
    by_stem: bool
    facet: str
    values: tuple[str, ...]
    label: str


def _pattern(label: str, facet: str, values, by_stem: bool, display: str) -> Pattern | None:
    units = text_units(label)
    # Inner stop words are optional (« Trophées du FSE »); a leading one is not (« en cours »).
    words = tuple(u for i, u in enumerate(units) if i == 0 or not u.stop)
    if not words or all(u.stop for u in words):
        return None
    return Pattern(words, by_stem, facet, tuple(values), display)


def _same(pattern_word: Unit, unit: Unit, by_stem: bool) -> bool:
    if pattern_word.stop or not by_stem:
        return unit.plain == pattern_word.plain
    return bool(pattern_word.stems & unit.stems)


def _match(pattern: Pattern, units: list[Unit], start: int) -> int | None:
    """The end of *pattern* read from units[start], or None."""
    position = start
    for index, word in enumerate(pattern.words):
        if index:
            gap = 0
            while position < len(units) and units[position].stop and gap < MAX_GAP:
                if _same(word, units[position], pattern.by_stem):
                    break
                position, gap = position + 1, gap + 1
        if position >= len(units) or not _same(word, units[position], pattern.by_stem):
            return None
        position += 1
    return position


@dataclass
class Recogniser:
    patterns: list[Pattern]
    years: dict[str, str]  # written year → facet value
    # First word (stem or written form) → the patterns starting with it: a query looks at
    # the few patterns its words can start, not at every label of the catalogue.
    by_first: dict[str, list[Pattern]] = field(default_factory=dict)

    def __post_init__(self):
        for pattern in self.patterns:
            first = pattern.words[0]
            keys = first.stems if pattern.by_stem and not first.stop else {first.plain}
            for key in keys:
                self.by_first.setdefault(key, []).append(pattern)

    def starting(self, unit: Unit) -> list[Pattern]:
        found = {}
        for key in (unit.plain, *unit.stems):
            for pattern in self.by_first.get(key, ()):
                found[id(pattern)] = pattern
        return list(found.values())


def noun_label(facet: str, label: str) -> str:
    return f"{PARAMETERS[facet].noun} «\u00a0{label}\u00a0»"


def build_recogniser(index: FacetIndex | None = None) -> Recogniser:
    index = index or facet_index()
    patterns: list[Pattern] = []

    def add(label, facet, values, by_stem, display):
        pattern = _pattern(label, facet, values, by_stem, display)
        if pattern is not None:
            patterns.append(pattern)

    for facet in ("keyword", "public", "funding"):
        for d in index.facets[facet]:
            add(d.label, facet, [d.value], True, noun_label(facet, d.label))
    for d in index.facets["event"]:
        add(d.label, "event", [d.value], True, d.label)
    for facet in ("status", "project_status"):
        definitions = [d for d in index.facets[facet] if (facet, d.value) not in UNNAMED]
        firsts = [text_units(d.label)[0].plain for d in definitions]
        for d in definitions:
            display = noun_label(facet, d.label.lower())
            add(d.label, facet, [d.value], False, display)
            words = d.label.split()
            # « recueilli » for « recueilli non présenté »: a first word no other value uses.
            if len(words) > 1 and firsts.count(firsts[definitions.index(d)]) == 1:
                first = text_units(words[0])[0]
                if not first.stop and first.plain not in NEGATIONS:
                    add(words[0], facet, [d.value], False, display)
    for facet, values in YES.items():
        label = PARAMETERS[facet].label
        add(label, facet, [str(v) for v in values], False, label)
    years = {d.value: d.value for d in index.facets["year"]}
    return Recogniser(patterns, years)


def recogniser() -> Recogniser:
    # Labels and values come from the facet index: read again when a term or an event changed.
    return state.cached("understanding", build_recogniser, _patch)


def _patch(old: Recogniser, change: state.Change) -> Recogniser:
    return build_recogniser() if change.terms else old


def read_values(units: list[Unit], rec: Recogniser) -> list[tuple[Pattern, int, int]]:
    """(pattern, start, end) of the values named in *units*, longest first, no overlap."""
    found = []
    position = 0
    while position < len(units):
        best, best_end = [], position
        # A stop word starts only the values that begin with it (« en cours »).
        negated = position and units[position - 1].plain in NEGATIONS
        for pattern in rec.starting(units[position]):
            if negated and pattern.words[0].plain not in NEGATIONS:
                continue
            end = _match(pattern, units, position)
            if end is None or end < best_end:
                continue
            if end > best_end:
                best, best_end = [], end
            best.append(pattern)
        found.extend((pattern, position, best_end) for pattern in best)
        position = best_end if best else position + 1
    return found
