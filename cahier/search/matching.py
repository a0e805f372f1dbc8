"""Which fiches the words match, and which of them the final ranking looks at.

Each word or phrase's set of fiches (a bitset: bit n = fiche n) is kept per process until the
index changes, then patched with the changed fiches only (state.Change); the candidates of a
large result set come from the rarest typed concepts first. The engine (engine.py) combines
both with the filters, the coverage rule and the ranking."""

import contextlib
import itertools

from . import state
from .backends import get_backend
from .facets import bitset, ids_of
from .query import vocabulary

# Above this many results, candidates come from the rarest query concepts (see candidates).
CANDIDATE_BUDGET = 5000


def candidates(backend, expression, exact, required, selected: int, k: int, needed: int, values=()):
    """The k documents the final scoring looks at. The backend ranks the whole filtered result
    set when that is cheap: few results, and words whose lists of documents are short together
    (a full-text ranking reads every document of every word it is asked, whatever the filter).
    Otherwise only the rarest typed concepts (up to CANDIDATE_BUDGET documents, synonyms aside)
    pick the candidates — common words (« emploi », « insertion ») score every candidate later
    but would cost a scan of most of the index to rank. Few results (≤ CANDIDATE_BUDGET): if
    the rarest concepts do not give k of them, the backend ranks them all after all — a choice
    that does not depend on the page asked, so every page is cut from the same ranking. Many
    results: if the rarest concepts give fewer than *needed*, the matches in the strong fields
    (backends.STRONG_FIELDS: title and filter tokens; kept per process, `strong_rows`), then any
    result — those holding every catalogue value the words name first (*values*, the value
    concepts of understanding.py: a facet token such as an event is found in a fifth of the
    fiches, ranking them in the strong fields cost 40 to 90 ms at 100 000 fiches and told
    nothing, as they all hold it alike)."""
    frequency = vocabulary().document_frequency
    small = selected.bit_count() <= CANDIDATE_BUDGET
    if small and scan_cost(expression, frequency) <= CANDIDATE_BUDGET:
        return backend.top(expression, k, required, matches=ids_of(selected))

    # What was typed picks the candidates (synonyms still score them in ranking.py), and the
    # values named when they are rare. Their number of fiches is exact, not estimated from the
    # words (« garde d'enfants »: two common words, 15 864 fiches at 100 000): the selection
    # already read these sets (match_bits keeps them).
    counted = sorted(
        (match_bits(backend, [alternatives]).bit_count(), n, alternatives)
        for n, alternatives in enumerate([*exact, *values])
    )
    chosen, budget = [], 0
    for df, _, alternatives in counted:
        if budget + df > CANDIDATE_BUDGET:
            break
        chosen.append(alternatives)
        budget += df
    rows = []
    if chosen:
        # The chosen concepts' sets are cached (match_bits): the backend ranks known ids.
        matches = ids_of(match_bits(backend, chosen) & selected)
        rows = backend.top(chosen, k, required, matches=matches)
    if small:
        if len(rows) >= k:
            return rows
        return backend.top(expression, k, required, matches=ids_of(selected))
    if len(rows) < needed:
        seen = {pk for pk, _ in rows}
        # Kept for the whole catalogue: only those of this selection count towards *needed*.
        rows += [
            row
            for row in strong_rows(backend, exact, k, required)
            if row[0] not in seen and selected >> row[0] & 1
        ]
    if len(rows) < needed:
        # Still short (common words only, in the body only): any other result will do, the
        # final scoring orders them; the page never shows fewer fiches than the count allows.
        seen = {pk for pk, _ in rows}
        preferred = selected
        for alternatives in values:
            preferred &= match_bits(backend, [alternatives])
        for pk in itertools.chain(ids_of(preferred), ids_of(selected)):
            if len(rows) >= k:
                break
            if pk not in seen:
                rows.append((pk, 0.0))
    return rows


def scan_cost(expression, frequency: dict[str, int]) -> int:
    """How many document entries a full-text ranking of *expression* reads: every distinct
    word's list of documents, phrases included (a phrase is found by reading its words')."""
    tokens = {token for alternatives in expression for phrase in alternatives for token in phrase}
    return sum(frequency.get(token, 0) for token in tokens)


STRONG_CACHE_SIZE = 1000


def strong_rows(backend, exact, k: int, required) -> list[tuple[int, float]]:
    """The k best matches of *exact* in the strong fields, whatever the rest of the query:
    kept per process (up to STRONG_CACHE_SIZE) until the index changes — ranking common words
    there costs tens of milliseconds at 100 000 fiches, and the pertinent and the partial
    groups of a search (coverage.py) ask for the same rows."""
    cache: dict = state.cached("strong_rows", dict, _forget)
    key = (tuple(tuple(alternatives) for alternatives in exact), tuple(map(tuple, required)), k)
    rows = cache.get(key)
    if rows is None:
        rows = backend.top(exact, k, required, strong_only=True)
        _keep(cache, key, rows, STRONG_CACHE_SIZE)
    return rows


def _keep(cache: dict, key, value, size: int) -> None:
    """*value* kept under *key* in a per-process cache of at most *size* entries (the oldest
    goes first); shared by the threads of a gthread worker, without a lock."""
    if len(cache) >= size:
        # Another thread may have evicted the same entry, or changed the dict, first.
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            cache.pop(next(iter(cache)))
    cache[key] = value


def _forget(old: dict, change: state.Change) -> dict:
    # Any change moves the scores (field lengths, document frequencies): start again.
    return {}


PHRASE_CACHE_SIZE = 1000


def match_bits(backend, expression) -> int:
    """Documents matching any alternative of any concept. Each word or phrase's set is kept
    (per process, up to PHRASE_CACHE_SIZE, until the index changes): common words such as
    « emploi » cost a scan of most of the index once, then an OR of integers."""
    cache: dict = state.cached("phrase_bits", dict, patch_match_bits)
    # Each phrase's set read once from the shared dict: another thread of a gthread worker may
    # evict it between a membership test and a read.
    known = {phrase: cache.get(phrase) for alternatives in expression for phrase in alternatives}
    # The words not seen yet, asked at once (one round trip, not one per synonym).
    missing = [phrase for phrase, phrase_bits in known.items() if phrase_bits is None]
    if missing:
        found = backend.match_many(missing)
        known.update(found)
        for phrase, phrase_bits in found.items():
            _keep(cache, phrase, phrase_bits, PHRASE_CACHE_SIZE)
    bits = 0
    for phrase_bits in known.values():
        bits |= phrase_bits or 0
    return bits


def patch_match_bits(old: dict, change: state.Change) -> dict:
    """Each kept set with the changed fiches' bits cleared, then set again where the backend
    still matches them (one read of those fiches for every kept phrase)."""
    # A shallow copy (one C call, atomic under the GIL; ≤ PHRASE_CACHE_SIZE entries): another
    # thread of a gthread worker may still add to the old dict a set it read before the change,
    # which must not survive into the patched one.
    old = dict(old)
    if not change.ids or not old:
        return old
    changed = sorted(change.ids)
    keep = ~bitset(changed)
    found = get_backend().match_among(list(old), changed)
    for phrase, bits in list(old.items()):
        old[phrase] = (bits & keep) | found.get(phrase, 0)
    return old
