"""What an imported fiche's own text says about its project's life: the year it started, the
year it ended and whether it still runs. The 2019 fiches start « inconnu » unless their text
says otherwise (issue essaimage); the rule is conservative, because a wrong « en cours » sends
readers to a project that no longer exists (docs/essaimage.md):

- start year: the earliest year of a *start phrase* (« Lancé en 2015 », « créé en 2014 »,
  « depuis 2016 » about the project, « dès sa création en 2015 »), never later than the year
  the document was written (a later year is a plan); a phrase about something else
  (« celle déjà créée en 2014 ») does not count;
- « terminé »: the text says the project ended (« expérimentation terminée », « a pris fin
  en 2018 ») or that it was to end in a year now past (« prendra fin en 2019 »); the end year
  when the phrase gives one;
- « en projet »: the text announces a launch (« sera lancé en 2027 ») in the current year or
  later, and no start;
- « en cours »: the text says the action goes on (« l'action est poursuivie », « se
  poursuit », « est désormais en ligne ») AND the document is recent: written at most
  RECENT_YEARS years before the current year. A start year alone never makes « en cours »,
  and a continuation written in 2019 says nothing about 2026;
- otherwise « inconnu ».

The import writes what this finds into the fiche; an edit made by a person since the last
import is never overwritten (importer/guard.py refuses the import unless --force)."""

import re
from dataclasses import dataclass

from ..enums import ProjectStatus

# A continuation is trusted when the document is at most this many years old.
RECENT_YEARS = 2
EARLIEST_YEAR = 1950

_YEAR = r"((?:19|20)\d{2})"
_MONTH = (
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre)"
)
# « en 2015 », « en septembre 2015 », « fin 2018 », « le 31 décembre 2018 », « courant 2019 »
_WHEN = (
    rf"(?:en\s+(?:{_MONTH}\s+)?|(?:au\s+)?(?:début|fin|courant)\s+(?:{_MONTH}\s+)?|"
    rf"le\s+\d{{1,2}}(?:er)?\s+{_MONTH}\s+|(?:au\s+|le\s+)?mois\s+de\s+{_MONTH}\s+)"
)
_G = "e?s?"  # gender and number of a participle: lancé, lancée, lancés, lancées

