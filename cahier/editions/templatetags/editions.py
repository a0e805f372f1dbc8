"""Filters of the printed edition: `{% load editions %}`. The prose filters are thin wrappers
over cahier.core.prose (medium « print »: acronyms in italics); their argument is the glossary
matcher the PDF is built with (`catalogue.selectors.glossary_matcher()`), or a `PrintMarks`
(the glossary and the fiche's first mentions of renamed institutions: one fiche's PDF), or
nothing. A published edition prints its fiches as they were: no renames."""

from typing import NamedTuple

from django import template
from django.utils.html import format_html_join

from cahier.catalogue import essaimage
from cahier.core.prose import Glossary, Medium, Mentions, edito_text, to_html
from cahier.editions.selectors import cover_lines, provenance_note

register = template.Library()


class PrintMarks(NamedTuple):
    glossary: Glossary | None
    mentions: Mentions | None


def _marks(marks) -> PrintMarks:
    return marks if isinstance(marks, PrintMarks) else PrintMarks(marks, None)


@register.filter
def glossary_only(marks):
    """The glossary of *marks*, without the institutions' renames: for names typed today (a
    funder « FSE » in a transfer kit is not the 2019 FSE that became FSE+)."""
    return _marks(marks).glossary


@register.filter
def paragraphs(text: str, glossary=None):
    """Stored prose → HTML: paragraphs, « - » lists, « # » headings."""
    marks = _marks(glossary)
    return to_html(text, glossary=marks.glossary, medium=Medium.PRINT, renames=marks.mentions)


@register.filter
def line(text: str, glossary=None):
    """One run of text (a field printed after its label)."""
    marks = _marks(glossary)
    return to_html(
        text, glossary=marks.glossary, medium=Medium.PRINT, inline=True, renames=marks.mentions
    )


@register.filter
def bullet_list(items, glossary=None):
    """The <li> elements of a list of texts."""
    if not items:
        return ""
    return format_html_join("", "<li>{}</li>", ((line(item, glossary),) for item in items))


@register.filter
def comma_list(items, glossary=None):
    """A list of texts printed on one line, separated by commas."""
    return line(", ".join(items or []), glossary)


@register.filter
def provenance(initiative):
    return to_html(provenance_note(initiative), inline=True)


@register.filter
def fiche_numbers(numbers):
    """[7, 18] → « fiches 7 / 18 »; [9] → « fiche 9 »."""
    joined = " / ".join(str(number) for number in numbers)
    return f"fiche{'s' if len(numbers) > 1 else ''} {joined}"


@register.filter
def edition_title(edition) -> str:
    """« Le cahier des initiatives INCLUSION » (the cover's words, without the logo text)."""
    return " ".join(part for part in cover_lines(edition) if part)


@register.filter
def edito(text: str):
    """The edito: like `paragraphs`, its short unpunctuated lines as subheadings."""
    return to_html(edito_text(text), medium=Medium.PRINT)


# The fiche's life, transfer kit, figures and lineage, in the words of the public page
# (catalogue.essaimage), for a live Initiative or a printed snapshot alike.
register.filter("project_life", essaimage.project_life)
register.filter("transfer_kit", essaimage.transfer_kit)
register.filter("outcome_figures", essaimage.outcome_figures)
register.filter("origin", essaimage.origin)
register.filter("replications", essaimage.replications)
register.filter("replications_text", essaimage.replications_text)
register.filter("contact_lines", essaimage.contact_lines)


def file_size(size: int) -> str:
    """« 1,2 Mo », « 450 Ko »: a file's size as the DSFR download links write it (decimal
    units, no-break space)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}\u00a0Mo".replace(".", ",")
    return f"{max(1, round(size / 1000))}\u00a0Ko"


@register.filter
def pdf_detail(path) -> str:
    """The detail of a link to an edition's PDF: « PDF – 1,2 Mo » when the file is built
    (views: pdf.edition_pdf_available), otherwise what the reader will get: a page that
    prepares it."""
    if path is None:
        return "PDF – préparé à la demande, en moins d’une minute"
    try:
        return f"PDF – {file_size(path.stat().st_size)}"
    except OSError:  # removed since the page looked: the download prepares it again
        return "PDF – préparé à la demande, en moins d’une minute"
