"""Build cahier/www/data/france_regions.json from the npm package @svg-maps/france.regions.

Usage (the package is not a dependency; fetch its tarball once with npm):

    cd /tmp && npm pack @svg-maps/france.regions@2.0.0
    .venv/bin/python scripts/build_region_map.py /tmp/svg-maps-france.regions-2.0.0.tgz

The package draws the 13 metropolitan regions only (licence CC BY-NC 4.0, after amCharts; see
docs/website.md). The site draws the overseas regions as labelled inset boxes. This script keeps
each region's outline (keyed by INSEE code), rounds coordinates to one decimal (the map is shown
a few hundred pixels wide) and computes a label point for the count bubble.
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
from pathlib import Path
from xml.etree import ElementTree

OUTPUT = Path(__file__).resolve().parent.parent / "cahier" / "www" / "data" / "france_regions.json"

# The package's ids → INSEE region codes (Region.insee_code).
INSEE = {
    "ara": "84",
    "bfc": "27",
    "bre": "53",
    "cvl": "24",
    "cor": "94",
    "ges": "44",
    "hdf": "32",
    "idf": "11",
    "nor": "28",
    "naq": "75",
    "occ": "76",
    "pdl": "52",
    "pac": "93",
}
TOKEN = re.compile(r"[MmLlHhVvZz]|-?\d*\.?\d+(?:e-?\d+)?")


def absolute_points(d: str) -> list[list[tuple[float, float]]]:
    """The rings of a path made of M/L/H/V/Z commands, in absolute coordinates."""
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    command = "M"
    tokens = TOKEN.findall(d)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            if command in "Zz" and rings and rings[-1]:
                x, y = rings[-1][0]
            continue
        if command in "Mm":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            x, y = (x + dx, y + dy) if command == "m" and rings else (dx, dy)
            rings.append([(x, y)])
            command = "l" if command == "m" else "L"
            i += 2
        elif command in "Ll":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            x, y = (x + dx, y + dy) if command == "l" else (dx, dy)
            rings[-1].append((x, y))
            i += 2
        elif command in "Hh":
            x = x + float(tokens[i]) if command == "h" else float(tokens[i])
            rings[-1].append((x, y))
            i += 1
        elif command in "Vv":
            y = y + float(tokens[i]) if command == "v" else float(tokens[i])
            rings[-1].append((x, y))
            i += 1
        else:
            raise ValueError(f"unsupported path command {command!r}")
    return rings


def compact(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        points = [f"{x:.1f},{y:.1f}" for x, y in ring]
        deduped = [p for j, p in enumerate(points) if j == 0 or p != points[j - 1]]
        parts.append("M" + "L".join(deduped) + "Z")
    return "".join(parts)


def centroid(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Area centroid of the largest ring (the mainland of a region, not its islands)."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    area = _area(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return round(cx / (6 * area), 1), round(cy / (6 * area), 1)


def _area(ring: list[tuple[float, float]]) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def main(tarball: str) -> None:
    with tarfile.open(tarball) as archive:
        svg = archive.extractfile("package/france.regions.svg").read()
    root = ElementTree.fromstring(svg)
    regions = {}
    for path in root.iter("{http://www.w3.org/2000/svg}path"):
        rings = absolute_points(path.get("d"))
        x, y = centroid(rings)
        regions[INSEE[path.get("id")]] = {"d": compact(rings), "label_x": x, "label_y": y}
    data = {
        "source": "@svg-maps/france.regions 2.0.0 (CC BY-NC 4.0, Victor Cazanave after amCharts)",
        "viewBox": root.get("viewBox"),
        "regions": dict(sorted(regions.items())),
    }
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(regions)} régions écrites dans {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/svg-maps-france.regions-2.0.0.tgz")
