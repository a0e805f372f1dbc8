"""Stored text → HTML, the one way: the site, the curation pages and the printed PDF call
`to_html`. One typography rule (`typography`), one acronym matcher (`glossary`); the medium
only decides how an acronym looks (`Medium`). Stored text is untrusted: everything is escaped,
and the result is marked safe only once built from escaped pieces.

The glossary is read by `catalogue.selectors.glossary_matcher()` (core reads no app's tables)."""

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
from .typography import NBSP, NNBSP, french_spacing

__all__ = [
    "NBSP",
    "NNBSP",
    "Glossary",
    "Medium",
    "acronym_variants",
    "edito_text",
    "french_spacing",
    "glossary_anchors",
    "glossary_from_rows",
    "plain_text",
    "to_html",
]


def to_html(
    text: str | None,
    *,
    glossary: Glossary | None = None,
    medium: Medium = Medium.WEB,
    inline: bool = False,
) -> SafeString:
    """*text* as safe HTML: blocks (paragraphs, « - » lists, « # » headings) or, with
    *inline*, one run of text for a title, a list item or a field; acronyms of *glossary* marked
    as *medium* shows them."""
    if not text:
        return mark_safe("")
    html = line_html(str(text)) if inline else blocks_html(str(text))
    return mark_safe((glossary or NO_GLOSSARY).mark(html, Medium(medium)))  # noqa: S308 - built from escaped text
