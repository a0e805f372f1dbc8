"""Line-level helpers shared by the cahier parser's modules."""

import re

from cahier.core.text import fold

from . import markup

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")


def strip_heading(text: str) -> tuple[int, str]:
    """(level, text) of a Markdown heading line; level 0 for a plain line. Bold markers removed."""
    match = _HEADING.match(text)
    level, content = (len(match.group(1)), match.group(2)) if match else (0, text.strip())
    content = re.sub(r"\*\*(.*?)\*\*", r"\1", content).strip()
    return level, content


def section_key(text: str) -> str:
    return fold(strip_heading(text)[1]).rstrip(" :").strip()


class Lines:
    """The document's lines with 1-based numbers."""

    def __init__(self, text: str):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def __len__(self) -> int:
        return len(self.lines)

    def get(self, number: int) -> str:
        return self.lines[number - 1]

    def numbered(self, start: int, end: int):
        """Lines start..end-1 (1-based) with their numbers."""
        for number in range(start, end):
            yield number, self.lines[number - 1]


def paragraphs(lines: Lines, start: int, end: int) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks: (first line number, raw lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = start
    for number, line in lines.numbered(start, end):
        if line.strip():
            if not current:
                first = number
            current.append(line.rstrip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def block_text(raw_lines: list[str]) -> str:
    """A block of Markdown lines as plain text: list items keep "- ", hard breaks a newline."""
    out = []
    for raw in raw_lines:
        level, content = strip_heading(raw)
        if re.match(r"^\s*[-*•]\s+", raw) and not raw.startswith("**"):
            out.append("- " + markup.inline_to_text(markup.BULLET.sub("", raw, count=1)))
        else:
            out.append(markup.inline_to_text(content if level else raw))
    return "\n".join(part for part in out if part)
