"""Side-by-side differences between two revisions, field by field, word by word (difflib)."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cahier.catalogue.snapshot import FIELD_LABELS, display_values

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


@dataclass
class ConflictRow:
    label: str
    theirs: SafeString
    mine: SafeString
    status: str  # « theirs », « mine » or « both »


def three_way(base: dict, current: dict, mine: dict, editable) -> tuple[dict, list[ConflictRow]]:
    """Re-apply *mine* (edited from *base*) onto *current* (saved meanwhile from the same base):
    fields this person changed take their value, the others keep what was saved meanwhile.
    Only the *editable* fields (those of the form sent) count as this person's. Returns the merged snapshot and, for every field changed on either side, each side's
    change against the base (« both »: changed on both sides, to be checked by the person)."""
    merged = dict(current)
    rows = []
    before = display_values(base)
    theirs_shown, mine_shown = display_values(current), display_values(mine)
    for name, label in FIELD_LABELS.items():
        mine_changed = name in editable and mine.get(name) != base.get(name)
        theirs_changed = current.get(name) != base.get(name)
        if mine_changed:
            merged[name] = mine.get(name)
        if not (mine_changed or theirs_changed):
            continue
        if mine_changed and theirs_changed and mine.get(name) != current.get(name):
            status = "both"
        else:
            status = "mine" if mine_changed else "theirs"
        theirs = _highlight(before[name], theirs_shown[name])[1] if theirs_changed else ""
        yours = _highlight(before[name], mine_shown[name])[1] if mine_changed else ""
        rows.append(ConflictRow(label, theirs, yours, status))
    return merged, rows
