"""Stored text → HTML, the one way: the site, the curation pages and the printed PDF call
`to_html`. One typography rule (`typography`), one acronym matcher (`glossary`); the medium
only decides how an acronym looks (`Medium`). Stored text is untrusted: everything is escaped,
and the result is marked safe only once built from escaped pieces.

The glossary is read by `catalogue.selectors.glossary_matcher()` and the institutions that
changed names by `catalogue.selectors.institution_renames()` (core reads no app's tables)."""

from django.utils.safestring import SafeString, mark_safe

from .glossary import (
    NO_GLOSSARY,
    Glossary,
    acronym_variants,
    glossary_anchors,
    glossary_from_rows,
)
from .markup import blocks_html, edito_text, line_html
from .medium import Medium
from .plain import plain_text
from .renames import Mentions, Renames, renames_from_rows
from .typography import NBSP, NNBSP, french_capitals, french_spacing

__all__ = [
    "NBSP",
    "NNBSP",
    "Glossary",
    "Medium",
    "Mentions",
    "Renames",
    "acronym_variants",
    "edito_text",
    "french_capitals",
    "french_spacing",
    "glossary_anchors",
    "glossary_from_rows",
    "plain_text",
    "renames_from_rows",
    "to_html",
]


def to_html(
    text: str | None,
    *,
    glossary: Glossary | None = None,
    medium: Medium = Medium.WEB,
    inline: bool = False,
    renames: Renames | Mentions | None = None,
) -> SafeString:
    """*text* as safe HTML: blocks (paragraphs, « - » lists, « # » headings) or, with
    *inline*, one run of text for a title, a list item or a field; acronyms of *glossary* marked
    as *medium* shows them; the first mention of an institution that changed names followed by
    « (aujourd’hui …) » (*renames*: a fiche's `Mentions`, shared by its texts, or the `Renames`
    for this text alone)."""
    if not text:
        return mark_safe("")
    html = line_html(str(text)) if inline else blocks_html(str(text))
    if isinstance(renames, Renames):
        renames = renames.mentions()
    if renames is not None:
        html = renames.mark(html, Medium(medium))
    return mark_safe((glossary or NO_GLOSSARY).mark(html, Medium(medium)))  # noqa: S308 - built from escaped text
