"""Side-by-side differences between two revisions, field by field, word by word (difflib),
with the work bounded: long texts are compared paragraph by paragraph, and the page says so."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cahier.catalogue.snapshot import FIELD_LABELS, display_values, snapshot_complete

_TOKENS = re.compile(r"\s+|[^\s]+")

# difflib's SequenceMatcher costs up to about len(a) × len(b) steps (more on repetitive text),
# so what it is given is bounded: about 0.05 s for the largest comparison on a slow core.
# A person's edit is small next to these; hostile or pasted texts get a coarser comparison,
# said in the page (see docs/contributions.md, « Comparaisons bornées »).
WORD_CELLS = 250_000  # tokens × tokens compared word by word, per field and side
LINE_CELLS = 250_000  # lines × lines compared paragraph by paragraph, per field and side
WORD_CUT = "Texte trop long pour un comparatif mot à mot : différences par paragraphe."
LINE_CUT = "Texte trop long pour un comparatif : la partie modifiée est montrée en entier."


def _opcodes(a: list[str], b: list[str]) -> list[tuple]:
    """The one call to difflib (tests wrap it to check the sizes it is given)."""
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many items *a* and *b* share at the start, then at the end (linear)."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


class _Sides:
    """The two columns being written: escaped text, with <del>/<ins> around changes."""

    def __init__(self):
        self.left, self.right = [], []

    def equal(self, text: str) -> None:
        self.left.append(escape(text))
        self.right.append(escape(text))

    def changed(self, removed: str, added: str) -> None:
        if removed:
            self.left.append(f'<del class="diff-del">{escape(removed)}</del>')
        if added:
            self.right.append(f'<ins class="diff-ins">{escape(added)}</ins>')

    def words(self, old_tokens: list[str], new_tokens: list[str]) -> None:
        for op, a1, a2, b1, b2 in _opcodes(old_tokens, new_tokens):
            if op == "equal":
                self.equal("".join(old_tokens[a1:a2]))
            else:
                self.changed("".join(old_tokens[a1:a2]), "".join(new_tokens[b1:b2]))

    def result(self) -> tuple[SafeString, SafeString]:
        return mark_safe("".join(self.left)), mark_safe("".join(self.right))  # noqa: S308


def _by_paragraph(sides: _Sides, old: str, new: str) -> str:
    """Lines first, words only inside changed lines while the budget lasts. Returns the notice
    (empty when every change could still be shown word by word)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    head, tail = _common_ends(old_lines, new_lines)
    sides.equal("".join(old_lines[:head]))
    old_mid = old_lines[head : len(old_lines) - tail]
    new_mid = new_lines[head : len(new_lines) - tail]
    if len(old_mid) * len(new_mid) > LINE_CELLS:
        sides.changed("".join(old_mid), "".join(new_mid))
        notice = LINE_CUT
    else:
        notice, budget = "", WORD_CELLS
        for op, a1, a2, b1, b2 in _opcodes(old_mid, new_mid):
            removed, added = "".join(old_mid[a1:a2]), "".join(new_mid[b1:b2])
            if op == "equal":
                sides.equal(removed)
                continue
            old_tokens, new_tokens = _TOKENS.findall(removed), _TOKENS.findall(added)
            cells = len(old_tokens) * len(new_tokens)
            if op == "replace" and cells <= budget:
                budget -= cells
                sides.words(old_tokens, new_tokens)
            else:
                sides.changed(removed, added)
                notice = notice or (WORD_CUT if op == "replace" else "")
    sides.equal("".join(old_lines[len(old_lines) - tail :] if tail else []))
    return notice


def _highlight(old: str, new: str) -> tuple[SafeString, SafeString, str]:
    """*old* and *new* escaped, with their differences marked, and a notice (French) when the
    texts were too long to be compared word by word. Bounded work whatever the input."""
    sides = _Sides()
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    head, tail = _common_ends(old_tokens, new_tokens)
    old_mid = old_tokens[head : len(old_tokens) - tail]
    new_mid = new_tokens[head : len(new_tokens) - tail]
    if len(old_mid) * len(new_mid) <= WORD_CELLS:
        sides.equal("".join(old_tokens[:head]))
        if old_mid and new_mid:
            sides.words(old_mid, new_mid)
        else:
            sides.changed("".join(old_mid), "".join(new_mid))
        sides.equal("".join(old_tokens[len(old_tokens) - tail :]))
        notice = ""
    else:
        notice = _by_paragraph(sides, old, new)
    left, right = sides.result()
    return left, right, notice


@dataclass
class FieldDiff:
    name: str
    label: str
    old: SafeString
    new: SafeString
    changed: bool
    notice: str = ""  # said when the texts were too long to compare word by word


def diff_snapshots(old: dict, new: dict, *, only_changed: bool = False) -> list[FieldDiff]:
    before, after = display_values(old or {}), display_values(new or {})
    result = []
    for name, label in FIELD_LABELS.items():
        changed = before[name] != after[name]
        if only_changed and not changed:
            continue
        if changed:
            left, right, notice = _highlight(before[name], after[name])
        else:
            left, right, notice = escape(before[name]), escape(after[name]), ""
        result.append(FieldDiff(name, label, left, right, changed, notice))
    return result


@dataclass
class ConflictRow:
    label: str
    theirs: SafeString
    mine: SafeString
    status: str  # « theirs », « mine » or « both »
    notice: str = ""  # said when the texts were too long to compare word by word


def three_way(base: dict, current: dict, mine: dict, editable) -> tuple[dict, list[ConflictRow]]:
    """Re-apply *mine* (edited from *base*) onto *current* (saved meanwhile from the same base):
    fields this person changed take their value, the others keep what was saved meanwhile.
    Only the *editable* fields (those of the form sent) count as this person's. Returns the merged snapshot and, for every field changed on either side, each side's
    change against the base (« both »: changed on both sides, to be checked by the person)."""
    base = snapshot_complete(base)  # a revision kept before a field existed
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
        theirs = yours = notice = ""
        if theirs_changed:
            _, theirs, notice = _highlight(before[name], theirs_shown[name])
        if mine_changed:
            _, yours, mine_notice = _highlight(before[name], mine_shown[name])
            notice = notice or mine_notice
        rows.append(ConflictRow(label, theirs, yours, status, notice))
    return merged, rows


@dataclass
class MergeRow:
    name: str
    label: str
    kept: SafeString  # the fiche kept, as it is: shown plainly, nothing struck through
    incoming: SafeString  # the duplicate, what it would bring marked <ins>
    combinable: bool  # a list: « Combiner » (union without repeats) is offered
    notice: str = ""


def merge_rows(kept: dict, duplicate: dict, *, combinable) -> list[MergeRow]:
    """The fields where *duplicate* differs from the fiche *kept*, for the merge page: the kept
    fiche's value neutral (it is not being deleted), the duplicate's with its differences
    marked as additions."""
    before, after = display_values(kept or {}), display_values(duplicate or {})
    rows = []
    for name, label in FIELD_LABELS.items():
        if before[name] == after[name]:
            continue
        _, incoming, notice = _highlight(before[name], after[name])
        rows.append(
            MergeRow(name, label, escape(before[name]), incoming, name in combinable, notice)
        )
    return rows
