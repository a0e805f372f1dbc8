"""What one typo correction costs against a vocabulary of N written words (docs/search.md,
« Fautes de frappe »): synthetic French-looking words (letters drawn by their frequency in
French), the pool built as the engine builds it (accent-free forms, phonetic keys), then the
candidates of misspelt words timed one by one, then at the last rung's wider allowance (a word
misspelt twice, `candidates(…, wider=True)`: what a query finding nothing adds, per word).

    python scripts/bench_correction.py [--size 100000] [--queries 50]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import process
from rapidfuzz.distance import OSA

from cahier.search.correction import Pool, candidates, phonetic_key

LETTERS = "eeeeeeeeaaaaaaiiiiiisssssnnnnnrrrrrttttttooooollllluuuuddddcccmmmppgbvhfqyxjkwzéèàç"


def words(size: int, rng: random.Random) -> list[str]:
    found: set[str] = set()
    while len(found) < size:
        found.add("".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 14))))
    return sorted(found)


def misspell(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word))
    return word[:at] + word[at + 1 :] if rng.random() < 0.5 else word[:at] + "x" + word[at:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    options = parser.parse_args()
    rng = random.Random(12)
    vocabulary = words(options.size, rng)
    start = time.perf_counter()
    keys = [phonetic_key(word) for word in vocabulary]
    pool = Pool(vocabulary, keys, vocabulary, vocabulary)
    built = time.perf_counter() - start
    start = time.perf_counter()
    pool.near("", "", 0)  # indexed by length and sound on first use
    indexed = time.perf_counter() - start
    frequency = {word: rng.randint(1, 100) for word in vocabulary}
    timings, before, wider = [], [], []
    for word in rng.sample(vocabulary, options.queries):
        typed = misspell(word, rng)
        start = time.perf_counter()
        candidates(typed, [pool], frequency)
        timings.append((time.perf_counter() - start) * 1000)
        # The last rung (recovery.variants), only for a query that finds nothing: one edit more.
        start = time.perf_counter()
        candidates(misspell(typed, rng), [pool], frequency, wider=True)
        wider.append((time.perf_counter() - start) * 1000)
        # What the correction cost before issue 12: one scan of every word, same load.
        start = time.perf_counter()
        process.extract(typed, vocabulary, scorer=OSA.distance, score_cutoff=2, limit=20)
        before.append((time.perf_counter() - start) * 1000)
    timings.sort()
    before.sort()
    wider.sort()
    print(f"{options.size} mots : clés phonétiques {built:.2f} s, index {indexed:.2f} s")
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"une correction : médiane {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")
    p95 = wider[int(0.95 * (len(wider) - 1))]
    print(
        f"dernière marche (une modification de plus) : médiane {statistics.median(wider):.1f} ms, "
        f"p95 {p95:.1f} ms"
    )
    p95 = before[int(0.95 * (len(before) - 1))]
    print(
        f"avant (un parcours de tous les mots) : médiane {statistics.median(before):.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    main()
