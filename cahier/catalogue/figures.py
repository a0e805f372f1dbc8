"""Figures found in a fiche's free-text « Résultats »: the candidates a curator may turn into
outcome indicators (structured.OUTCOME_KEYS). Nothing here writes: the curation tool proposes,
a person edits and accepts or rejects (contributions).

A candidate is a percentage (« 59 % », « 59,5 % »), a ratio (« 3 sur 4 », « 2/3 », given as a
percentage) or a count followed by what it counts (« 276 nouvelles orientations », « 1 200
déplacements »), with its clause as context and label. Years and dates (« en 2017 »,
« au 31/03/2018 », « d'octobre 2017 à janvier 2018 ») are read as the period, never as values;
ages, durations and hours (« 26 ans », « 6 mois », « 7 h »), ordinals (« 1er ») and the base of
a « sur N » are not values either. See docs/essaimage.md for what it finds in the 2019
cahier and how often it is right."""

import hashlib
import re
from dataclasses import dataclass

from cahier.core.text import fold

SPACES = " \u00a0\u202f"
NUMBER = rf"\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?![\d])|\d+"
MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
_MONTH = "|".join(MONTHS)
YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# Dates first (their numbers are no values): 31/03/2018, 30.10.16, 1er janvier 2017, mars 2018.
DATE_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
DATE_WORDS = re.compile(
    rf"\b(?:(\d{{1,2}})(?:er)?\s+)?({_MONTH})\s+({YEAR})\b|\b(\d{{1,2}})(?:er)?\s+({_MONTH})\b",
    re.IGNORECASE,
)
YEARS = re.compile(rf"(?<![\d,.])({YEAR})(?:\s*[-–/]\s*({YEAR}))?(?![\d%])")
RATIO = re.compile(r"(?<![\d,])(\d+)\s*(?:sur|/)\s*(\d+)(?![\d/])")
PERCENT = re.compile(rf"(?<![\d,])({NUMBER})(?:,(\d+))?[{SPACES}]?%")
COUNT = re.compile(rf"(?<![\d,./-])({NUMBER})(?![\d,./%])(?:[{SPACES}]+)([^\W\d_][\w'’-]*)")
# What follows a number that makes it no count: ages, durations, hours, ordinals.
NOT_COUNTED = {
    "an",
    "ans",
    "mois",
    "h",
    "heure",
    "jour",
    "jours",
    "semaine",
    "semaines",
    "er",
    "ère",
    "ème",
    "e",
    "eme",
    "sur",
}
BASE = re.compile(rf"\bsur\s+(?:les\s+)?({NUMBER})\s+([^\W\d_][\w'’-]*)", re.IGNORECASE)
CLAUSES = re.compile(r"[;\n]|(?<=[^\d\s])\.(?:\s|$)|,(?!\d)|\s[–—]\s|\s-\s")
CONNECTORS = re.compile(r"^(?:et|dont|soit|avec|ou|mais|puis)\b\s*|[\s(]*$", re.IGNORECASE)
# Small words a label does not end with (what followed them was a figure or a date).
TRAILING = {
    "à",
    "au",
    "aux",
    "avec",
    "d",
    "de",
    "des",
    "depuis",
    "dont",
    "du",
    "en",
    "entre",
    "environ",
    "et",
    "fin",
    "la",
    "le",
    "les",
    "ou",
    "par",
    "pour",
    "près",
    "plus",
    "moins",
    "soit",
    "sur",
    "total",
    "un",
    "une",
}
# Words that only place a figure in time: a label made of them alone is no label.
PERIOD_WORDS = TRAILING | {"promotion", "période", "année", "bilan", "résultats"}


