"""No dead end: what the parser does with a query word the index has never seen.

The ladder, for a single word whose token no fiche contains and that the lexicon does not know
(docs/search.md, « Fautes de frappe ») :

1. same letters but for accents and capitals (« refugies ») → corrected, shown as any correction;
2. a correct French word (`correction.is_french_word`: « parler », « couturière »):
   - its derivational family, when the index has it (« couturière » → « couture ») → searched
     with the family, shown (`FAMILY`);
   - otherwise kept as typed; the closest word is only offered (`SUGGESTION`, « Vouliez-vous
     dire … ? »), and the engine shows it only when the query finds far less than the variant
     would (`engine`);
3. any other word (a typo, « mobilte ») → the best candidate of the whole lexicon
   (`CORRECTION`, « Résultats pour … », with the way back to the words as typed) when it is
   less than one edit away (same sound, letters left out); otherwise its family if the index
   has it, otherwise that candidate.

Last rung (`variants`, run by `engine` only when the search — words and filters — finds
nothing): the words kept as typed that no fiche contains (`ParsedQuery.stranded`: correct
French words, words with no candidate close enough) are replaced by their candidates at a wider
allowance (`correction.wider_cost`), best first; the first variant query that finds something
is applied and said (`VARIANT`, « Aucune initiative pour … ; résultats pour … »), with the way
back to the words as typed. Never when the typed query finds something.

The filters to drop (`engine.Suggestion`) come after, when nothing is found."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from cahier.catalogue.models import Region
from cahier.core.prose import french_spacing

from .correction import Candidate, candidates, is_acronym, is_french_word
from .enums import RecoveryKind
from .families import family


@dataclass
class Recovery:
    """One step of the ladder, as the reader sees it: the word typed (`original`), what it was
    searched as or could be searched as (`replacements`), whether the results already use it
    (`applied`), and the query text of the other way (`alternative`: the words as typed when
    applied, the suggested query otherwise)."""

    kind: str
    original: str
    replacements: list[str]
    applied: bool
    alternative: str = ""
    variant: str = ""  # VARIANT: the whole query searched instead of the words as typed

    @property
    def label(self) -> str:
        """What the reader is told, in French (the site, `cahier search`, the API's `label`),
        with the French typography of every rendered text (no-break spaces inside « », before
        « : », « ; » and « ? »)."""
        return french_spacing(self._sentence())

    def _sentence(self) -> str:
        others = ", ".join(f"« {word} »" for word in self.replacements)
        if self.kind == RecoveryKind.CORRECTION:
            return f"« {self.original} » corrigé en {others}"
        if self.kind == RecoveryKind.FAMILY:
            return (
                f"« {self.original} » n’apparaît dans aucune fiche : résultats pour les mots de "
                f"la même famille : {others}"
            )
        if self.kind == RecoveryKind.PLACES:
            return (
                f"Aucune initiative en {self.original} : résultats pour les autres régions "
                f"d’outre-mer : {', '.join(self.replacements)}"
            )
        if self.kind == RecoveryKind.VARIANT:
            return (
                f"Aucune initiative pour « {self.alternative} » ; résultats pour « {self.variant} »"
            )
        return f"Vouliez-vous dire « {self.alternative} » ?"


@dataclass
class WordFix:
    """The parser's instruction for one word: search *written* instead (a correction), or
    add *members* [(written, token)] as alternatives (a family), or nothing but a suggestion."""

    recovery: Recovery
    written: str | None = None
    members: list[tuple[str, str]] = field(default_factory=list)


def recover_word(text: str, pools, frequency: dict[str, int], lookup) -> WordFix | None:
    """The rung of the ladder for the unknown word *text* (see the module docstring).

    *pools*: correction pools (indexed words, lexicon words); *frequency*: token → number of
    fiches; *lookup*: accent-free indexed word → (written word, token), for the families."""
    found = candidates(text, pools, frequency)
    best: Candidate | None = found[0] if found else None
    if best is not None and best.accents_only:
        return _correction(text, best)
    if is_french_word(text) and not is_acronym(text):
        members = family(text, lookup, frequency)
        if members:
            return _family(text, members)
        if best is not None:
            recovery = Recovery(RecoveryKind.SUGGESTION, text, [best.display], applied=False)
            return WordFix(recovery)
        return None
    if best is not None and best.cost < 1:  # same sound, or letters left out: a typo
        return _correction(text, best)
    # A whole edit or more away: a derived form the word list lacks (« offreuse » → « offreur »)
    # is likelier than the typo (« offres »).
    members = family(text, lookup, frequency)
    if members:
        return _family(text, members)
    return _correction(text, best) if best is not None else None


def _correction(text: str, best: Candidate) -> WordFix:
    return WordFix(Recovery(RecoveryKind.CORRECTION, text, [best.display], True), best.display)


def _family(text: str, members: list[tuple[str, str]]) -> WordFix:
    written = [member[0] for member in members]
    return WordFix(Recovery(RecoveryKind.FAMILY, text, written, True), members=members)


# The last rung: candidates per stranded word, and variant queries tried (each one a search).
VARIANT_CANDIDATES = 2
VARIANT_TRIES = 4
# A correct French word is evidence of what was meant: its variant must be one edit away at most
# (« closes » → « clauses », same sound; « Lore » → « Loire »), not two (« parler » → « porter »).
FRENCH_WORD_VARIANT_COST = 1


def variants(
    text: str, stranded: list, pools, frequency: dict[str, int], tried: dict | None = None
) -> list[Recovery]:
    """The last rung's variant queries of *text*, best first: each word of *stranded* (kept as
    typed or corrected in vain, no fiche has it: analysis.Word, offsets in *text*) replaced by
    one of its candidates at the wider allowance, combinations ranked by total cost; *tried*:
    typed word → the correction already searched, not tried again. Each is a VARIANT recovery
    (`variant` the query to search) for the caller to try until one finds something."""
    tried = tried or {}
    choices = []
    for word in stranded:
        found = sorted(
            (
                candidate
                for candidate in candidates(word.text, pools, frequency, wider=True)
                if candidate.display != tried.get(word.text)
            ),
            key=lambda c, typed=word.text: _variant_rank(typed, c),
        )
        if is_french_word(word.text):
            found = [c for c in found if c.cost <= FRENCH_WORD_VARIANT_COST]
        found = found[:VARIANT_CANDIDATES]
        if not found:
            return []  # a word with nothing close enough: no variant of the query
        choices.append(found)
    combos = sorted(product(*choices), key=lambda combo: sum(c.cost for c in combo))
    originals = " ".join(word.text for word in stranded)
    return [
        Recovery(
            RecoveryKind.VARIANT,
            originals,
            [candidate.display for candidate in combo],
            True,
            text,
            replaced(text, stranded, [candidate.display for candidate in combo]),
        )
        for combo in combos[:VARIANT_TRIES]
    ]


def _variant_rank(typed: str, candidate: Candidate) -> tuple:
    # Equally close, a word typed with a capital is likelier a name (« Manrr »: « Marne » before
    # « mars »); at the last rung only, where the candidates are far apart already.
    capital = typed[:1].isupper() != candidate.display[:1].isupper()
    return (candidate.cost, candidate.distance, capital, -candidate.frequency, candidate.display)


def replaced(text: str, words: list, replacements: list[str]) -> str:
    """*text* with each of *words* (offsets in it) replaced, the last first."""
    pairs = sorted(zip(words, replacements, strict=True), key=lambda pair: -pair[0].start)
    for word, replacement in pairs:
        text = text[: word.start] + replacement + text[word.end :]
    return text


# A suggestion is shown when the query finds nothing, or when the suggested query would find
# at least this many times as many fiches (« far less »: docs/search.md, « Fautes de frappe »).
FAR_LESS = 2


def worth_suggesting(count: int, suggested_count: int) -> bool:
    """Whether « Vouliez-vous dire … ? » is worth showing: the words as typed find nothing
    while the suggestion finds something, or the suggestion finds FAR_LESS times as many."""
    return suggested_count > count and (count == 0 or suggested_count >= FAR_LESS * count)


def worth_showing(recoveries: list[Recovery], count: int, count_of) -> list[Recovery]:
    """The recoveries to show for a search of *count* results: every one applied, a
    suggestion only when worth it (*count_of*: words → the same search's count with them)."""
    return [
        recovery
        for recovery in recoveries
        if recovery.applied or worth_suggesting(count, count_of(recovery.alternative))
    ]


def nearby_places(parsed, lexicon, bits_of) -> tuple[list, int]:
    """(expression, matches) for a query naming only places no fiche is in: the fiches of the
    other regions of their group (place_group), said in a PLACES recovery added to *parsed*;
    the query's own expression and 0 when the group has none either. *bits_of*: expression →
    bitset of the published fiches it matches."""
    named, group = place_group(parsed.place_region_ids)
    tokens = lexicon.region_token
    found = [region for region in group if bits_of([[(tokens[region.pk],)]])]
    if not found:
        return parsed.expression(lexicon), 0
    expression = [[(tokens[region.pk],) for region in found]]
    names = ", ".join(region.name for region in named)
    others = [region.name for region in found]
    parsed.recoveries.append(Recovery(RecoveryKind.PLACES, names, others, True, parsed.text))
    return expression, bits_of(expression)


def place_group(place_region_ids: set[int]) -> tuple[list, list]:
    """For a query naming only places where no fiche is: the other regions of the same group,
    as (regions, [Region]) — the overseas regions for an overseas place (« Guadeloupe » →
    Martinique, Guyane, La Réunion…). The gazetteer gives no neighbours between metropolitan
    regions: none there (docs/search.md)."""
    regions = {region.pk: region for region in Region.objects.all()}
    named = [regions[pk] for pk in place_region_ids if pk in regions]
    if not named or not all(region.is_overseas for region in named):
        return named, []
    group = [r for r in regions.values() if r.is_overseas and r.pk not in place_region_ids]
    return named, sorted(group, key=lambda region: region.name)
