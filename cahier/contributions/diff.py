"""Side-by-side differences between two revisions, field by field, word by word (difflib)."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .snapshot import FIELD_LABELS, display_values

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldDiff:
    name: str
    label: str
    old: SafeString
    new: SafeString
    changed: bool


def _highlight(old: str, new: str) -> tuple[SafeString, SafeString]:
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed = escape("".join(old_tokens[a1:a2]))
        added = escape("".join(new_tokens[b1:b2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f'<del class="diff-del">{removed}</del>')
        if added:
            right.append(f'<ins class="diff-ins">{added}</ins>')
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped above)


def diff_snapshots(old: dict, new: dict, *, only_changed: bool = False) -> list[FieldDiff]:
    before, after = display_values(old or {}), display_values(new or {})
    result = []
    for name, label in FIELD_LABELS.items():
        changed = before[name] != after[name]
        if only_changed and not changed:
            continue
        left, right = (
            _highlight(before[name], after[name])
            if changed
            else (
                escape(before[name]),
                escape(after[name]),
            )
        )
        result.append(FieldDiff(name, label, left, right, changed))
    return result
