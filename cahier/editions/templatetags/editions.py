"""Filters of the printed edition: `{% load editions %}`."""

import re

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from cahier.core.typography import french_spacing_html
from cahier.editions.selectors import cover_lines, provenance_note

register = template.Library()

_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def _inline(line: str) -> str:
    """Escape, French spacing, then the two Markdown emphases the importer keeps."""
    html = french_spacing_html(line)
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    return _EM.sub(r"<em>\1</em>", html)


@register.filter
def paragraphs(text: str):
    """Stored prose → HTML: blank lines separate paragraphs, lines starting with « - » are
    list items (the convention of Initiative.description and results)."""
    if not text:
        return ""
    html: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if len(lines) == 1 and lines[0].startswith("#"):
            html.append(f"<h3>{_inline(lines[0].lstrip('#').strip())}</h3>")
            continue
        items = [line for line in lines if line.startswith("- ")]
        prose = [line for line in lines if not line.startswith("- ")]
        if prose:
            html.append(f"<p>{'<br>'.join(_inline(line) for line in prose)}</p>")
        if items:
            html.append(
                "<ul>"
                + "".join(f"<li>{_inline(item[2:].strip())}</li>" for item in items)
                + "</ul>"
            )
    return mark_safe("".join(html))


@register.filter
def bullet_list(items):
    if not items:
        return ""
    return format_html_join("", "<li>{}</li>", ((french_spacing_html(item),) for item in items))


@register.filter
def provenance(initiative):
    return french_spacing_html(provenance_note(initiative))


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
    """The edito: like `paragraphs`, and a short one-line paragraph without final punctuation
    (« Présentation du carnet d'initiatives ») is the subheading it was in print."""
    if not text:
        return ""
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        line = block.strip()
        heading_like = line and "\n" not in line and len(line) <= 60
        if heading_like and line[-1] not in ".:;!?…»)" and not line.startswith(("#", "- ")):
            line = "### " + line
        blocks.append(line)
    return paragraphs("\n\n".join(blocks))


_TAG = re.compile(r"(<[^>]+>)")


@register.filter
def acronyms(html, pattern):
    """Set the glossary's acronyms in italics (« Sigles en italique dans le texte »), in text
    only, never inside a tag."""
    if not html or pattern is None:
        return html
    parts = _TAG.split(str(html))
    for index in range(0, len(parts), 2):
        parts[index] = pattern.sub(r'<em class="sigle">\1</em>', parts[index])
    return mark_safe("".join(parts))
