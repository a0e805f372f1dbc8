"""The stored text's conventions, turned into HTML.

Stored text is plain text (see docs/import.md): paragraphs separated by a blank line, list items
on lines starting with « - », a line starting with « # » a heading (the edito's subheadings),
`**bold**` and `*italics*`. Everything is escaped first; markup is added only around escaped
text, so nothing typed by a contributor can become a tag or an attribute."""

import re

from django.utils.html import escape

from .typography import french_spacing

_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_HEADING = re.compile(r"#{1,6}\s+(.*)")
_BLANK_LINE = re.compile(r"\n\s*\n")
_HEADING_END = ".:;!?…»)"  # a line ending so is a sentence, not a subheading


def line_html(text: str) -> str:
    """One line: French spacing, escaped, then bold and italics (acronyms not yet marked)."""
    html = escape(french_spacing(text))
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    return _EM.sub(r"<em>\1</em>", html)


def _kind(line: str) -> str:
    if _HEADING.fullmatch(line):
        return "heading"
    if line.startswith("- ") or line == "-":
        return "item"
    return "text"


def blocks_html(text: str) -> str:
    """Paragraphs, lists and headings; consecutive lines of one kind are one <p> or one <ul>."""
    html: list[str] = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n").strip()):
        groups: list[tuple[str, list[str]]] = []
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            kind = _kind(line)
            if kind == "heading":
                content = _HEADING.fullmatch(line).group(1).strip()
            elif kind == "item":
                content = line[2:].strip()
            else:
                content = line
            if groups and groups[-1][0] == kind != "heading":
                groups[-1][1].append(line_html(content))
            else:
                groups.append((kind, [line_html(content)]))
        for kind, lines in groups:
            if kind == "heading":
                html.append(f"<h3>{lines[0]}</h3>")
            elif kind == "item":
                html.append("<ul>" + "".join(f"<li>{item}</li>" for item in lines) + "</ul>")
            else:
                html.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(html)


def edito_text(text: str) -> str:
    """The edito's short one-line paragraphs without final punctuation (« Présentation du
    carnet d'initiatives ») were subheadings in print: mark them as headings (« ### »)."""
    blocks = []
    for block in _BLANK_LINE.split((text or "").replace("\r\n", "\n").strip()):
        line = block.strip()
        heading_like = line and "\n" not in line and len(line) <= 60
        if heading_like and line[-1] not in _HEADING_END and not line.startswith(("#", "- ")):
            line = "### " + line
        blocks.append(line)
    return "\n\n".join(blocks)
