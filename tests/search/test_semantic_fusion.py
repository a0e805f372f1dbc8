"""The fusion of the semantic layer experiment (scripts/semantic_fusion.py, docs/search.md
« Modèle d'embeddings »): pure functions, checked without any embedding model installed."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "semantic_fusion.py"
spec = importlib.util.spec_from_file_location("semantic_fusion", SCRIPT)
fusion = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fusion)


def test_rrf_adds_the_reciprocal_ranks_of_every_list():
    # k = 1: fiche 1 scores 1/2 + 1/3, fiche 3 scores 1/4 + 1/2, fiche 2 only 1/3.
    assert fusion.rrf([[1, 2, 3], [3, 1]], [1.0, 1.0], k=1) == [1, 3, 2]


def test_rrf_puts_a_fiche_both_lists_agree_on_above_one_list_alone():
    assert fusion.rrf([[7, 8], [8, 9]], [1.0, 1.0], k=60)[0] == 8


def test_rrf_ties_keep_the_order_of_the_first_ranking():
    assert fusion.rrf([[1, 2], [2, 1]], [1.0, 1.0], k=10) == [1, 2]
    assert fusion.rrf([[2, 1], [1, 2]], [1.0, 1.0], k=10) == [2, 1]


def test_rrf_with_a_zero_weight_keeps_the_engine_order_and_appends_the_other_fiches():
    assert fusion.rrf([[3, 1, 2], [4, 2, 1]], [1.0, 0.0], k=5) == [3, 1, 2, 4]


def test_blend_goes_from_the_engine_order_to_the_cosine_order():
    engine = {1: 10.0, 2: 5.0}
    cosine = {1: 0.70, 2: 0.90, 3: 0.80}
    assert fusion.blend(engine, cosine, share=0.0) == [1, 2, 3]
    assert fusion.blend(engine, cosine, share=1.0) == [2, 3, 1]
    # Half and half: 1 → 0.5, 2 → 0.25 + 0.5, 3 → 0.25.
    assert fusion.blend(engine, cosine, share=0.5) == [2, 1, 3]


ENGINE = [(5, 12.0), (6, 4.0)]
COSINE = [(9, 0.9), (6, 0.8), (8, 0.7), (5, 0.6)]


@pytest.mark.parametrize(
    "config",
    [
        {"method": "rrf", "k": 10, "weight": 1.0, "depth": 0},
        {"method": "blend", "share": 0.5, "depth": 0},
    ],
)
def test_without_depth_the_fusion_only_reorders_what_the_engine_found(config):
    assert sorted(fusion.fuse(ENGINE, COSINE, config)) == [5, 6]


def test_depth_brings_the_first_fiches_of_the_cosine_ranking_as_candidates():
    ranked = fusion.fuse(ENGINE, COSINE, {"method": "rrf", "k": 10, "weight": 1.0, "depth": 1})
    assert sorted(ranked) == [5, 6, 9]


def test_the_fallback_uses_the_embeddings_only_when_the_engine_finds_nothing():
    config = {"method": "repli", "depth": 3}
    assert fusion.fuse(ENGINE, COSINE, config) == [5, 6]
    assert fusion.fuse([], COSINE, config) == [9, 6, 8]


def test_the_grid_holds_every_method_once_per_setting():
    grid = fusion.configurations()
    assert grid[0] == {"method": "moteur"}
    assert len({tuple(sorted(c.items())) for c in grid}) == len(grid)
    assert {c["method"] for c in grid} == {"moteur", "embeddings", "rrf", "repli", "blend"}


def test_paired_counts_wins_and_losses_and_brackets_the_mean_gain():
    engine = [{"q": q, "judged": True, "ndcg": 0.5} for q in "abcd"]
    engine.append({"q": "e", "judged": False, "ndcg": 0.0})
    fused = [{"ndcg": n} for n in (1.0, 0.5, 0.4, 0.5, 0.9)]
    result = fusion.paired(engine, fused, resamples=2000)
    assert (result["wins"], result["losses"]) == (1, 1)
    assert result["mean_gain"] == pytest.approx(0.1)
    low, high = result["ci95"]
    assert low <= 0.1 <= high
    assert result["best"][0] == (pytest.approx(0.5), "a")
