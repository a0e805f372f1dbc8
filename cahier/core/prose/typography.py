"""The French typography rule of every rendered text (site, curation, PDF).

Contributors type ordinary spaces, or none, around punctuation. French typography (Lexique des
règles typographiques en usage à l'Imprimerie nationale) wants:
- before « : » a no-break space of normal width (U+00A0): the colon is a full pause;
- before « ; ! ? » and « % » a narrow no-break space (U+202F, « espace fine insécable »);
- inside « guillemets » a no-break space (U+00A0);
- thousands grouped by a no-break space (« 1 820 »), so that a number never breaks.
The printed 2019 cahier follows it; the site used to put U+202F before « : » too. One rule now,
applied to plain text before it is escaped, so it never sees markup or entities. URLs, e-mail
addresses, times (« 20:30 ») and entity-like « &amp; » are left alone."""

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
# Private-use characters stand for the protected spans while the rules run.
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def _fix(chunk: str) -> str:
    chunk = _BEFORE_COLON.sub(NBSP + ":", chunk)
    chunk = _BEFORE_HIGH.sub(lambda m: NNBSP + m.group(1), chunk)
    chunk = _OPEN_QUOTE.sub("«" + NBSP, chunk)
    chunk = _CLOSE_QUOTE.sub(NBSP + "»", chunk)
    chunk = _PERCENT.sub(NNBSP + "%", chunk)
    return _THOUSANDS.sub(NBSP, chunk)


def french_spacing(text: str) -> str:
    """Plain *text* with the French no-break spaces (see the module's rule). Idempotent."""
    if not text:
        return text
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    result = _fix(_PROTECTED.sub(keep, text))
    return _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], result)
