"""What the query parser reads from the index and the lexicon, kept per process: the indexed
vocabulary (document frequencies, words as written, their phonetic keys, for corrections and
families) and the lexicon (lexicon.py), both patched after each change of the index
(state.py)."""

import bisect
from dataclasses import dataclass, field

from . import state
from .backends import get_backend
from .correction import Pool, comparable, phonetic_key
from .lexicon import Lexicon, build_lexicon
from .models import IndexedWord


@dataclass
class Vocabulary:
    document_frequency: dict[str, int]
    words: list[str]  # correction.comparable: what edit distances compare
    display: list[str]  # as written in the fiches (accents kept)
    word_tokens: list[str]
    phonetic: list[str]  # correction.phonetic_key of each word
    _lookup: dict | None = field(default=None, repr=False, compare=False)
    _pool: Pool | None = field(default=None, repr=False, compare=False)

    @property
    def pool(self) -> Pool:
        """The correction pool over these lists (indexed on first use, kept with them)."""
        if self._pool is None:
            self._pool = Pool(self.words, self.phonetic, self.display, self.word_tokens)
        return self._pool

    def lookup(self) -> dict[str, tuple[str, str]]:
        """Accent-free written word → (written word, token), built on first use (families)."""
        if self._lookup is None:
            found: dict[str, tuple[str, str]] = {}
            for folded, display, token in zip(
                self.words, self.display, self.word_tokens, strict=True
            ):
                known = found.get(folded)
                frequency = self.document_frequency.get(token, 0)
                if known is None or frequency > self.document_frequency.get(known[1], 0):
                    found[folded] = (display, token)
            self._lookup = found
        return self._lookup


def _patch_lexicon(old: Lexicon, change: state.Change) -> Lexicon:
    # Built from synonyms, the glossary, renamed institutions and places, not from fiches.
    return build_lexicon() if change.lexicon else old


def lexicon() -> Lexicon:
    return state.cached("lexicon", build_lexicon, _patch_lexicon)


def _build_vocabulary() -> Vocabulary:
    frequency = get_backend().vocabulary()
    words, display, tokens, keys = [], [], [], []
    # In Python's order (the database's collation may differ): patches insert by bisection.
    for word, token in sorted(IndexedWord.objects.values_list("word", "token").iterator()):
        if frequency.get(token):
            words.append(comparable(word))
            display.append(word)
            tokens.append(token)
            keys.append(phonetic_key(word))
    return Vocabulary(frequency, words, display, tokens, keys)


def _patch_vocabulary(old: Vocabulary, change: state.Change) -> Vocabulary:
    """Counts moved by the change's deltas in place (readers only look counts up: each is the
    one before or after): copying the whole dictionary cost more than the rest of the patch at
    100 000 fiches. A word is listed while its token is indexed, so the words whose token
    appeared or vanished, and the new words, are looked at again; the four lists are copied
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
    keys = list(old.phonetic)
    for word, token in moves:
        place = bisect.bisect_left(display, word)
        if _listed(display, word):
            del words[place], display[place], tokens[place], keys[place]
        else:
            words.insert(place, comparable(word))
            display.insert(place, word)
            tokens.insert(place, token)
            keys.insert(place, phonetic_key(word))
    return Vocabulary(frequency, words, display, tokens, keys)


def _listed(display: list[str], word: str) -> bool:
    place = bisect.bisect_left(display, word)
    return place < len(display) and display[place] == word


def vocabulary() -> Vocabulary:
    return state.cached("vocabulary", _build_vocabulary, _patch_vocabulary)
