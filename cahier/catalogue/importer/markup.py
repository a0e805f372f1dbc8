"""From the document's mix of Markdown and HTML to plain text.

Plain text is what the catalogue stores and exports: markup and italic markers removed,
paragraphs separated by a blank line, list items on lines starting with "- ". Character
references (`=&gt;`) are decoded exactly once, after the markup is gone: what they decode to
is text (« < » included, stored as a character like typed text, see cahier.core.cleaning),
never markup to remove nor a second layer to decode."""

import html
import re
from html.parser import HTMLParser

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?![*\w])")
_HTML_ITALIC = re.compile(r"<(i|em)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_SUP = re.compile(r"<sup>(.*?)</sup>", re.IGNORECASE | re.DOTALL)
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMAIL_AUTOLINK = re.compile(r"<([^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!])")
_SPACES = re.compile(r"[ \t\u00a0]+")
BULLET = re.compile(r"^\s*(?:[•·▪◦‣*]|-(?=\s))\s*")
FOOTNOTE_MARK = re.compile(r"<sup>\s*\d+\s*</sup>", re.IGNORECASE)


def unescape_markdown(text: str) -> str:
    r"""`emploi\\_interactif` → `emploi_interactif`."""
    return _ESCAPE.sub(r"\1", text)


def italic_spans(text: str) -> list[str]:
    """Italic passages (Markdown `*x*` or HTML `<i>x</i>`): the cahier's marks for acronyms."""
    without_bold = _BOLD.sub(lambda m: " " + m.group(1) + " ", text)
    spans = [m.group(1) for m in _ITALIC.finditer(without_bold)]
    spans += [m.group(2) for m in _HTML_ITALIC.finditer(text)]
    return spans


def inline_to_text(text: str) -> str:
    """One line of inline Markdown/HTML to plain text (links keep their visible text)."""
    text = FOOTNOTE_MARK.sub("", text) if text.rstrip().endswith("</sup>") else text
    text = _SUP.sub(r"\1", text)
    text = _HTML_ITALIC.sub(r"\2", text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMAIL_AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = html.unescape(unescape_markdown(text))
    return _SPACES.sub(" ", text).strip()


def link_targets(text: str) -> list[str]:
    """The URLs a field value points to, in order: Markdown links and autolinks."""
    targets = []
    for match in re.finditer(r"\[([^\]]*)\]\(([^)\s]+)\)|<((?:https?|mailto):[^>\s]+)>", text):
        targets.append(unescape_markdown(match.group(2) or match.group(3)))
    return targets


class _FragmentParser(HTMLParser):
    """Collects the blocks of an HTML fragment: paragraphs and list items. Character
    references are kept as written, for inline_to_text to decode once (decoding here too
    turned `&amp;lt;script&amp;gt;` into a tag, and `&lt;b&gt;` into markup removed)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks: list[tuple[str, str]] = []
        self._kind: str | None = None
        self._buffer: list[str] = []

    def _flush(self):
        text = "".join(self._buffer)
        if text.strip():
            self.blocks.append((self._kind or "p", text))
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li"):
            self._flush()
            self._kind = tag
        elif tag in ("i", "em", "sup", "b", "strong"):
            # Keep inline markup for inline_to_text and the italic scan.
            self._buffer.append(f"<{tag}>")
        elif tag == "br":
            self._buffer.append("<br>")

    def handle_endtag(self, tag):
        if tag in ("p", "li", "ul", "ol"):
            self._flush()
            self._kind = None
        elif tag in ("i", "em", "sup", "b", "strong"):
            self._buffer.append(f"</{tag}>")

    def handle_data(self, data):
        self._buffer.append(data)

    def handle_entityref(self, name):
        self._buffer.append(f"&{name};")

    def handle_charref(self, name):
        self._buffer.append(f"&#{name};")


def fragment_blocks(fragment: str) -> list[tuple[str, str]]:
    """`<p>a</p> <ul><li>• b</li></ul>` → [("p", "a"), ("li", "b")] (plain text, bullets removed)."""
    parser = _FragmentParser()
    parser.feed(fragment)
    parser.close()
    parser._flush()
    blocks = []
    for kind, raw in parser.blocks:
        text = inline_to_text(raw)
        if kind == "li":
            text = BULLET.sub("", text, count=1)
        if text:
            blocks.append((kind, text))
    return blocks


def blocks_to_text(blocks: list[tuple[str, str]]) -> str:
    """Paragraphs separated by a blank line; consecutive list items one per line with "- "."""
    parts: list[str] = []
    for kind, text in blocks:
        if kind == "li" and parts and parts[-1].startswith("- "):
            parts[-1] += "\n- " + text
        elif kind == "li":
            parts.append("- " + text)
        else:
            parts.append(text)
    return "\n\n".join(parts)