@dataclass(frozen=True)
class Figure:
    """A figure of the text, shaped as an outcome (structured.OUTCOME_KEYS) plus its context."""

    indicator: str
    value: int | float
    unit: str
    base: str
    period_start: str
    period_end: str
    context: str

    @property
    def key(self) -> str:
        """Stable across runs and edits elsewhere in the text: what a rejection remembers."""
        text = f"{self.value}|{self.unit}|{fold(self.context)}"
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def outcome(self) -> dict:
        return {
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "base": self.base,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "source": "",
            "url": "",
        }


def _number(digits: str, decimals: str | None = None) -> int | float:
    whole = int(re.sub(rf"[{SPACES}]", "", digits))
    if decimals:
        return float(f"{whole}.{decimals}")
    return whole


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _period(sentence: str) -> tuple[str, str, str]:
    """(start, end, sentence with its dates and years blanked): ISO bounds, « 2018-03-31 »,
    « 2017-10 » or « 2017 »; « depuis 2015 » has no end."""
    bounds = []
    for match in DATE_NUMERIC.finditer(sentence):
        day, month, year = (int(g) for g in match.groups())
        year = year + 2000 if year < 100 else year
        if 1 <= month <= 12 and 1 <= day <= 31 and 1950 <= year < 2050:
            bounds.append(f"{year:04d}-{month:02d}-{day:02d}")
        sentence = _blank(sentence, *match.span())
    for match in DATE_WORDS.finditer(sentence):
        day, month, year = match.group(1), match.group(2), match.group(3)
        if year:
            number = MONTHS[month.lower()]
            bounds.append(f"{year}-{number:02d}-{int(day):02d}" if day else f"{year}-{number:02d}")
        sentence = _blank(sentence, *match.span())
    since = False
    for match in YEARS.finditer(sentence):
        bounds.extend(year for year in match.groups() if year)
        since = since or bool(re.search(r"depuis\s*$", sentence[: match.start()], re.I))
        sentence = _blank(sentence, *match.span())
    if not bounds:
        return "", "", sentence
    start, end = min(bounds), max(bounds)
    if since and start == end:
        end = ""
    return start, end, sentence


def _clauses(sentence: str):
    """(start, end) of each clause: split at « ; », sentence ends, commas, dashes."""
    start = 0
    for match in CLAUSES.finditer(sentence):
        yield start, match.start()
        start = match.end()
    yield start, len(sentence)


def _tidy(text: str) -> str:
    """A label's words: no leading connector, no dangling small word, bracket or stop."""
    words = " ".join(CONNECTORS.sub("", text.strip(" :–-,")).split())
    while True:
        before = words
        words = words.strip(" .,:;–-")
        if words.count("(") > words.count(")"):
            words = words.rsplit("(", 1)[0]
        if words.count(")") > words.count("("):
            words = words.replace(")", "", words.count(")") - words.count("("))
        parts = words.split()
        if parts and fold(parts[-1].rstrip("'’")) in {fold(w) for w in TRAILING}:
            words = " ".join(parts[:-1])
        if words == before:
            return words


def _label(masked: str, clause_start: int, clause_end: int, spans, index: int) -> str:
    """The words of the figure's clause without the figure (dates left out): those after it up
    to the next figure or, when there are none (« Entreprises prospectées : 520 »), before."""
    start, end = spans[index]
    following = spans[index + 1][0] if index + 1 < len(spans) else clause_end
    label = _tidy(masked[end:following])
    if not label:
        previous = spans[index - 1][1] if index > 0 else clause_start
        before = _tidy(masked[previous:start])
        if any(fold(word) not in {fold(w) for w in PERIOD_WORDS} for word in before.split()):
            label = before
    return label[:1].upper() + label[1:]