_SETUP = (
    rf"(?:lancé{_G}|créé{_G}|initié{_G}|démarré{_G}|fondé{_G}|ouvert{_G}|impulsé{_G}|"
    rf"déployé{_G}|expérimenté{_G}|mis{_G}\s+en\s+(?:place|œuvre|oeuvre|ligne))"
)
# A participle of setting up, at the start of a clause or after an auxiliary, then its date:
# « Lancé en 2015 », « ont initié en 2016 », « La première action, lancée en 2016 ». Not
# « 20 emplois créés en 2017 » (a count, not the project).
_START_SETUP = re.compile(  # straight apostrophe: matches the source document
    rf"(?:^|[,;:(]\s*|\b(?:a|ont|est|sont|été|fut|furent|s'est|se\s+sont)\s+)"
    rf"{_SETUP}\s+(?:[^\s.;:,]+\s+){{0,3}}?{_WHEN}{_YEAR}\b",
    re.IGNORECASE,
)
_START_CREATION = re.compile(
    rf"\b(?:dès|depuis|lors\s+de)\s+(?:sa|la|son)\s+(?:création|lancement)"
    rf"(?:\s+d[eu]s?\s+[\w'’-]+)?\s+{_WHEN}{_YEAR}\b",
    re.IGNORECASE,
)
_SINCE = re.compile(rf"\bdepuis\s+(?:{_WHEN})?{_YEAR}\b", re.IGNORECASE)
# « depuis 2014 » counts when the clause opens with it, or when its clause names the project or
# its setting up before it (« Ce dispositif est déployé … depuis 2013 »); not « Les missions
# locales, regroupées au sein d'un groupe départemental depuis 2008, ont initié en 2016… ».
_SINCE_CONTEXT = re.compile(
    rf"\b(?:projet|dispositif|action|programme|démarche|plateforme|service|application|"
    rf"expérimentation|chantier|label|{_SETUP}|en\s+ligne|existe|fonctionne|implanté{_G})\b",
    re.IGNORECASE,
)
# Words just before a start phrase that make it about something else: « celle déjà créée ».
_OTHER_THING = re.compile(
    r"\b(?:celle|celui|celles|ceux|déjà|précédente?s?|ancienne?s?)\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)

_PROJECT = r"(?:projet|action|dispositif|programme|expérimentation|démarche|opération)"
_ENDED = re.compile(  # straight apostrophe: matches the source document
    rf"(?:\b(?:s'est|se\s+sont)\s+(?:terminé{_G}|achevé{_G}|arrêté{_G}|clôturé{_G})"
    rf"|\b(?:a|ont)\s+pris\s+fin"
    rf"|\b{_PROJECT}\s+(?:est\s+|a\s+été\s+|fut\s+)?(?:terminé{_G}|achevé{_G}|arrêté{_G}|"
    rf"abandonné{_G}|clôturé{_G})\b"
    rf"|\bn'existe\s+plus\b|\ba\s+cessé\s+(?:son\s+activité|de\s+fonctionner)\b)"
    rf"(?:\s+(?:[^\s.;:,]+\s+){{0,3}}?{_WHEN}{_YEAR}\b)?",
    re.IGNORECASE,
)
_ENDS = re.compile(
    r"\b(?:prendra|prend)\s+fin|\bse\s+(?:terminera|achèvera|clôturera|termine|achève)\b",
    re.IGNORECASE,
)
_ENDS_YEAR = re.compile(rf"\s+(?:[^\s.;:,]+\s+){{0,3}}?{_WHEN}{_YEAR}\b", re.IGNORECASE)
_PLANNED = re.compile(
    rf"\b(?:sera|seront)\s+(?:{_SETUP})\s+(?:[^\s.;:,]+\s+){{0,3}}?"
    rf"(?:{_WHEN}|à\s+partir\s+de\s+(?:{_MONTH}\s+)?){_YEAR}\b"
    rf"|\b(?:démarrera|débutera|ouvrira)\s+(?:[^\s.;:,]+\s+){{0,3}}?{_WHEN}{_YEAR}\b",
    re.IGNORECASE,
)
_CONTINUES = re.compile(  # straight apostrophe: matches the source document
    rf"\b(?:est|sont)\s+(?:poursuivi{_G}|pérennisé{_G}|reconduit{_G})\b"
    rf"|\bse\s+poursui(?:t|vent)\b"
    rf"|\bcontinue(?:nt)?\s+(?:de|d'|à)"
    rf"|\btoujours\s+(?:en\s+cours|actif|active|en\s+place|en\s+activité)\b"
    rf"|\b(?:est|sont)\s+(?:maintenant|désormais|aujourd'hui)\s+(?:bien\s+)?(?:implanté{_G}|"
    rf"installé{_G}|en\s+ligne|en\s+place|pérennisé{_G}|généralisé{_G}|déployé{_G})\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class LifeFacts:
    status: str = ProjectStatus.UNKNOWN
    started_year: int | None = None
    ended_year: int | None = None


def _normalise(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u202f]+", " ", text.replace("’", "'"))


def _sentences(text: str) -> list[str]:
    return [s.strip(" -•*") for s in _SENTENCES.split(_normalise(text)) if s.strip(" -•*")]


def _about_the_project(sentence: str, match: re.Match) -> bool:
    return not _OTHER_THING.search(sentence[: match.start()])


def start_years(sentence: str) -> list[int]:
    """The years the sentence gives as the project's start (see the module's rule)."""
    years = []
    for pattern in (_START_SETUP, _START_CREATION):
        for match in pattern.finditer(sentence):
            if _about_the_project(sentence, match):
                years.append(int(match.group(1)))
    for match in _SINCE.finditer(sentence):
        clause = re.split(r"[,;:]", sentence[: match.start()])[-1]
        if (not clause.strip() or _SINCE_CONTEXT.search(clause)) and _about_the_project(
            sentence, match
        ):
            years.append(int(match.group(1)))
    return years


def _end(sentence: str, today: int) -> tuple[bool, int | None]:
    """(ended, year) from one sentence: a past end, or an end scheduled before *today*."""
    match = _ENDED.search(sentence)
    if match:
        return True, int(match.group(1)) if match.group(1) else None
    for match in _ENDS.finditer(sentence):
        when = _ENDS_YEAR.match(sentence, match.end())
        if when and int(when.group(1)) < today:
            return True, int(when.group(1))
    return False, None


def infer_life(text: str, *, written_in: int | None, today: int) -> LifeFacts:
    """The life of a project as its fiche's *text* tells it (description, added value and
    results joined); *written_in*: the year of the document (None: unknown, never recent);
    *today*: the current year. See the module's rule."""
    starts: list[int] = []
    ended, ended_year, planned, continues = False, None, None, False
    latest = min(written_in or today, today)
    for sentence in _sentences(text or ""):
        starts += [year for year in start_years(sentence) if EARLIEST_YEAR <= year <= latest]
        sentence_ended, year = _end(sentence, today)
        if sentence_ended:
            ended = True
            ended_year = max(ended_year or 0, year or 0) or None
        if match := _PLANNED.search(sentence):
            year = int(next(group for group in match.groups() if group))
            planned = year if year >= today else planned
        continues = continues or bool(_CONTINUES.search(sentence))
    started = min(starts) if starts else None
    if ended_year and started and ended_year < started:
        ended_year = None
    if ended:
        return LifeFacts(ProjectStatus.ENDED, started, ended_year)
    if planned and started is None:
        return LifeFacts(ProjectStatus.PLANNED, planned, None)
    recent = written_in is not None and today - written_in <= RECENT_YEARS
    if continues and recent:
        return LifeFacts(ProjectStatus.ONGOING, started, None)
    return LifeFacts(ProjectStatus.UNKNOWN, started, None)
