"""SQL query snapshots: how many queries a page makes, and which.

`snapshot_queries` (fixture in tests/conftest.py) records the queries a block runs and compares
them with tests/<app>/snapshots/<module>/<test>.sql: one normalised query per line after a
count line. A changed count or query fails with a diff; `make snapshots` (pytest
`--snapshot-update`) rewrites the files, to be reviewed in the git diff (docs/testing.md)."""

import difflib
import re
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_SAVEPOINT = re.compile(r'"?s\d+_x\d+"?')
_IN_LIST = re.compile(r"IN \((?:%s(?:, )?)+\)")
_SPACES = re.compile(r"\s+")
# The read of the search caches' generation (cahier/search/state.py) happens at most every
# 0.25 s per process: whether a block pays it depends on the clock, not on the page.
_GENERATION = '"search_generation"'


def normalise(sql: str) -> str:
    """The query with its values replaced by %s, so that ids, dates and the number of ids in
    an IN (…) list do not change the snapshot; the shape of the query stays."""
    sql = _SAVEPOINT.sub("<savepoint>", sql)
    sql = _STRING.sub("%s", sql)
    sql = _NUMBER.sub("%s", sql)
    sql = _IN_LIST.sub("IN (…)", sql)
    return _SPACES.sub(" ", sql).strip()


def render(queries: list[str]) -> str:
    return f"-- {len(queries)} requêtes\n" + "".join(f"{query}\n" for query in queries)


def snapshot_path(test_file: Path, test_name: str) -> Path:
    safe = re.sub(r"[^\w.-]+", "_", test_name).strip("_")
    return test_file.parent / "snapshots" / test_file.stem / f"{safe}.sql"


class QuerySnapshot:
    def __init__(self, path: Path, update: bool):
        self.path = path
        self.update = update

    @contextmanager
    def __call__(self, *, cold: bool = True):
        """Record the block's queries. *cold* (default) empties every cache first, so the
        snapshot is the same whatever ran before; `cold=False` right after the same request
        records what a reader pays once the process caches are built."""
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache, caches

        from cahier.search import state

        if cold:
            cache.clear()
            caches["pages"].clear()
            state.clear_local()
            ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            yield captured
        got = render(
            [
                normalise(query["sql"])
                for query in captured.captured_queries
                if _GENERATION not in query["sql"]
            ]
        )
        self.check(got)

    def check(self, got: str) -> None:
        if self.update:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(got, encoding="utf-8")
            return
        if not self.path.exists():
            raise AssertionError(
                f"Pas d'instantané {self.path} : lancez `make snapshots` et relisez le diff."
            )
        expected = self.path.read_text(encoding="utf-8")
        if got != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    got.splitlines(keepends=True),
                    fromfile=str(self.path),
                    tofile="obtenu",
                )
            )
            raise AssertionError(
                f"Les requêtes SQL ont changé ({expected.splitlines()[0]} → "
                f"{got.splitlines()[0]}) ; si c'est voulu : `make snapshots`.\n{diff}"
            )