def _candidates(masked: str, start: int, end: int, base: str) -> list[tuple]:
    """The figures of the clause *masked[start:end]* as (start, end, value, unit, base), in
    reading order, before they get a label."""
    found = []
    clause = masked[start:end]
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for match in RATIO.finditer(clause):
        part, whole = int(match.group(1)), int(match.group(2))
        if whole and 0 < part <= whole and whole <= 1000 and (whole <= 10 or "/" not in match[0]):
            a, b = start + match.start(), start + match.end()
            taken.append((a, b))
            found.append((a, b, round(100 * part / whole, 1), "%", f"{part} sur {whole}"))
    for match in PERCENT.finditer(clause):
        a, b = start + match.start(), start + match.end()
        if free(a, b):
            taken.append((a, b))
            found.append((a, b, _number(match.group(1), match.group(2)), "%", base))
    for match in COUNT.finditer(clause):
        a, b = start + match.start(1), start + match.end(1)
        word = match.group(2).lower()
        if not free(a, b) or word in NOT_COUNTED or word in MONTHS:
            continue
        if re.search(r"\bsur\s+(?:les\s+)?$", clause[: match.start()], re.IGNORECASE):
            continue  # « sur 22 personnes formées »: the base of what follows
        taken.append((a, b))
        found.append((a, b, _number(match.group(1)), "", ""))
    if tail := re.search(rf":\s*({NUMBER})[\s.]*$", clause):
        a, b = start + tail.start(1), start + tail.end(1)
        if free(a, b):  # « Nombre d'entreprises prospectées : 520 »
            found.append((a, b, _number(tail.group(1)), "", ""))
    found.sort()
    return found


def _figures_of_clause(original: str, masked: str, start: int, end: int, base: str, period):
    found = _candidates(masked, start, end, base)
    spans = [(a, b) for a, b, *_ in found]
    figures = []
    for index, (_, _, value, unit, figure_base) in enumerate(found):
        label = _label(masked, start, end, spans, index)
        context = " ".join(original[start:end].split()).strip(" :")
        if unit == "%" and figure_base and figure_base == base:
            figure_base = base
        figures.append(
            Figure(
                indicator=label,
                value=value,
                unit=unit,
                base=figure_base if unit == "%" else "",
                period_start=period[0],
                period_end=period[1],
                context=context,
            )
        )
    return figures


DIGIT = re.compile(r"\d")
SENTENCE_END = re.compile(r"(?<=[^\s.][.!?])\s+(?=[A-ZÀ-Ý])")


def _sentences(text: str):
    """Sentences with their heading: « En 2017 : » or « Promotion 2016 : » alone on a line
    gives its period to the list items under it."""
    heading = ""
    for line in text.splitlines():
        stripped = line.strip().lstrip("-•").strip()
        if not stripped:
            heading = ""
            continue
        if stripped.endswith(":") and len(stripped) < 80:
            heading = stripped
            continue
        for sentence in SENTENCE_END.split(stripped):
            yield heading, sentence


def _clauses_of(text: str):
    """(sentence, masked sentence, period, base, clause start, clause end) of every clause."""
    for heading, sentence in _sentences(text or ""):
        start, end, masked = _period(sentence)
        if not start and heading:
            start, end, _ = _period(heading)
        base_match = BASE.search(masked)
        base = f"{base_match.group(1)} {base_match.group(2)}" if base_match else ""
        for clause_start, clause_end in _clauses(masked):
            yield sentence, masked, (start, end), base, clause_start, clause_end


def extract_figures(text: str) -> list[Figure]:
    """Every candidate figure of *text*, in reading order, without duplicates."""
    figures, seen = [], set()
    for sentence, masked, period, base, clause_start, clause_end in _clauses_of(text):
        for figure in _figures_of_clause(sentence, masked, clause_start, clause_end, base, period):
            if figure.key not in seen:
                seen.add(figure.key)
                figures.append(figure)
    return figures


def has_figures(text: str) -> bool:
    """`bool(extract_figures(text))`, at the cost of finding the first figure only (no label,
    no later clause): the quality score asks it of every fiche of an export. Every figure is
    made of digits, so a text without any has none."""
    if not text or not DIGIT.search(text):
        return False
    return any(
        _candidates(masked, clause_start, clause_end, base)
        for _, masked, _, base, clause_start, clause_end in _clauses_of(text)
    )
