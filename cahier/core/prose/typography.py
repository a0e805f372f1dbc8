"""The French typography rule of every rendered text (site, curation, PDF).

Contributors type ordinary spaces, or none, around punctuation. French typography (Lexique des
règles typographiques en usage à l'Imprimerie nationale) wants:
- before « : » a no-break space of normal width (U+00A0): the colon is a full pause;
- before « ; ! ? » and « % » a narrow no-break space (U+202F, « espace fine insécable »);
- inside « guillemets » a no-break space (U+00A0);
- thousands grouped by a no-break space (« 1 820 »), so that a number never breaks.
The printed 2019 cahier follows it; the site used to put U+202F before « : » too.

The same rule writes the words as French typography wants them (the 2019 document and the
contributors type them on keyboards without these characters):
- the apostrophe is the typographic one (’), not the straight ' of the keyboard;
- capitals keep their accent: « Egalité » → « Égalité », « Etat » → « État », and « A » opening a
  sentence before a word is « À » (« A ce titre » → « À ce titre »). Only the common nouns of
  `ACCENTED_CAPITALS`: a capital E is also the start of names (« Association Emergence »,
  « Eco Mobil ») that must stay as their holders write them;
- ordinals are abbreviated as the Imprimerie nationale does: « 1re », « 1res », « 2e »,
  « XXIe » (not « 1ère », « 2ème », « 2è », « 2nd » is left: « second » is a word).

It is applied when text is displayed (`to_html`, `|fr`, feeds, page descriptions, the PDF),
never to what is stored: a contributor's text keeps the characters they typed and the edit
form shows them; every reader sees the typographic form. One rule, applied to plain text before
it is escaped, so it never sees markup or entities. URLs, e-mail addresses, times (« 20:30 »)
and entity-like « &amp; » are left alone (an apostrophe in an address stays straight)."""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

# Things that contain ":" or "?" but are not prose.
_PROTECTED = re.compile(
    r"(?:https?|ftp|mailto):[^\s<>«»]+"
    r"|www\.[^\s<>«»]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\d{1,2}:\d{2}"
    r"|&#?\w+;"  # an entity typed as text (« &amp; ») keeps its « ; »
)
_SPACE = f"[ \t{NBSP}{NNBSP}]"
_BEFORE_COLON = re.compile(rf"(?<=\S){_SPACE}*:(?=\s|$)")
_BEFORE_HIGH = re.compile(rf"(?<=[^\s!?;]){_SPACE}*([;!?])")
_OPEN_QUOTE = re.compile(rf"«{_SPACE}*")
_CLOSE_QUOTE = re.compile(rf"(?<=\S){_SPACE}*»")
_PERCENT = re.compile(rf"(?<=\d){_SPACE}?%")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=\w)")  # l'emploi, aujourd'hui; not 'quoted'
# Common nouns written with É, as a capital E starts them (the 2019 cahier's « Etat »,
# « Egalité femmes-hommes », « Etude des secteurs… », « Education nationale »…).
ACCENTED_CAPITALS = (
    "Ecole",
    "Ecoles",
    "Economie",
    "Economies",
    "Economique",
    "Economiques",
    "Edito",
    "Education",
    "Egalité",
    "Elu",
    "Elue",
    "Elues",
    "Elus",
    "Energie",
    "Energies",
    "Equipe",
    "Equipes",
    "Etablissement",
    "Etablissements",
    "Etape",
    "Etapes",
    "Etat",
    "Etats",
    "Etude",
    "Etudes",
    "Etudiant",
    "Etudiante",
    "Etudiantes",
    "Etudiants",
    "Evaluation",
    "Evaluations",
    "Evénement",
    "Evénements",
    "Evènement",
    "Evènements",
)
_CAPITAL_E = re.compile(r"\bE(?=(?:" + "|".join(w[1:] for w in ACCENTED_CAPITALS) + r")\b)")
# « A » opening the text or a sentence, before a lower-case word: the preposition « À ».
_CAPITAL_A = re.compile(r"(?:^|(?<=[.!?…] )|(?<=«\u00a0))A(?= [a-zà-ÿ])")
_FIRST = re.compile(r"\b1(?:ère|ere)(s?)\b")
_NTH = re.compile(r"\b(\d+|[IVXLC]+)(?:ième|ème|eme|è)(s?)\b")
# Private-use characters stand for the protected spans while the rules run.
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def french_capitals(text: str) -> str:
    """*text* with its accented capitals and ordinals (the words part of the rule, without the
    spaces and apostrophes): the importer cleans the index labels with it, so that the stored
    labels, the API and the exports say « Égalité femmes-hommes » as the site does."""
    chunk = _CAPITAL_E.sub("É", text or "")
    chunk = _FIRST.sub(r"1re\1", chunk)
    return _NTH.sub(r"\1e\2", chunk)


def _fix(chunk: str) -> str:
    chunk = french_capitals(_APOSTROPHE.sub("\u2019", chunk))
    chunk = _BEFORE_COLON.sub(NBSP + ":", chunk)
    chunk = _BEFORE_HIGH.sub(lambda m: NNBSP + m.group(1), chunk)
    chunk = _OPEN_QUOTE.sub("«" + NBSP, chunk)
    chunk = _CLOSE_QUOTE.sub(NBSP + "»", chunk)
    chunk = _PERCENT.sub(NNBSP + "%", chunk)
    chunk = _THOUSANDS.sub(NBSP, chunk)
    return _CAPITAL_A.sub("À", chunk)  # after the quotes got their no-break space


def french_spacing(text: str) -> str:
    """Plain *text* with the French typography of the module's rule: no-break spaces,
    apostrophes, accented capitals, ordinals (the name is older than the last three). Idempotent."""
    if not text:
        return text
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    result = _fix(_PROTECTED.sub(keep, text))
    return _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], result)
