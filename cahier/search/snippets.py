"""Highlighted extracts: the sentence of the fiche that best matches the query, HTML-escaped,
with the matching words in <mark>."""

import re

from django.utils.html import escape

from .analysis import iter_words

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
MAX_LENGTH = 260


def _hits(sentence: str, tokens: set[str]) -> list[tuple[int, int]]:
    spans = []
    for word in iter_words(sentence):
        if any(t in tokens for t in word.tokens) or (word.joined and word.joined in tokens):
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


def snippet(texts: list[str], tokens: set[str]) -> str:
    """Safe HTML: everything escaped except the <mark> elements we add."""
    sentences = [
        s.strip() for text in texts if text for s in _SENTENCE_END.split(text) if s.strip()
    ]
    if not sentences:
        return ""
    best, best_spans, best_score = sentences[0], [], 0
    for sentence in sentences:
        spans = _hits(sentence, tokens) if tokens else []
        score = len({sentence[a:b].lower() for a, b in spans})
        if score > best_score:
            best, best_spans, best_score = sentence, spans, score
    text, spans = _clip(best, best_spans)
    html, cursor = [], 0
    for start, end in spans:
        html.append(escape(text[cursor:start]))
        html.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    html.append(escape(text[cursor:]))
    return "".join(html)
