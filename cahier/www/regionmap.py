"""The regions map: vendored outlines (see scripts/build_region_map.py) joined to the counts."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.urls import reverse

DATA = Path(__file__).resolve().parent / "data" / "france_regions.json"
# Overseas regions and « National » have no outline in the vendored map: labelled insets.
INSET_X, INSET_WIDTH, INSET_HEIGHT, INSET_GAP = -130, 125, 78, 12


@lru_cache(maxsize=1)
def _outlines() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def region_url(region) -> str:
    """The region's portal page (its fiches, map, statistics, referent)."""
    return reverse("www:region", kwargs={"slug": region.slug})


def _level(count: int) -> int:
    if count == 0:
        return 0
    if count <= 2:
        return 1
    if count <= 5:
        return 2
    return 3


def region_map(regions, current=None) -> dict:
    """Shapes and insets for the template; *regions* carry a `count` annotation; the
    *current* region (a portal's) is marked to be highlighted."""
    outlines = _outlines()
    shapes, insets = [], []
    for region in regions:
        outline = outlines["regions"].get(region.insee_code)
        item = {
            "region": region,
            "count": region.count,
            "level": _level(region.count),
            "url": region_url(region) if region.count else "",
            "current": current is not None and region.pk == current.pk,
        }
        if outline and not region.is_overseas:
            item.update(outline)
            shapes.append(item)
        else:
            insets.append(item)
    insets.sort(key=lambda item: (item["region"].is_national, item["region"].position))
    for index, item in enumerate(insets):
        y = index * (INSET_HEIGHT + INSET_GAP) + 20
        item.update(
            x=INSET_X,
            y=y,
            width=INSET_WIDTH,
            height=INSET_HEIGHT,
            text_x=INSET_X + INSET_WIDTH / 2,
            text_y=y + 28,
            label_x=INSET_X + INSET_WIDTH / 2,
            label_y=y + 55,
        )
    x, y, width, height = (float(v) for v in outlines["viewBox"].split())
    return {
        "shapes": shapes,
        "insets": insets,
        "viewbox": f"{INSET_X - 5:g} {y:g} {width + x - INSET_X + 5:g} {height:g}",
        "source": outlines["source"],
    }
