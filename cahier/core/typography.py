"""French typography for printed and displayed text.

French puts a (narrow) non-breaking space before « : ; ! ? % » and inside « guillemets »; the
data typed by contributors uses ordinary spaces, or none. `french_spacing` fixes both without
touching URLs, e-mail addresses, times (« 20 h 30 » stays) or HTML tags."""

import re

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

NBSP = "\u00a0"  # before « : » and inside guillemets
NNBSP = "\u202f"  # narrow: before « ; ! ? »

# Things that contain ":" or "?" but are not prose: URLs, e-mails, times like 10:30.
_PROTECTED = re.compile(
    r"<[^>]*>"  # HTML tags (with their attributes)
    r"|(?:https?|ftp|mailto):[^\s<>«»]+"
    r"|www\.[^\s<>«»]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\d{1,2}:\d{2}"
    r"|&[#\w]+;"  # HTML entities
)
_SPACE = f"[ \t{NBSP}{NNBSP}]"
_BEFORE_COLON = re.compile(rf"(?<=\S){_SPACE}*:(?=\s|$)")
_BEFORE_HIGH = re.compile(rf"(?<=[^\s!?;]){_SPACE}*([;!?])")
_OPEN_QUOTE = re.compile(rf"«{_SPACE}*")
_CLOSE_QUOTE = re.compile(rf"(?<=\S){_SPACE}*»")
_PERCENT = re.compile(rf"(?<=\d){_SPACE}?%")


_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def _fix(chunk: str) -> str:
    chunk = _BEFORE_COLON.sub(NBSP + ":", chunk)
    chunk = _BEFORE_HIGH.sub(lambda m: NNBSP + m.group(1), chunk)
    chunk = _OPEN_QUOTE.sub("«" + NBSP, chunk)
    chunk = _CLOSE_QUOTE.sub(NBSP + "»", chunk)
    chunk = _PERCENT.sub(NNBSP + "%", chunk)
    return chunk


def french_spacing(text: str) -> str:
    """*text* with the French non-breaking spaces; URLs, e-mails, times and tags left alone."""
    if not text:
        return text
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    result = _fix(_PROTECTED.sub(keep, str(text)))
    result = _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], result)
    return mark_safe(result) if isinstance(text, SafeString) else result


def french_spacing_html(value) -> SafeString:
    """Escape *value* (unless already safe), then apply `french_spacing`: for templates."""
    return mark_safe(french_spacing(str(conditional_escape(value))))
