"""The text analyzer: one function turns any French text into index tokens, for every backend.

Steps, per word: elision removal (l', d', qu'… with ' or ’), hyphenated words indexed as their
parts and as the joined form, French stop words dropped (acronyms written in capitals are kept:
« DE » is the job seeker, not the preposition), Snowball French stemming on the accented
lower-case word, then case and accent folding (œ → oe). Backends only ever see these tokens
(SQLite FTS5 with a plain `unicode61` tokenizer, PostgreSQL with the 'simple' configuration),
so analysis is the same everywhere by construction."""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from cahier.core.text import fold

# Snowball's French stop list, plus a few grammatical words it lacks ("les", "ni", "cet"…).
STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "même",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "à",
        "m",
        "n",
        "s",
        "t",
        "y",
        "été",
        "étée",
        "étées",
        "étés",
        "étant",
        "étante",
        "étants",
        "étantes",
        "suis",
        "es",
        "est",
        "sommes",
        "êtes",
        "sont",
        "serai",
        "seras",
        "sera",
        "serons",
        "serez",
        "seront",
        "serais",
        "serait",
        "serions",
        "seriez",
        "seraient",
        "étais",
        "était",
        "étions",
        "étiez",
        "étaient",
        "fus",
        "fut",
        "fûmes",
        "fûtes",
        "furent",
        "sois",
        "soit",
        "soyons",
        "soyez",
        "soient",
        "fusse",
        "fusses",
        "fût",
        "fussions",
        "fussiez",
        "fussent",
        "ayant",
        "ayante",
        "ayantes",
        "ayants",
        "eu",
        "eue",
        "eues",
        "eus",
        "ai",
        "as",
        "avons",
        "avez",
        "ont",
        "aurai",
        "auras",
        "aura",
        "aurons",
        "aurez",
        "auront",
        "aurais",
        "aurait",
        "aurions",
        "auriez",
        "auraient",
        "avais",
        "avait",
        "avions",
        "aviez",
        "avaient",
        "eut",
        "eûmes",
        "eûtes",
        "eurent",
        "aie",
        "aies",
        "ait",
        "ayons",
        "ayez",
        "aient",
        "eusse",
        "eusses",
        "eût",
        "eussions",
        "eussiez",
        "eussent",
        "ni",
        "cet",
        "cette",
        "ceux",
        "celle",
        "celles",
        "celui",
        "dont",
        "où",
        "afin",
        "ainsi",
        "comme",
    ]
)
_FOLDED_STOP_WORDS = frozenset(fold(word) for word in STOP_WORDS)
ELISIONS = frozenset(
    [
        "l",
        "d",
        "j",
        "m",
        "n",
        "s",
        "t",
        "c",
        "qu",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
        "presqu",
        "quelqu",
    ]
)

# A word: letters/digits, possibly joined by hyphens or apostrophes (aujourd'hui, sans-abri).
# The underscore separates words, as in FTS5's tokenizer and for a reader: the words of a file
# name in a link (« Guide-numerique_interactif_1.pdf ») are found one by one.
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’]")

_stemmer = Stemmer.Stemmer("french")


@dataclass(frozen=True)
class Word:
    """A word of the original text, where it stands, and what it yields: the tokens of its parts
    (one for a plain word) and, for a hyphenated word, the joined form (« sansabr »)."""

    text: str
    start: int
    end: int
    tokens: tuple[str, ...]
    joined: str


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=200_000)
def analyze_word(word: str) -> tuple[tuple[str, ...], str]:
    """(tokens of the parts, joined form or "") of one word as WORD_RE cuts it."""
    parts = _APOSTROPHES.split(word)
    if len(parts) > 1 and parts[0].lower() in ELISIONS:
        parts = parts[1:]
    pieces: list[str] = []
    for part in parts:
        pieces.extend(piece for piece in part.split("-") if piece)
    tokens = tuple(token for token in (_token(piece) for piece in pieces) if token)
    joined = ""
    if len(pieces) > 1:
        # Joined forms live in a column of their own so that phrases stay contiguous in the
        # main stream; « sansabri » and « sans-abri » then meet there.
        joined = _stem_fold("".join(pieces).lower())
    return tokens, joined


def _token(piece: str) -> str:
    lower = piece.lower()
    is_acronym = len(piece) >= 2 and piece.isupper()
    if not is_acronym and (lower in STOP_WORDS or fold(lower) in _FOLDED_STOP_WORDS):
        return ""
    if len(lower) == 1 and not lower.isdigit():
        return ""
    if is_acronym and fold(lower) in _FOLDED_STOP_WORDS:
        return fold(lower)  # « DE », « EA »: kept whole, never stemmed into a stop word
    # Acronyms are stemmed too, so that « PLIE » and « plie » typed in lower case meet.
    return _stem_fold(lower)


def _stem_fold(lower: str) -> str:
    # Stem before folding: Snowball French needs the accents (« sénior » ≠ « senior » otherwise).
    return fold(_stemmer.stemWord(lower))


def iter_words(text: str) -> Iterator[Word]:
    for match in WORD_RE.finditer(_normalise(text)):
        tokens, joined = analyze_word(match.group())
        yield Word(match.group(), match.start(), match.end(), tokens, joined)


def analyze(text: str) -> list[str]:
    """Index tokens of *text*, in order (the main stream both backends store)."""
    tokens: list[str] = []
    for match in WORD_RE.finditer(_normalise(text)):
        tokens.extend(analyze_word(match.group())[0])
    return tokens


def joined_forms(text: str) -> list[str]:
    """Joined forms of the hyphenated words of *text* (indexed in a column of their own)."""
    forms = []
    for match in WORD_RE.finditer(_normalise(text)):
        joined = analyze_word(match.group())[1]
        if joined:
            forms.append(joined)
    return forms


def split_elision(word: str) -> tuple[str, str]:
    """(the elision with its apostrophe, the rest) of one word: (« n'», « arrivent »),
    ("", word) without one."""
    parts = _APOSTROPHES.split(word, maxsplit=1)
    if len(parts) > 1 and parts[0].lower() in ELISIONS:
        return word[: len(parts[0]) + 1], word[len(parts[0]) + 1 :]
    return "", word


def surface_words(text: str) -> Iterator[tuple[str, str]]:
    """(lower-case word, its token) pairs: the vocabulary typo correction works on. A word of
    several pieces (« IT-Akademy », « Empl'itude ») gives itself, with its joined token (how
    the index finds it whole), and each part between its hyphens: the index finds them by
    their own tokens, so a misspelling of either must be able to land on it."""
    for match in WORD_RE.finditer(_normalise(text)):
        word = split_elision(match.group())[1]
        tokens, joined = analyze_word(word)
        if not joined:
            if len(tokens) == 1 and len(word) >= 3:
                yield word.lower(), tokens[0]
            continue
        yield word.lower(), joined
        for piece in word.split("-"):  # « aujourd », « empl »: no words of their own
            piece_tokens, _ = analyze_word(piece)
            if len(piece_tokens) == 1 and len(piece) >= 3:
                yield piece.lower(), piece_tokens[0]
