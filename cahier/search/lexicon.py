"""What the query parser recognises beyond single words: synonym groups, glossary acronyms and
their definitions, and place names (regions, departments, towns of the gazetteer).

Every entry is keyed by its analyzed token sequence, so « sous main de justice », « Sous-Main
de Justice » and « sous main de la justice » meet."""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cahier.catalogue.models import GlossaryTerm, InstitutionChange, Region
from cahier.core.prose import acronym_variants
from cahier.core.text import fold, name_key

from .analysis import ELISIONS, WORD_RE, analyze, iter_words
from .correction import Pool, lexicon_pool
from .models import Synonym

GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer.json"
OVERSEAS_ALIASES = ("outre-mer", "outremer", "DOM", "DROM", "DOM-TOM", "ultramarin", "ultramarins")

Phrase = tuple[str, ...]


@dataclass
class Place:
    """A place name and the catalogue regions it lies in."""

    name: str
    region_ids: frozenset[int]
    kind: str  # region, department, town
    ambiguous: bool = False  # also a common French word (Tours, Sens…)

    @property
    def key(self) -> str:
        return place_key(self.name)


def place_key(text: str) -> str:
    """Places are matched on their written words, not on stems (« PACA » is not « Pacé »)."""
    words = []
    for match in WORD_RE.finditer(text):
        parts = re.split(r"['’]", match.group())
        if len(parts) > 1 and parts[0].lower() in ELISIONS:
            parts = parts[1:]
        words.extend(piece for part in parts for piece in part.split("-") if piece)
    return name_key(" ".join(words))


@dataclass
class Entry:
    alternatives: set[Phrase] = field(default_factory=set)
    # Alternatives as good as the phrase itself (acronym ↔ definition), not mere synonyms.
    exact: set[Phrase] = field(default_factory=set)
    places: list[Place] = field(default_factory=list)
    acronym: bool = False


@dataclass
class Lexicon:
    entries: dict[Phrase, Entry]
    max_length: int
    tokens: frozenset[str]
    department_numbers: dict[str, Place]
    region_token: dict[int, str]
    # The written words of every entry: what a misspelt word may be corrected to (correction.py).
    pool: Pool

    def get(self, phrase: Phrase) -> Entry | None:
        return self.entries.get(phrase)


def region_token(region_id: int) -> str:
    """A token indexed with every fiche of the region: a query naming only a place finds them
    (the same token as facets.facet_token("region", pk), which filters use)."""
    return f"zzregion{region_id}"


@lru_cache(maxsize=1)
def gazetteer() -> dict:
    return json.loads(GAZETTEER.read_text(encoding="utf-8"))


def definition_forms(definition: str) -> list[Phrase]:
    """« Maison de l'emploi (et de la formation) » → with and without the parenthesis, and the
    parenthesis alone when it is itself a phrase (« ni en emploi ni en formation »)."""
    forms = [analyze(definition)]
    if "(" in definition:
        outside = re.sub(r"\([^)]*\)", " ", definition)
        forms.append(analyze(outside))
        for inside in re.findall(r"\(([^)]*)\)", definition):
            forms.append(analyze(inside))
    return [tuple(form) for form in forms if len(form) >= 2 or (form and form == forms[0])]


def _forms(term: str) -> list[str]:
    """The term and its plural: Snowball leaves some pairs apart (« détenu » / « détenus »)."""
    if term.isupper() or term[-1:] in ("s", "x", "z"):
        return [term]
    return [term, term + "s"]


def institution_phrases(change: InstitutionChange) -> set[Phrase]:
    """The analyzed old and new names and acronyms of an institution that changed names."""
    phrases = {
        tuple(analyze(acronym.upper())) for acronym in (change.old_acronym, change.new_acronym)
    }
    phrases |= {tuple(analyze(name)) for name in (change.old_name, change.new_name)}
    phrases.discard(())
    return phrases


