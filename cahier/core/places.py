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
def _gazetteer() -> dict:
    if not GAZETTEER.exists():
        return {}
    return json.loads(GAZETTEER.read_text(encoding="utf-8"))


@cache
def towns() -> dict[str, str]:
    """Folded name (hyphens as spaces) → official name, for every commune of the gazetteer."""
    return {_key(town["name"]): town["name"] for town in _gazetteer().get("towns", [])}


def region_departments(region_code: str) -> list[str]:
    """INSEE codes of the departments of a region (INSEE code), in code order."""
    departments = _gazetteer().get("departments", [])
    return sorted(d["code"] for d in departments if d["region"] == region_code)


# Before a town's name, these words mean the area around it (« Pays de Fougères », « Bassin
# d'emploi de Rennes », « Métropole de Lyon »): the town's department is meant, not the town.
AREA_WORDS = frozenset(
    [
        "pays",
        "bassin",
        "eurometropole",
        "urbaine",
        "agglo",
        "intercommunalite",
        "bassins",
        "arrondissement",
        "metropole",
        "agglomeration",
        "communaute",
        "communes",
        "grand",
        "territoire",
        "secteur",
        "sud",
        "nord",
        "est",
        "ouest",
        "autour",
    ]
)


@cache
def _named() -> dict[str, tuple[str, str, str]]:
    """Folded name → (kind, INSEE code, region code) for departments and towns (departments
    win when a name is both: « Paris »)."""
    found: dict[str, tuple[str, str, str]] = {}
    for town in _gazetteer().get("towns", []):
        found[_key(town["name"])] = ("town", town["code"], town["region"])
    for department in _gazetteer().get("departments", []):
        found[_key(department["name"])] = ("department", department["code"], department["region"])
    return found


def department_of_town(code: str) -> str:
    for town in _gazetteer().get("towns", []):
        if town["code"] == code:
            return town["department"]
    return ""


# « Départements 75/93/94/95 », « département 59 », « dép. 2A et 2B »: numbers count as
# departments only after that word (« plus de 59 ans » names no department).
_DEPARTMENT_NUMBERS = re.compile(
    r"d[ée]p(?:artements?|\.)\s*((?:\d{2,3}|2[AB])(?:\s*(?:/|,|et|-)\s*(?:\d{2,3}|2[AB]))*)",
    re.IGNORECASE,
)


def _numbered_departments(text: str, region_code: str) -> list[tuple[str, str]]:
    codes = {d["code"]: d["region"] for d in _gazetteer().get("departments", [])}
    found = []
    for match in _DEPARTMENT_NUMBERS.finditer(text or ""):
        for code in re.findall(r"\d{2,3}|2[AB]", match.group(1).upper()):
            if codes.get(code) == region_code:
                found.append(("department", code))
    return found


def places_named(text: str, region_code: str) -> list[tuple[str, str]]:
    """(kind, INSEE code) of the departments and towns (gazetteer: 10 000 inhabitants or more,
    and the prefectures) that *text* names with a capital letter, and the department numbers
    written after « département(s) », within the region *region_code*, longest names first (« Territoire de Belfort » is a department, not the town
    of Belfort). A town named after an area word (AREA_WORDS) counts as its department."""
    known = _named()
    words = _WORD.findall(text or "")
    found: list[tuple[str, str]] = _numbered_departments(text, region_code)
    start = 0
    while start < len(words):
        for size in (4, 3, 2, 1):
            printed = words[start : start + size]
            if len(printed) < size or not printed[0][0].isupper():
                continue
            entry = known.get(_key(" ".join(printed)))
            if entry is None or entry[2] != region_code:
                continue
            kind, code, _ = entry
            before = {_key(word) for word in words[max(0, start - 4) : start]}
            if kind == "town" and before & AREA_WORDS:
                kind, code = "department", department_of_town(code)
            found.append((kind, code))
            start += size
            break
        else:
            start += 1
    return list(dict.fromkeys(found))


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
