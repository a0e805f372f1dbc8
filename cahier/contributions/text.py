"""Submitted text is plain text: every HTML tag goes (nh3), the template layer escapes on output."""

import html

import nh3


def clean_text(value: str) -> str:
    """Plain text out of whatever was typed or pasted: tags stripped (with the content of
    <script> and <style>), entities decoded, line endings normalised, edges trimmed.

    The result is stored as is and escaped by the templates when shown; decoding the entities
    nh3 produces keeps « & » and « < » readable without ever reaching a page unescaped."""
    if not value:
        return ""
    stripped = nh3.clean(value, tags=set(), attributes={}, strip_comments=True)
    text = html.unescape(stripped).replace("\r\n", "\n").replace("\r", "\n")
    # A decoded "&lt;script&gt;" would be text again, which is fine (escaped on output), but a
    # second pass keeps stored text free of anything that looks like markup.
    if "<" in text and nh3.is_html(text):
        text = html.unescape(nh3.clean(text, tags=set(), attributes={}, strip_comments=True))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def clean_lines(values) -> list[str]:
    """A list field (partners, links…): each item cleaned, empty items dropped."""
    cleaned = (clean_text(value) for value in values or [])
    return [" ".join(value.split()) for value in cleaned if value]


def clean_line(value: str) -> str:
    """One-line text (titles, names): cleaned, and any line break folded into a space, so that
    it can go into an e-mail subject or a list."""
    return " ".join(clean_text(value).split())
