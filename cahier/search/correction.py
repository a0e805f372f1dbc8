"""Typo correction against the whole lexicon, with a French-aware preference among candidates.

A query word whose analysed token the index has never seen (and that the lexicon does not know)
is compared with two pools of written words: the indexed words (`vocabulary.Vocabulary`) and the
words of the lexicon (synonym terms, glossary acronyms and definitions, place names, renamed
institutions: `lexicon_pool`, kept as `Lexicon.pool`). Candidates come from RapidFuzz
(`process.extract`, optimal string alignment) on the accent-free forms **and** on French
phonetic keys (`phonetic_key`), so that « Châtoroux » (three edits from « Châteauroux », same
sound) is found. Among them the cost prefers what French typists get wrong:

- accents and case are free (« refugies » is « réfugiés »);
- a candidate that sounds the same (equal phonetic keys: ph/f, é/er/ez/ai, ss/ç/c, eau/au/o,
  qu/k, doubled consonants…) costs half an edit, whatever the edit distance;
- a letter left out (the typed word is a subsequence of the candidate: « mobilte » in
  « mobilité ») is cheaper than a letter swapped;
- frequency in the index breaks ties.

A typed word that is a correct French word (`is_french_word`, the word list of the `wordfreq`
package, shipped inside it) is not corrected: the caller keeps it and may only *suggest* the
variant (see docs/search.md, « Fautes de frappe »)."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import msgpack
from rapidfuzz import process
from rapidfuzz.distance import OSA

from cahier.core.text import fold

# wordfreq's French list in « centibels » buckets: bucket n holds the words of frequency
# 10^(-n/100). Zipf 2.5 (≈ 3 occurrences per 10 million words) = bucket 650: common enough to
# be a real word, rare misspellings (« illetrisme » 1.3, « mobilte » 0) stay below.
FRENCH_WORDS_MIN_BUCKET = 650
PHONETIC_COST = 0.5  # same sound, any spelling
OMISSION_BONUS = 0.25  # the typed letters all there, in order: a letter left out
ACRONYM_MAX_LENGTH = 6
# At the last rung, an acronym of five letters or more may be two edits away (« DEZEST » →
# « DEETS »): a shorter one would meet half the glossary.
WIDER_ACRONYM_LENGTH = 5
WIDER_SOUND_LENGTH = 6

# Applied in order to an accent-free lower-case word; both sides of a comparison go through
# the same rules, so only their agreement matters, not phonetic exactness.
_PHONETIC_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # A doubled consonant sounds single, and doubling or undoubling one is the commonest
        # French slip: undone first, so that it cannot change what the rules below see
        # (« innovennt »: « enn » would not be the nasal « en » of « innovent »). Not « ss »,
        # which the voiced « s » between vowels tells apart.
        (r"([bcdfgklmnprtvz])\1+", r"\1"),
        (r"eaux?", "o"),
        (r"au", "o"),
        (r"ph", "f"),
        (r"ch", "C"),
        (r"qu|ck|q", "k"),
        (r"g(?=[eiy])", "j"),
        (r"gu(?=[eiy])", "g"),
        (r"(?<=[aeiouy])s(?=[aeiouy])", "z"),
        (r"sc(?=[eiy])", "s"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"tion", "sion"),
        (r"(ai|ei)", "e"),
        (r"(er|ez|et)$", "e"),
        (r"[ae][nm](?=[^aeiouy]|$)", "A"),
        (r"gn", "ni"),
        (r"y", "i"),
        (r"h", ""),
        (r"(.)\1+", r"\1"),
        (r"[sxtd]$", ""),
        (r"(?<=.)e$", ""),
        (r"(?<=A)[td]$", ""),
    )
]


def comparable(word: str) -> str:
    """*word* as edit distances see it: lower case, accents folded, and no hyphen or
    apostrophe inside (« Empl'itude » is « emplitude », as the index joins it)."""
    return fold(word.lower()).translate(_JOINERS)


_JOINERS = str.maketrans("", "", "-'’")


def phonetic_key(word: str) -> str:
    """A rough French sound key of *word* (« Châteauroux » and « chatoroux » → « Catoru »)."""
    key = comparable(word.replace("ç", "ss").replace("Ç", "ss"))
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=1)
def french_words() -> frozenset[str]:
    """Lower-case French words (accents kept) of wordfreq's list down to zipf 2.5: ≈ 58 000
    words, read from the data file the package ships (0.3 s, ≈ 5 Mo kept; wordfreq itself and
    its tokenizer are not imported)."""
    return frozenset(word for bucket in _french_buckets() for word in bucket)


