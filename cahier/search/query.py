"""From what someone typed to what the backends match: concepts with their alternatives.

A query is cut into words, analyzed like the index; the longest token sequences known to the
lexicon (synonyms, acronyms and definitions, places) become one concept each, with all their
equivalent phrases as alternatives. A word the index has never seen goes down the ladder of
recovery.py: corrected against the whole lexicon, searched with its derivational family, or kept
with a suggestion."""

import unicodedata
from dataclasses import dataclass, field

from cahier.core.text import fold

from .analysis import Word, iter_words, split_elision
from .correction import is_french_word
from .lexicon import Lexicon, Place, is_capitalised, place_key
from .recovery import Recovery, RecoveryKind, WordFix, recover_word, replaced
from .vocabulary import Vocabulary, lexicon, vocabulary

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
    recoveries: list[Recovery] = field(default_factory=list)
    # Words no fiche contains, kept as typed (no correction applied): the last rung's material
    # (recovery.variants), offsets in the NFC text.
    stranded: list[Word] = field(default_factory=list)
    # Words corrected (the typed Word): the last rung tries their other candidates when the
    # corrected query finds nothing (« Clais » → « Clair », a town with no fiche).
    corrected_words: list[Word] = field(default_factory=list)

    @property
    def text_nfc(self) -> str:
        """The text the words' offsets are in."""
        return unicodedata.normalize("NFC", self.text)

    @property
    def place_region_ids(self) -> set[int]:
        return {
            pk for concept in self.concepts for place in concept.places for pk in place.region_ids
        }

    @property
    def place_only(self) -> bool:
        return bool(self.concepts) and all(concept.is_place for concept in self.concepts)

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


def parse(text: str, *, correct: bool = True) -> ParsedQuery:
    lex = lexicon()
    vocab = vocabulary()
    words = list(iter_words(text))
    # Token stream with, for each token, the word it comes from.
    stream: list[tuple[str, int]] = []
    corrections: dict[str, str] = {}
    replaced_text: dict[int, str] = {}
    fixes: dict[int, WordFix] = {}
    stranded: list[Word] = []
    corrected_words: list[Word] = []
    for index, word in enumerate(words):
        unknown = correct and _unknown(word, vocab, lex)
        fix = _recover(word, vocab, lex) if unknown else None
        if unknown and (fix is None or not fix.recovery.applied):
            stranded.append(word)
        if fix is not None:
            fixes[index] = fix
            corrected = _single_word(fix.written)
            if corrected is not None:
                # The corrected word stands for the typed one everywhere below (places, text).
                corrected_words.append(word)
                corrections[word.text] = corrected.text
                replaced_text[index] = corrected.text
                words[index] = corrected
        stream.extend((token, index) for token in words[index].tokens)

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
            if index in fixes:  # the word's derivational family (recovery.py)
                alternatives += [(member,) for _, member in fixes[index].members]
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
    recoveries = [_with_alternative(fix.recovery, text, words) for fix in fixes.values()]
    return ParsedQuery(
        text, concepts, corrected_query, corrections, recoveries, stranded, corrected_words
    )


def correction_pools(vocab: Vocabulary, lex: Lexicon) -> list:
    """What a word may be corrected to: the indexed words, then the lexicon's (correction.py)."""
    return [vocab.pool, lex.pool]


def _unknown(word: Word, vocab: Vocabulary, lex: Lexicon) -> bool:
    """A single word no fiche contains and the lexicon ignores: the ladder's material. A
    hyphenated word too (« promo-rrivant »), when the index knows neither it whole nor one of
    its parts and the lexicon has no such phrase: it goes down the ladder whole."""
    tokens = word.tokens
    frequency = vocab.document_frequency
    if word.joined and len(tokens) > 1:
        return not (
            frequency.get(word.joined)
            or lex.get(tokens) is not None
            or all(frequency.get(t) or t.isdigit() or t in lex.tokens for t in tokens)
        )
    return not (
        len(tokens) != 1
        or word.joined
        or frequency.get(tokens[0])
        or tokens[0].isdigit()
        or _known_to_lexicon(word, vocab, lex)
    )


def _recover(word: Word, vocab: Vocabulary, lex: Lexicon) -> WordFix | None:
    """The ladder of recovery.py for a single word no fiche contains and the lexicon ignores."""
    pools = correction_pools(vocab, lex)
    # A misspelt word after an elision is corrected without it, and keeps it (« d'indusrie » →
    # « d'industrie »). A correct word after one (« n'arrivent ») goes down the ladder whole,
    # which leaves it as typed: in a question it is grammar, and its family ranked the fiches
    # of « arrivés » first (docs/search.md, « Fautes de frappe, mécanisme »).
    elision, bare = split_elision(word.text)
    if elision and is_french_word(bare):
        elision, bare = "", word.text
    fix = recover_word(bare, pools, vocab.document_frequency, vocab.lookup())
    if fix is not None and elision:
        fix.recovery.original = word.text
        if fix.recovery.kind in (RecoveryKind.CORRECTION, RecoveryKind.SUGGESTION):
            fix.recovery.replacements = [elision + r for r in fix.recovery.replacements]
        if fix.written is not None:
            fix.written = elision + fix.written
    return fix


def _known_to_lexicon(word: Word, vocab: Vocabulary, lex: Lexicon) -> bool:
    """Part of a lexicon phrase, or an entry that leads somewhere (a place of that name, an
    equivalent the index has): not to be corrected. An entry leading nowhere is no help
    (« PIE » → « pi », the stem of the town Pia)."""
    token = word.tokens[0]
    if token not in lex.tokens:
        return False
    entry = lex.get((token,))
    if entry is None or any(place.key == place_key(word.text) for place in entry.places):
        return True
    frequency = vocab.document_frequency
    return any(all(frequency.get(t) for t in phrase) for phrase in entry.alternatives)


def _single_word(written: str | None) -> Word | None:
    found = list(iter_words(written or ""))
    return found[0] if len(found) == 1 else None


def _with_alternative(recovery: Recovery, text: str, words: list[Word]) -> Recovery:
    """The other way for the reader: the words as typed for a rewrite already applied, the
    query with the suggestion for one only offered."""
    if recovery.kind != RecoveryKind.SUGGESTION:
        recovery.alternative = text
        return recovery
    text = unicodedata.normalize("NFC", text)  # the words' offsets are in the NFC text
    for word in words:
        if word.text == recovery.original:
            recovery.alternative = replaced(text, [word], recovery.replacements[:1])
            break
    return recovery


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
