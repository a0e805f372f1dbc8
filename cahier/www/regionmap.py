"""The regions map: vendored outlines (see scripts/build_region_map.py) joined to the counts.

The 13 metropolitan regions share one SVG; each overseas region is a tile of its own (its
outline in a small SVG, its name and count in HTML text, so they stay readable on a phone
whatever the map's width); « National » is a tile without an outline."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.urls import reverse

DATA = Path(__file__).resolve().parent / "data" / "france_regions.json"
# Count bubble radius in map units (the map is ~1000 units wide): two digits fit in the small
# one; the font size is set in site.css so that it stays readable at 375 px.
BUBBLE_RADIUS, WIDE_BUBBLE_RADIUS = 34, 44


@lru_cache(maxsize=1)
def outlines() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def region_url(region) -> str:
    """The region's portal page (its fiches, map, statistics, referent)."""
    return reverse("www:region", kwargs={"slug": region.slug})


def count_label(count: int) -> str:
    """« 3 initiatives », « aucune initiative »: the count as the list and the map say it."""
    if not count:
        return "aucune initiative"
    return f"{count} initiative{'s' if count > 1 else ''}"


def _level(count: int) -> int:
    if count == 0:
        return 0
    if count <= 2:
        return 1
    if count <= 5:
        return 2
    return 3


def region_map(regions, current=None) -> dict:
    """Metropolitan shapes, overseas tiles and the « National » tile for the template;
    *regions* carry a `count` annotation; the *current* region (a portal's) is marked to be
    highlighted. Every region is a link to its portal, even without a fiche yet."""
    data = outlines()
    items, shapes, overseas, national = [], [], [], None
    for region in regions:
        item = {
            "region": region,
            "count": region.count,
            "count_label": count_label(region.count),
            "noun": "initiative" if region.count < 2 else "initiatives",
            "level": _level(region.count),
            "url": region_url(region),
            "current": current is not None and region.pk == current.pk,
        }
        items.append(item)
        if region.is_national:
            national = item
        elif region.is_overseas:
            item.update(data["overseas"][region.insee_code])
            overseas.append(item)
        else:
            item.update(data["metropole"]["regions"][region.insee_code])
            item["radius"] = BUBBLE_RADIUS if region.count < 100 else WIDE_BUBBLE_RADIUS
            shapes.append(item)
    overseas.sort(key=lambda item: item["region"].insee_code)
    return {
        "items": items,  # in the order given: the list alternative
        "shapes": shapes,
        "overseas": overseas,
        "national": national,
        "viewbox": data["metropole"]["viewBox"],
        "source": data["source"],
    }