@lru_cache(maxsize=1)
def _french_buckets() -> list[list[str]]:
    """wordfreq's French words down to zipf 2.5, most frequent bucket first: the file is read
    once per process, for the word set and the accented forms alike."""
    path = resources.files("wordfreq") / "data" / "large_fr.msgpack.gz"
    with path.open("rb") as raw, gzip.open(raw) as stream:
        buckets = msgpack.unpack(stream, raw=False)
    return buckets[1 : FRENCH_WORDS_MIN_BUCKET + 1]


@lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    found: dict[str, str] = {}
    for bucket in _french_buckets():
        for word in bucket:
            folded = fold(word)
            if folded != word and folded.isalpha():
                found.setdefault(folded, word)  # the commonest accented form
    return found


def with_accents(word: str) -> str:
    """*word* written without its accents (« egalite », a link's) as the French word it is
    (« égalité »); *word* itself when it is no such word. Read at indexing only (≈ 0.3 s once
    per process)."""
    if not word.isascii() or not word.islower():
        return word
    return _accented().get(word, word)


def is_french_word(text: str) -> bool:
    """Whether *text* is a correct French word (not a typo), capitals aside."""
    return text.lower() in french_words()


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= ACRONYM_MAX_LENGTH and text.isalpha() and text.isupper()


@dataclass
class Pool:
    """Written words a correction may land on: accent-free forms, phonetic keys, as written,
    and the token of each (its number of fiches). Indexed by length and by sound on first use:
    a word of 9 letters is compared with the words of 7 to 11 only, and a sound is a lookup."""

    folded: list[str]
    phonetic: list[str]
    display: list[str]
    tokens: list[str]
    _by_length: dict | None = field(default=None, repr=False, compare=False)
    _by_sound: dict | None = field(default=None, repr=False, compare=False)
    _sounds_by_length: dict | None = field(default=None, repr=False, compare=False)

    def prepare(self) -> None:
        """Index by length and sound now (a server process, before its first request)."""
        if self._by_length is None or self._by_sound is None:
            self._index()

    def _index(self) -> None:
        by_length: dict[int, tuple[list[str], list[int]]] = {}
        by_sound: dict[str, list[int]] = {}
        for index, (folded, key) in enumerate(zip(self.folded, self.phonetic, strict=True)):
            words, indices = by_length.setdefault(len(folded), ([], []))
            words.append(folded)
            indices.append(index)
            by_sound.setdefault(key, []).append(index)
        sounds: dict[int, list[str]] = {}
        for key in by_sound:
            sounds.setdefault(len(key), []).append(key)
        self._by_length, self._by_sound, self._sounds_by_length = by_length, by_sound, sounds

    def near(
        self, typed: str, typed_key: str, max_distance: int, sound_distance: int = 0
    ) -> set[int]:
        """Indices of the words at most *max_distance* edits from *typed*, or sounding the same
        (or, with *sound_distance*, whose sound is that many edits from *typed_key*)."""
        self.prepare()
        found = set(self._by_sound.get(typed_key, ()))
        for length in range(len(typed_key) - sound_distance, len(typed_key) + sound_distance + 1):
            keys = self._sounds_by_length.get(length, ()) if sound_distance else ()
            if keys:
                matches = process.extract(
                    typed_key, keys, scorer=OSA.distance, score_cutoff=sound_distance, limit=30
                )
                for key, _, _ in matches:
                    found.update(self._by_sound[key])
        for length in range(len(typed) - max_distance, len(typed) + max_distance + 1):
            words, indices = self._by_length.get(length, ((), ()))
            if words:
                matches = process.extract(
                    typed, words, scorer=OSA.distance, score_cutoff=max_distance, limit=30
                )
                found.update(indices[index] for _, _, index in matches)
        return found


@dataclass
class Candidate:
    display: str
    cost: float
    frequency: int
    distance: int  # plain edits (accents aside), between candidates of equal cost

    @property
    def accents_only(self) -> bool:
        return self.cost == 0


