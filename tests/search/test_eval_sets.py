"""The judged query sets of eval/ are well-formed, kept apart from the dev set, and the
misspelt-and-derived set is exactly what its generator makes (issue 12, Search v2)."""

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "eval" / "search_own_queries.json"
TYPOS = ROOT / "eval" / "search_typo_queries.json"
DOCUMENT = ROOT / "data" / "cahier-initiatives-inclusion-2019.txt"
DEV = Path(
    os.environ.get(
        "CAHIER_DEV_QUERIES", ROOT.parent / "shared" / "eval" / "search_dev_queries.json"
    )
)
KINDS = {
    "besoin",
    "public",
    "lieu",
    "sigle",
    "provenance",
    "financement",
    "forme",
    "question",
    "sans_reponse",
}


def fiche_numbers() -> set[int]:
    """The numbers of the « Liste des fiches » of the bundled 2019 cahier."""
    text = DOCUMENT.read_text(encoding="utf-8")
    listing = text.split("# Liste des fiches")[1].split("## Repères")[0]
    return {int(n) for n in re.findall(r"^(?:- )?(\d+) [-–]", listing, re.MULTILINE)}


def words(q: str) -> frozenset[str]:
    """The words of a query, in any order, without accents, case or final s/x: « Seniors »
    and « senior » are the same query."""
    text = unicodedata.normalize("NFKD", q.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return frozenset(re.sub(r"(?<=...)[sx]$", "", w) for w in re.findall(r"[a-z0-9]+", text))


def own_queries() -> list[dict]:
    return json.loads(OWN.read_text(encoding="utf-8"))["queries"]


def test_the_catalogue_has_46_numbered_fiches():
    assert fiche_numbers() == set(range(1, 47))


def test_own_set_has_at_least_100_judged_queries_on_existing_fiches():
    queries = own_queries()
    numbers = fiche_numbers()
    assert len(queries) >= 100
    for item in queries:
        assert item["q"].strip() and item["kind"] in KINDS, item
        assert {int(n) for n in item["rel"]} <= numbers, item
        assert set(item["rel"].values()) <= {1, 2}, item
        # rel {} only for the queries that nothing in the cahier answers, and the reverse
        assert (item["rel"] == {}) == (item["kind"] == "sans_reponse"), item
        if item["rel"]:
            assert 2 in item["rel"].values() or item["kind"] == "lieu", item
    assert len({words(item["q"]) for item in queries}) == len(queries), "doublons"
    assert len([item for item in queries if item["kind"] == "sans_reponse"]) >= 5


def test_own_set_repeats_no_dev_query():
    if not DEV.exists():
        pytest.skip(f"jeu de développement absent ({DEV}) ; CAHIER_DEV_QUERIES=… pour l'indiquer")
    dev = {words(item["q"]) for item in json.loads(DEV.read_text(encoding="utf-8"))["queries"]}
    overlap = [item["q"] for item in own_queries() if words(item["q"]) in dev]
    assert overlap == []


def test_typo_set_has_at_least_200_queries_with_their_fiches():
    data = json.loads(TYPOS.read_text(encoding="utf-8"))
    numbers = fiche_numbers()
    queries = data["queries"]
    assert len(queries) >= 200
    for item in queries:
        assert item["kind"] in {"faute", "dérivé"}, item
        assert item["q"] != item["intended"], item
        assert item["fiches"] and set(item["fiches"]) <= numbers, item
    # Every family of edits and of sources is represented.
    methods = {m for item in queries for m in item["method"].split(" + ")}
    for method in ("suppression", "insertion", "substitution", "transposition"):
        assert method in methods
    assert {"accent manquant", "consonne doublée", "phonétique"} <= methods
    assert {item["source"] for item in queries} == {
        "mot des fiches",
        "synonyme",
        "sigle du glossaire",
        "définition du glossaire",
        "lieu",
        "institution",
    }
    couture = [item for item in queries if item["q"] == "couturière"]
    assert couture and couture[0]["intended"] == "couture" and couture[0]["fiches"] == [9]


def test_typo_generator_is_deterministic(tmp_path):
    output = tmp_path / "typos.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_typo_queries.py"), "--output", output],
        check=True,
        capture_output=True,
    )
    assert output.read_bytes() == TYPOS.read_bytes()


@pytest.mark.parametrize(
    ("name", "seed", "excluded"),
    [
        ("search_typo_queries_seed2.json", 7, ["search_typo_queries.json"]),
        (
            "search_typo_queries_seed3.json",
            11,
            ["search_typo_queries.json", "search_typo_queries_seed2.json"],
        ),
        (
            "search_typo_queries_seed4.json",
            13,
            [
                "search_typo_queries.json",
                "search_typo_queries_seed2.json",
                "search_typo_queries_seed3.json",
            ],
        ),
    ],
)
def test_other_typo_sets_are_their_generator_output_and_share_no_query(
    tmp_path, name, seed, excluded
):
    # The independent checks (docs/search.md): other seeds, the earlier sets' queries left out.
    output = tmp_path / name
    command = [sys.executable, str(ROOT / "scripts" / "generate_typo_queries.py")]
    command += ["--seed", str(seed), "--output", str(output)]
    for other in excluded:
        command += ["--exclude", str(ROOT / "eval" / other)]
    subprocess.run(command, check=True, capture_output=True)
    assert output.read_bytes() == (ROOT / "eval" / name).read_bytes()
    queries = {item["q"] for item in json.loads(output.read_text(encoding="utf-8"))["queries"]}
    for other in excluded:
        earlier = json.loads((ROOT / "eval" / other).read_text(encoding="utf-8"))["queries"]
        assert not queries & {item["q"] for item in earlier}
    assert len(queries) >= 200
