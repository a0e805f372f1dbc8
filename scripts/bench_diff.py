"""Time of the comparisons on hostile input: the 409 conflict page's three-way merge and the
curator's revision diff (benchmark, not a test; see docs/contributions.md).

Texts of random words from a small vocabulary (the worst case for difflib), and a long text
with a few edits. `--module` times another copy of diff.py (e.g. the one before the bound:
`git show 0be3e8c:cahier/contributions/diff.py > /tmp/diff_old.py`).

    .venv/bin/python scripts/bench_diff.py [--module /tmp/diff_old.py] [--case NAME]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from cahier.catalogue.snapshot import FIELD_LABELS  # noqa: E402

WORDS = [
    "de",
    "la",
    "le",
    "et",
    "les",
    "des",
    "un",
    "une",
    "pour",
    "emploi",
    "insertion",
    "jeunes",
    "accompagnement",
]


def text(size: int, seed: int) -> str:
    """About *size* characters of random words, a paragraph every 60 words."""
    rng, words, length = random.Random(seed), [], 0
    while length < size:
        words.append(rng.choice(WORDS) + ("\n\n" if len(words) % 60 == 59 else ""))
        length += len(words[-1]) + 1
    return " ".join(words)


def edited(base: str, seed: int, edits: int = 5) -> str:
    rng, words = random.Random(seed), base.split(" ")
    for _ in range(edits):
        words[rng.randrange(len(words))] = "modifié"
    return " ".join(words)


def shown(snapshot: dict) -> dict:
    """display_values without the database (only text fields are compared here)."""
    return {name: snapshot.get(name) or "" for name in FIELD_LABELS}


def load(path: str | None):
    if path is None:
        from cahier.contributions import diff

        return diff
    spec = importlib.util.spec_from_file_location("diff_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases(diff):
    base, theirs, mine = text(100_000, 1), text(100_000, 2), text(100_000, 3)
    old, new = text(250_000, 4), text(250_000, 5)
    yield (
        "409, 100 kB, three different texts",
        lambda: diff.three_way(
            {"description": base},
            {"description": theirs},
            {"description": mine},
            {"description"},
        ),
    )
    yield (
        "409, 100 kB, a few edits on each side",
        lambda: diff.three_way(
            {"description": base},
            {"description": edited(base, 2)},
            {"description": edited(base, 3)},
            {"description"},
        ),
    )
    yield (
        "revision diff, 250 kB, two different texts",
        lambda: diff.diff_snapshots({"description": old}, {"description": new}),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", help="path of another diff.py to time")
    parser.add_argument("--case", help="only the cases whose name contains this")
    args = parser.parse_args()
    diff = load(args.module)
    diff.display_values = shown
    for name, run in cases(diff):
        if args.case and args.case not in name:
            continue
        started = time.perf_counter()
        run()
        print(f"{name}: {time.perf_counter() - started:.2f} s", flush=True)


if __name__ == "__main__":
    main()
