"""From what someone typed to what the backends match: concepts with their alternatives.

A query is cut into words, analyzed like the index; the longest token sequences known to the
lexicon (synonyms, acronyms and definitions, places) become one concept each, with all their
equivalent phrases as alternatives. A word the index has never seen is corrected against the
indexed vocabulary (typo tolerance) when a close, frequent enough word exists."""

import bisect
import math
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from cahier.core.text import fold

from . import state
from .analysis import iter_words
from .backends import get_backend
from .lexicon import Lexicon, Place, build_lexicon, is_capitalised, place_key
from .models import IndexedWord

Phrase = tuple[str, ...]
PLACE_TRIGGERS = {"departement", "dept", "dep"}


@dataclass
class Concept:
    text: str
    alternatives: list[Phrase]
    places: list[Place] = field(default_factory=list)
    exact: set[Phrase] = field(default_factory=set)  # the rest are synonyms (partial credit)

    @property
    def is_place(self) -> bool:
        return bool(self.places)


@dataclass
class ParsedQuery:
    text: str
    concepts: list[Concept]
    corrected_query: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def place_region_ids(self) -> set[int]:
        return {
            pk for concept in self.concepts for place in concept.places for pk in place.region_ids
        }

    @property
    def place_only(self) -> bool:
        return bool(self.concepts) and all(concept.is_place for concept in self.concepts)

    @property
    def highlight_tokens(self) -> set[str]:
        return {token for c in self.concepts for phrase in c.alternatives for token in phrase}

    def exact_expression(self, lexicon: Lexicon) -> list[list[Phrase]]:
        """Like expression(), without the synonyms (what the person typed, acronyms included)."""
        expression = [
            _prune([phrase for phrase in concept.alternatives if phrase in concept.exact])
            for concept in self.concepts
        ]
        expression = [alternatives for alternatives in expression if alternatives]
        if self.place_only:
            expression.append([(lexicon.region_token[pk],) for pk in sorted(self.place_region_ids)])
        return expression

    def expression(self, lexicon: Lexicon) -> list[list[Phrase]]:
        """Alternatives per concept; a query naming only places also takes their whole regions."""
        expression = [
            _prune(concept.alternatives) for concept in self.concepts if concept.alternatives
        ]
        if self.place_only:
            tokens = [(lexicon.region_token[pk],) for pk in sorted(self.place_region_ids)]
            expression.append(tokens)
        return expression


def _prune(alternatives: list[Phrase]) -> list[Phrase]:
    """Drop the phrases an alternative word already covers (« garantie jeunes » when « jeune »
    is there): same matches, far cheaper phrase evaluation. Ranking still sees them all."""
    words = {phrase[0] for phrase in alternatives if len(phrase) == 1}
    return [p for p in alternatives if len(p) == 1 or not any(t in words for t in p)]


@dataclass
class Vocabulary:
    document_frequency: dict[str, int]
    words: list[str]  # folded, what edit distances compare
    display: list[str]  # as written in the fiches (accents kept)
    word_tokens: list[str]


def _patch_lexicon(old: Lexicon, change: state.Change) -> Lexicon:
    # Built from synonyms, the glossary, renamed institutions and places, not from fiches.
    return build_lexicon() if change.lexicon else old


def lexicon() -> Lexicon:
    return state.cached("lexicon", build_lexicon, _patch_lexicon)


def _build_vocabulary() -> Vocabulary:
    frequency = get_backend().vocabulary()
    words, display, tokens = [], [], []
    # In Python's order (the database's collation may differ): patches insert by bisection.
    for word, token in sorted(IndexedWord.objects.values_list("word", "token").iterator()):
        if frequency.get(token):
            words.append(fold(word))
            display.append(word)
            tokens.append(token)
    return Vocabulary(frequency, words, display, tokens)


def _patch_vocabulary(old: Vocabulary, change: state.Change) -> Vocabulary:
    """Counts moved by the change's deltas in place (readers only look counts up: each is the
    one before or after): copying the whole dictionary cost more than the rest of the patch at
    100 000 fiches. A word is listed while its token is indexed, so the words whose token
    appeared or vanished, and the new words, are looked at again; the three lists are copied
    only when one of them is listed or unlisted (they go together: a reader may hold an index
    into them)."""
    if not change.df and not change.words:
        return old
    frequency = old.document_frequency
    crossing = {
        token
        for token, delta in change.df.items()
        if (frequency.get(token, 0) > 0) != (frequency.get(token, 0) + delta > 0)
    }
    candidates = dict(change.words)
    if crossing:  # read before anything changes: a failed read leaves *old* whole
        found = IndexedWord.objects.filter(token__in=crossing).values_list("word", "token")
        candidates.update(found)
    for token, delta in change.df.items():
        after = frequency.get(token, 0) + delta
        if after > 0:
            frequency[token] = after
        else:
            frequency.pop(token, None)
    moves = sorted(
        (word, token)
        for word, token in candidates.items()
        if _listed(old.display, word) != bool(frequency.get(token))
    )
    if not moves:
        return old
    words, display, tokens = list(old.words), list(old.display), list(old.word_tokens)
    for word, token in moves:
        place = bisect.bisect_left(display, word)
        if _listed(display, word):
            del words[place], display[place], tokens[place]
        else:
            words.insert(place, fold(word))
            display.insert(place, word)
            tokens.insert(place, token)
    return Vocabulary(frequency, words, display, tokens)


