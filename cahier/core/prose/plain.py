"""Stored text → one line of plain text: the summaries of the Atom feeds, the page
descriptions (`<meta name="description">`, OpenGraph) and the share images.

No HTML, no entity: whoever writes it (the XML writer of a feed, a template's autoescape)
escapes it once. The markup conventions of the stored text (see markup.py) are dropped, French
spacing applied (typography.py)."""

import re

from .typography import french_spacing

_MARKERS = re.compile(r"^\s*(?:#{1,6}\s+|-\s+)", re.MULTILINE)
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_SPACES = re.compile(r"\s+")


def plain_text(text: str | None, limit: int | None = None) -> str:
    """*text* as one line: list and heading markers, bold and italics removed, lines joined,
    French spacing; cut at a word before *limit* characters with « … » when longer."""
    if not text:
        return ""
    line = _MARKERS.sub("", str(text).replace("\r\n", "\n"))
    line = _EM.sub(r"\1", _STRONG.sub(r"\1", line))
    line = french_spacing(_SPACES.sub(" ", line).strip())
    if limit is None or len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.\u00a0\u202f") + "…"