def _written_words(texts, written: dict[str, str]) -> None:
    """The single-token words of *texts* as written (accents, capitals), with their token."""
    for text in texts:
        # « Seine-Saint-Denis » gives « Seine », « Saint », « Denis »: corrections are per word.
        for word in iter_words((text or "").replace("-", " ")):
            if len(word.tokens) == 1 and word.text.isalpha():
                written.setdefault(word.text, word.tokens[0])


def build_lexicon() -> Lexicon:
    entries: dict[Phrase, Entry] = defaultdict(Entry)
    written: dict[str, str] = {}

    for group in Synonym.objects.filter(is_active=True):
        _written_words(group.term_list(), written)
        phrases = {tuple(analyze(form)) for term in group.term_list() for form in _forms(term)}
        phrases.discard(())
        for phrase in phrases:
            entries[phrase].alternatives |= phrases

    for term in GlossaryTerm.objects.all():
        _written_words([*acronym_variants(term.acronym), term.definition], written)
        acronyms = {tuple(analyze(variant.upper())) for variant in acronym_variants(term.acronym)}
        acronyms = {a for a in acronyms if len(a) == 1}
        definitions = set(definition_forms(term.definition))
        # Fiches that contain a definition are indexed with its acronym too (indexing.py): the
        # acronym alone then finds both, without costly phrase queries on common words.
        for acronym in acronyms:
            entries[acronym].alternatives |= acronyms
            entries[acronym].exact |= acronyms
            entries[acronym].acronym = True
        for definition in definitions:
            if len(definition) >= 2:
                entries[definition].alternatives |= acronyms | {definition}
                entries[definition].exact |= acronyms | {definition}

    # An institution that changed names is one concept under all its names, both ways
    # (« France Travail » finds « Pôle emploi »): as good as the name typed, not a synonym.
    for change in InstitutionChange.objects.all():
        names = (change.old_name, change.new_name, change.old_acronym, change.new_acronym)
        _written_words(names, written)
        phrases = institution_phrases(change)
        for phrase in phrases:
            entries[phrase].alternatives |= phrases
            entries[phrase].exact |= phrases

    regions = list(Region.objects.all())
    by_insee = {region.insee_code: region for region in regions if region.insee_code}

    def add_place(name: str, region_ids, kind: str, ambiguous: bool = False) -> None:
        phrase = tuple(analyze(name))
        if not phrase or not region_ids:
            return
        place = Place(name, frozenset(region_ids), kind, ambiguous)
        _written_words([name], written)
        if all(
            other.key != place.key or other.region_ids != place.region_ids
            for other in entries[phrase].places
        ):
            entries[phrase].places.append(place)
        entries[phrase].alternatives.add(phrase)

    for region in regions:
        if region.is_national:
            continue
        for name in dict.fromkeys([region.name, *region.aliases]):
            add_place(name, {region.pk}, "region")
    overseas = {region.pk for region in regions if region.is_overseas}
    for alias in OVERSEAS_ALIASES:
        add_place(alias, overseas, "region")

    data = gazetteer()
    department_numbers: dict[str, Place] = {}
    for department in data["departments"]:
        region = by_insee.get(department["region"])
        if region is None:
            continue
        add_place(department["name"], {region.pk}, "department", department["ambiguous"])
        department_numbers[department["code"].lstrip("0")] = Place(
            department["name"], frozenset({region.pk}), "department"
        )
    for town in data["towns"]:
        region = by_insee.get(town["region"])
        if region is not None:
            add_place(town["name"], {region.pk}, "town", town["ambiguous"])

    entries = dict(entries)
    return Lexicon(
        entries=entries,
        max_length=max((len(phrase) for phrase in entries), default=1),
        tokens=frozenset(token for phrase in entries for token in phrase),
        department_numbers=department_numbers,
        region_token={region.pk: region_token(region.pk) for region in regions},
        pool=lexicon_pool(written),
    )


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def folded(text: str) -> str:
    return fold(text)
