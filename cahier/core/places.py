"""French communes from the vendored gazetteer (built by scripts/build_gazetteer.py from Etalab's
« découpage administratif », see docs/search.md), for checks outside the search engine."""

import json
import re
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from .text import fold

GAZETTEER = Path(__file__).resolve().parent.parent / "search" / "data" / "gazetteer.json"
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def _key(name: str) -> str:
    return " ".join(_WORD.findall(fold(name)))


@cache
def towns() -> dict[str, str]:
    """Folded name (hyphens as spaces) → official name, for every commune of the gazetteer."""
    if not GAZETTEER.exists():
        return {}
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    return {_key(town["name"]): town["name"] for town in data.get("towns", [])}


def misspelled_places(text: str, *, threshold: float = 90.0) -> list[tuple[str, str]]:
    """(printed, official) for compound town names in *text* that are one or two letters away
    from a commune's name without being one (« Saint Briec » → « Saint-Brieuc »).

    Only multi-word names are compared: single words are too often ordinary words."""
    known = towns()
    if not known or not text:
        return []
    words = _WORD.findall(text)
    found: list[tuple[str, str]] = []
    for size in (2, 3, 4):
        for start in range(len(words) - size + 1):
            printed_words = words[start : start + size]
            if not printed_words[0][0].isupper():
                continue
            candidate = _key(" ".join(printed_words))
            if candidate in known:
                continue
            for key, official in known.items():
                if key.count(" ") + 1 != size or key[0] != candidate[0]:
                    continue
                if fuzz.ratio(candidate, key) >= threshold:
                    found.append((" ".join(printed_words), official))
                    break
    return list(dict.fromkeys(found))