def lexicon_pool(written: dict[str, str]) -> Pool:
    """The lexicon's written words (*written*: word → its token; single words of synonym
    terms, acronyms, definitions, place and institution names), of four letters or more,
    acronyms of two or more."""
    words = sorted(w for w in written if len(w) >= 4 or is_acronym(w))
    folded = [comparable(word) for word in words]
    keys = [phonetic_key(word) for word in words]
    return Pool(folded, keys, words, [written[word] for word in words])


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


def cost(
    typed: str, typed_key: str, candidate: str, candidate_key: str, *, sound: bool = False
) -> float:
    """Edits from *typed* to *candidate* (both accent-free), French typing errors cheaper.
    *sound* (the last rung, long words): a slip on top of a spelling of the same sound
    (« plagtox »: the sound of « platox », « plateaux ») costs the sound and one edit."""
    distance = float(OSA.distance(typed, candidate))
    if candidate_key == typed_key and distance:
        distance = min(distance, PHONETIC_COST)
    elif sound and distance > 1 and OSA.distance(typed_key, candidate_key) == 1:
        distance = min(distance, PHONETIC_COST + 1)
    if distance and _is_subsequence(typed, candidate):
        distance -= OMISSION_BONUS
    return distance


def max_cost(length: int) -> int:
    return 1 if length <= 5 else 2


def wider_cost(length: int) -> int:
    """The last rung's allowance (recovery.py: only when the query finds nothing): one edit more
    than `max_cost` for short words (« comnu » → « commun »), three for words of ten letters or
    more, two between."""
    return 2 if length < 10 else 3


def candidates(
    text: str, pools: list[Pool], frequency: dict[str, int], *, wider: bool = False
) -> list[Candidate]:
    """Candidates for the written word *text* from each pool, best first (*frequency*: token →
    number of fiches). A word in capitals (an acronym) only meets acronyms, at one edit (two at
    the last rung from WIDER_ACRONYM_LENGTH letters). *wider*: the last rung's allowance
    (`wider_cost`) instead of `max_cost`."""
    # An apostrophe typed stays (« n'arrivent » is no misspelling of « arrivant »); the
    # caller strips an elision first when the rest is a typo (query._recover).
    typed = comparable(text) if "-" in text else fold(text.lower())  # « promo-rrivant »
    acronym = is_acronym(text)
    if len(typed) < 4 and not acronym:
        return []
    if acronym:
        limit = 2 if wider and len(typed) >= WIDER_ACRONYM_LENGTH else 1
    else:
        limit = (wider_cost if wider else max_cost)(len(typed))
    typed_key = phonetic_key(text)
    # The last rung also looks one edit away from the sound, for words long enough that a
    # sound one edit off is not half the vocabulary.
    sound = 1 if wider and not acronym and len(typed) >= WIDER_SOUND_LENGTH else 0
    found: dict[str, Candidate] = {}
    for pool in pools:
        for index in pool.near(typed, typed_key, limit, sound):
            display = pool.display[index]
            # Any word in capitals for an acronym typed, however long (« DIRECCTE »).
            if acronym and not (display.isupper() and display.isalpha()):
                continue
            value = cost(
                typed, typed_key, pool.folded[index], pool.phonetic[index], sound=bool(sound)
            )
            if value > limit or (value == 0 and display == text):
                continue
            fiches = frequency.get(pool.tokens[index], 0)
            candidate = Candidate(display, value, fiches, OSA.distance(typed, pool.folded[index]))
            best = found.get(display)
            if best is None or _rank(candidate) < _rank(best):
                found[display] = candidate
    return sorted(found.values(), key=_rank)


def _rank(candidate: Candidate) -> tuple:
    # Written forms of one word (« Banque » at the start of a sentence, « banque »): lower case
    # first, as people type.
    capital = candidate.display[:1].isupper() and not is_acronym(candidate.display)
    # « covoiturage » before « co-voiturage »: one word as people type it, the index finds both.
    joined = candidate.display != candidate.display.translate(_JOINERS)
    return (
        candidate.cost,
        candidate.distance,
        -candidate.frequency,
        joined,
        capital,
        candidate.display,
    )
