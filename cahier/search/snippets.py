"""Highlighted extracts: the sentence of the fiche that best matches the query, as plain text
with the spans of the matching words (`snippet_parts`, what the API returns) or as HTML,
escaped, with the matching words in <mark> (`snippet`, what the site shows). The sentence is
shown in French typography (’, no-break spaces: cahier.core.prose.typography) like the rest of
the fiche; the spans are found in that text, so they always point at what is shown."""

import re
import unicodedata

from django.utils.html import escape

from cahier.core.prose.typography import french_spacing

from .analysis import iter_words

Phrase = tuple[str, ...]

# Before the accents are dropped: what has no decomposition but a letter or sign to keep.
_BEFORE_FOLD = (("œ", "oe"), ("æ", "ae"), ("’", "'"), ("\u00a0", " "), ("\u202f", " "))


def _fast_fold(text: str) -> str:
    """Lower case without accents, for the prefilter only (a substring test of tokens): the
    canonical decomposition with its marks dropped, at C speed — five times faster than a
    translate() table, which cost a tenth of a millisecond per fiche of a page. Signs with no
    ASCII form (« », –) are dropped: they never hold a token."""
    text = text.lower()
    if text.isascii():
        return text
    for sign, replacement in _BEFORE_FOLD:
        text = text.replace(sign, replacement)
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
MAX_LENGTH = 260


def _hits(sentence: str, phrases: set[Phrase]) -> list[tuple[int, int]]:
    """The spans of the words that make up a whole phrase of *phrases* (a one-word phrase: the
    word; a longer one — synonym, acronym definition — only where all of it occurs, in order,
    from its first word to its last), overlapping marks merged."""
    words = list(iter_words(sentence))
    # The token stream the index holds, each token with the word it comes from.
    stream = [(token, index) for index, word in enumerate(words) for token in word.tokens]
    longest = max((len(phrase) for phrase in phrases), default=0)
    marked = [False] * len(words)
    for index, word in enumerate(words):
        if word.joined and (word.joined,) in phrases:
            marked[index] = True
    for position in range(len(stream)):
        for length in range(1, min(longest, len(stream) - position) + 1):
            window = stream[position : position + length]
            if tuple(token for token, _ in window) in phrases:
                for index in range(window[0][1], window[-1][1] + 1):
                    marked[index] = True
    spans: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        if marked[index]:
            spans.append((word.start, word.end))
    return spans


def _clip(sentence: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    if len(sentence) <= MAX_LENGTH:
        return sentence, spans
    start = 0
    if spans and spans[0][0] > MAX_LENGTH // 3:
        start = sentence.rfind(" ", 0, spans[0][0] - MAX_LENGTH // 4) + 1
    end = sentence.find(" ", start + MAX_LENGTH)
    end = len(sentence) if end == -1 else end
    clipped = sentence[start:end]
    spans = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(sentence) else ""
    return prefix + clipped + suffix, [(a + len(prefix), b + len(prefix)) for a, b in spans]


def snippet_parts(texts: list[str], phrases: set[Phrase]) -> tuple[str, list[tuple[int, int]]]:
    """The extract as plain text and the (start, end) character offsets of the matching words
    in it: no markup, no entity, escaping is the renderer's job. *phrases*: the query's
    alternatives as token tuples (a word is marked only as part of a whole phrase)."""
    # Folding the whole text once keeps the sentences aligned (folding adds no punctuation):
    # a cheap substring test on the folded sentence skips those that cannot match.
    sentences: list[tuple[str, str]] = []
    for text in texts:
        if not text:
            continue
        originals = _SENTENCE_END.split(text)
        folded = _SENTENCE_END.split(_fast_fold(text))
        if len(folded) != len(originals):
            folded = [_fast_fold(sentence) for sentence in originals]
        sentences += [(o.strip(), f) for o, f in zip(originals, folded, strict=True) if o.strip()]
    if not sentences:
        return "", []
    # Choose the sentence on the cheap (distinct tokens found in its folded form), then
    # analyse only that one word by word to place the marks.
    best, best_score = sentences[0][0], 0
    if phrases:
        for sentence, folded_sentence in sentences:
            # Phrases all of whose tokens the sentence holds (a cheap substring test).
            score = sum(1 for phrase in phrases if all(t in folded_sentence for t in phrase))
            if score > best_score:
                best, best_score = sentence, score
    # The typography rule changes lengths (« 1ère » → « 1re », a space before « : »): the words
    # are found in the text as shown, never mapped from the stored one.
    best = french_spacing(best)
    best_spans = _hits(best, phrases) if best_score else []
    return _clip(best, best_spans)


def snippet_html(text: str, spans: list[tuple[int, int]]) -> str:
    """Safe HTML from `snippet_parts`: everything escaped except the <mark> elements we add."""
    html, cursor = [], 0
    for start, end in spans:
        html.append(escape(text[cursor:start]))
        html.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    html.append(escape(text[cursor:]))
    return "".join(html)