def _listed(display: list[str], word: str) -> bool:
    place = bisect.bisect_left(display, word)
    return place < len(display) and display[place] == word


def vocabulary() -> Vocabulary:
    return state.cached("vocabulary", _build_vocabulary, _patch_vocabulary)


def correct_word(folded_word: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """The indexed (word, token) closest to *folded_word*: fewest edits, then most frequent."""
    length = len(folded_word)
    if length < 4 or not vocab.words:
        return None
    max_distance = 1 if length <= 5 else 2
    matches = process.extract(
        folded_word, vocab.words, scorer=OSA.distance, score_cutoff=max_distance, limit=20
    )
    if not matches:
        return None

    def preference(match) -> tuple:
        _, distance, index = match
        frequency = vocab.document_frequency.get(vocab.word_tokens[index], 0)
        return (distance - 0.25 * math.log1p(frequency), vocab.display[index])

    _, _, index = min(matches, key=preference)
    return vocab.display[index], vocab.word_tokens[index]


def parse(text: str, *, correct: bool = True) -> ParsedQuery:
    lex = lexicon()
    vocab = vocabulary()
    words = list(iter_words(text))
    # Token stream with, for each token, the word it comes from.
    stream: list[tuple[str, int]] = []
    corrections: dict[str, str] = {}
    replaced_text: dict[int, str] = {}
    for index, word in enumerate(words):
        tokens = word.tokens
        if (
            correct
            and len(tokens) == 1
            and not word.joined
            and not vocab.document_frequency.get(tokens[0])
            and tokens[0] not in lex.tokens
            and not tokens[0].isdigit()
        ):
            correction = correct_word(fold(word.text.lower()), vocab)
            if correction is not None:
                corrected_word, token = correction
                corrections[word.text] = corrected_word
                replaced_text[index] = corrected_word
                tokens = (token,)
        stream.extend((token, index) for token in tokens)

    concepts: list[Concept] = []
    only_words = [w for w in words if w.tokens]
    position = 0
    while position < len(stream):
        concept = None
        for length in range(min(lex.max_length, len(stream) - position), 0, -1):
            phrase = tuple(token for token, _ in stream[position : position + length])
            entry = lex.get(phrase)
            if entry is None:
                continue
            first, last = stream[position][1], stream[position + length - 1][1]
            span_words = words[first : last + 1]
            span_text = " ".join(
                replaced_text.get(i, words[i].text) for i in range(first, last + 1)
            )
            span_key = place_key(" ".join(w.text for w in span_words))
            places = [
                place
                for place in entry.places
                if place.key == span_key
                and _is_place(place, span_words, len(only_words) == len(span_words), vocab)
            ]
            alternatives = set(entry.alternatives)
            if entry.places and not places and not entry.acronym:
                alternatives = {phrase} | {
                    a for a in alternatives if a != phrase and _not_place(a, lex)
                }
            exact = {phrase} | (entry.exact & alternatives)
            concept = Concept(span_text, sorted(alternatives | {phrase}), places, exact)
            position += length
            break
        if concept is None:
            token, index = stream[position]
            word = words[index]
            alternatives = [(token,)]
            if word.joined:
                alternatives.append((word.joined,))
            concept = Concept(
                replaced_text.get(index, word.text), alternatives, exact=set(alternatives)
            )
            position += 1
        concepts.append(concept)

    # Neighbours from one synonym group (« industrie automobile ») are one concept, not two.
    merged: list[Concept] = []
    for concept in concepts:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and len(concept.alternatives) > 1
            and previous.alternatives == concept.alternatives
            and not previous.places
            and not concept.places
        ):
            previous.text = f"{previous.text} {concept.text}"
            previous.exact |= concept.exact
        else:
            merged.append(concept)
    concepts = merged

    # Department numbers: « 93 », « département 59 ».
    for index, word in enumerate(words):
        number = word.text.lstrip("0")
        if not word.text.isdigit() or number not in lex.department_numbers:
            continue
        alone = len(only_words) == 1
        after_trigger = index > 0 and fold(words[index - 1].text.lower()) in PLACE_TRIGGERS
        if alone or after_trigger:
            place = lex.department_numbers[number]
            for concept in concepts:
                if concept.alternatives == [(word.tokens[0],)]:
                    concept.places.append(place)
            concepts = [
                c for c in concepts if fold(c.text.lower()) not in PLACE_TRIGGERS
            ] or concepts

    corrected_query = None
    if corrections:
        corrected_query = " ".join(replaced_text.get(i, w.text) for i, w in enumerate(words))
    return ParsedQuery(text, concepts, corrected_query, corrections)


def _is_place(place: Place, span_words, whole_query: bool, vocab: Vocabulary) -> bool:
    """Regions and unambiguous names are places. A name that is also a common French word
    (Tours, Sens, Orange, Vienne…) is one when capitalised, when it is all the query says, or when
    the indexed text never uses the word (then nothing else could be meant)."""
    if not place.ambiguous:
        return True
    text = " ".join(word.text for word in span_words)
    if whole_query or is_capitalised(text):
        return True
    return all(not vocab.document_frequency.get(t) for w in span_words for t in w.tokens)


def _not_place(phrase: Phrase, lex: Lexicon) -> bool:
    entry = lex.get(phrase)
    return entry is None or not entry.places
