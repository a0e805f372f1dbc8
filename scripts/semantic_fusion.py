"""Fusion of the engine's ranking with an embedding ranking: pure functions, no model and no
Django (scripts/eval_semantic.py runs them; tests/search/test_semantic_fusion.py checks them).

A ranking is a list of fiche numbers, best first; the engine's and the cosine's come with their
scores as (number, score) pairs."""

import itertools
import random
from collections.abc import Sequence

RRF_K = (5, 10, 30, 60)
WEIGHTS = (0.25, 0.5, 0.75, 1.0)  # weight of the embedding ranking (the engine's is 1)
DEPTHS = (0, 3, 5, 10)  # embedding-only candidates kept: the first N of the cosine ranking
BLEND = (0.1, 0.2, 0.3, 0.4, 0.5)  # share of the cosine in the blended score


def rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: float) -> list[int]:
    """Reciprocal-rank fusion: a fiche scores Σ wᵢ / (k + rankᵢ) over the rankings that hold it
    (rank from 1). Ties keep the order of the first ranking, then of the later ones."""
    scores: dict[int, float] = {}
    first_seen: dict[int, tuple[int, int]] = {}
    for which, (ranking, weight) in enumerate(zip(rankings, weights, strict=True)):
        for rank, fiche in enumerate(ranking, start=1):
            scores[fiche] = scores.get(fiche, 0.0) + weight / (k + rank)
            first_seen.setdefault(fiche, (which, rank))
    return sorted(scores, key=lambda fiche: (-scores[fiche], first_seen[fiche]))


def blend(engine: dict[int, float], cosine: dict[int, float], share: float) -> list[int]:
    """Convex blend of the engine's score (divided by the best one) and the cosine (min-max
    over the fiches given), on the fiches of either dictionary; a fiche the engine did not find
    has an engine score of 0."""
    best = max(engine.values(), default=0.0) or 1.0
    low, high = min(cosine.values(), default=0.0), max(cosine.values(), default=0.0)
    span = (high - low) or 1.0
    fiches = list(dict.fromkeys([*engine, *cosine]))

    def score(fiche: int) -> float:
        lexical = engine.get(fiche, 0.0) / best
        semantic = (cosine[fiche] - low) / span if fiche in cosine else 0.0
        return (1 - share) * lexical + share * semantic

    order = {fiche: i for i, fiche in enumerate(fiches)}
    return sorted(fiches, key=lambda fiche: (-score(fiche), order[fiche]))


def fuse(engine: list[tuple[int, float]], cosine: list[tuple[int, float]], config: dict):
    """The ranking of one configuration: the engine alone, the embeddings alone, the
    embeddings' first `depth` fiches only when the engine finds nothing (« repli »), or the
    engine's hits plus the first `depth` fiches of the cosine ranking (embedding-only
    candidates) fused by `rrf` or `blend`."""
    if config["method"] == "moteur":
        return [fiche for fiche, _ in engine]
    if config["method"] == "embeddings":
        return [fiche for fiche, _ in cosine]
    if config["method"] == "repli":
        return [fiche for fiche, _ in engine] or [fiche for fiche, _ in cosine[: config["depth"]]]
    found = {fiche for fiche, _ in engine}
    kept = [(f, c) for i, (f, c) in enumerate(cosine) if f in found or i < config["depth"]]
    if config["method"] == "rrf":
        lists = [[f for f, _ in engine], [f for f, _ in kept]]
        return rrf(lists, [1.0, config["weight"]], config["k"])
    return blend(dict(engine), dict(kept), config["share"])


def configurations() -> list[dict]:
    grid = [{"method": "moteur"}, {"method": "embeddings"}]
    for k, weight, depth in itertools.product(RRF_K, WEIGHTS, DEPTHS):
        grid.append({"method": "rrf", "k": k, "weight": weight, "depth": depth})
    grid += [{"method": "repli", "depth": depth} for depth in DEPTHS[1:]]
    for share, depth in itertools.product(BLEND, DEPTHS):
        grid.append({"method": "blend", "share": share, "depth": depth})
    return grid


def label(config: dict) -> str:
    if config["method"] == "rrf":
        return f"RRF k={config['k']} poids={config['weight']} profondeur={config['depth']}"
    if config["method"] == "repli":
        return f"repli (embeddings si le moteur ne trouve rien) profondeur={config['depth']}"
    if config["method"] == "blend":
        return f"mélange part={config['share']} profondeur={config['depth']}"
    return config["method"]


def config_title(config: dict) -> str:
    if config["method"] == "moteur":
        return "moteur seul"
    text = f"texte « {config['texte']} »"
    if config["method"] == "embeddings":
        return f"embeddings seuls ({text})"
    return f"{label(config)} ({text})"


def paired(engine: list[dict], fused: list[dict], resamples: int = 10_000) -> dict:
    """Per-query comparison with the engine alone: wins, losses, mean gain and a paired
    bootstrap 95 % interval of the mean gain (fixed seed), plus the largest moves."""
    pairs = [(a, b) for a, b in zip(engine, fused, strict=True) if a["judged"]]
    gains = [b["ndcg"] - a["ndcg"] for a, b in pairs]
    draw = random.Random(12)
    means = sorted(sum(draw.choices(gains, k=len(gains))) / len(gains) for _ in range(resamples))
    moves = sorted(zip(gains, (a["q"] for a, _ in pairs), strict=True))
    return {
        "wins": sum(g > 0.001 for g in gains),
        "losses": sum(g < -0.001 for g in gains),
        "mean_gain": sum(gains) / len(gains),
        "ci95": (means[int(0.025 * resamples)], means[int(0.975 * resamples)]),
        "worst": [move for move in moves[:5] if move[0] < -0.001],
        "best": [move for move in moves[::-1][:5] if move[0] > 0.001],
    }
