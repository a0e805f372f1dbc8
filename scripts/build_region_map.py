"""Build cahier/www/data/france_regions.json from the npm package @gouvfr/dsfr-chart.

Usage (the package is not a dependency of the site: fetch its tarball once with npm, the
script reads it and the site only reads the JSON it writes):

    cd /tmp && npm pack @gouvfr/dsfr-chart@2.0.4
    .venv/bin/python scripts/build_region_map.py /tmp/gouvfr-dsfr-chart-2.0.4.tgz

The chart library of the État's design system (licence MIT, © DINUM, see docs/website.md)
draws the regions in `dist/MapChartReg/MapChartReg.js`: the 13 metropolitan regions in one
1010 × 1010 frame (classes `FR-ARA`…, Corsica `FR-20R`) and each overseas region in a frame of
its own (`FR-971`…`FR-976`). This script takes those 18 outlines from the compiled component,
keys them by INSEE region code (Region.insee_code), rounds the coordinates (integers for the
metropolitan frame, one decimal for the small overseas frames), frames the metropolitan map on
its real extent (Corsica included) and computes a label point inside each metropolitan region.
"""

from __future__ import annotations

import json
import math
import re
import sys
import tarfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "cahier" / "www" / "data" / "france_regions.json"
PACKAGE = "@gouvfr/dsfr-chart"
VERSION = "2.0.4"
MEMBER = "package/dist/MapChartReg/MapChartReg.js"
LICENCE = "package/LICENSE"

# The package's classes → INSEE region codes.
METROPOLE = {
    "FR-ARA": "84",
    "FR-BFC": "27",
    "FR-BRE": "53",
    "FR-CVL": "24",
    "FR-20R": "94",
    "FR-GES": "44",
    "FR-HDF": "32",
    "FR-IDF": "11",
    "FR-NOR": "28",
    "FR-NAQ": "75",
    "FR-OCC": "76",
    "FR-PDL": "52",
    "FR-PAC": "93",
}
OVERSEAS = {"FR-971": "01", "FR-972": "02", "FR-973": "03", "FR-974": "04", "FR-976": "06"}
# Margin around the metropolitan outlines, in map units: room for the focus outline.
MARGIN = 8

# A compiled Vue render call: x("path", { class: "FR-…", [style: …,] d: "…"
PATH = re.compile(r'x\("path", \{\s*class: "(FR-[0-9A-Z]+)",(?:\s*style: [^\n]*)?\s*d: "([^"]+)"')
# An overseas component: its own frame, then its path.
FRAME = re.compile(r'viewBox: "([-\d. ]+)"\s*\}, \w+ = \["stroke"\];')
TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}

Ring = list[tuple[float, float]]


def absolute_rings(d: str) -> list[Ring]:
    """The rings of an SVG path in absolute coordinates. Curves and arcs become a straight
    segment to their end point: at the few hundred pixels the map is shown, the outlines'
    rare curves are a pixel long."""
    rings: list[Ring] = []
    tokens = TOKEN.findall(d)
    x = y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                if rings and rings[-1]:
                    x, y = rings[-1][0]
                continue
        upper = command.upper()
        arity = ARITY[upper]
        args = [float(t) for t in tokens[i : i + arity]]
        i += arity
        relative = command.islower()
        if upper == "H":
            x = x + args[0] if relative else args[0]
        elif upper == "V":
            y = y + args[0] if relative else args[0]
        else:
            ex, ey = args[-2], args[-1]
            x, y = (x + ex, y + ey) if relative else (ex, ey)
        if upper == "M":
            rings.append([(x, y)])
            # Further pairs after a moveto are linetos.
            command = "l" if relative else "L"
        else:
            if not rings:
                raise ValueError("path does not start with a moveto")
            rings[-1].append((x, y))
    return [ring for ring in rings if len(ring) >= 3]


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Ramer–Douglas–Peucker: drop the points closer than *tolerance* to the line through
    their neighbours (the overseas outlines carry far more detail than an inset shows)."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        segment = [ring[first], ring[last]]
        farthest, distance = 0, 0.0
        for index in range(first + 1, last):
            d = _edge_distance(*ring[index], segment)
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def compact(rings: list[Ring], digits: int, dx: float = 0, dy: float = 0) -> str:
    """Absolute M/L/Z path text, rounded to *digits* decimals, repeated points dropped."""
    parts = []
    for ring in rings:
        points = [_point(x - dx, y - dy, digits) for x, y in ring]
        kept = [p for j, p in enumerate(points) if j == 0 or p != points[j - 1]]
        if len(kept) >= 3:
            parts.append("M" + "L".join(kept) + "Z")
    return "".join(parts)


def _point(x: float, y: float, digits: int) -> str:
    return f"{_number(x, digits)},{_number(y, digits)}"


def _number(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _edges(ring: Ring):
    """The ring's segments, the closing one included."""
    return zip(ring, ring[1:] + ring[:1], strict=True)


def _area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _edges(ring)) / 2


def _inside(x: float, y: float, ring: Ring) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in _edges(ring):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def _edge_distance(x: float, y: float, ring: Ring) -> float:
    best = math.inf
    for (x0, y0), (x1, y1) in _edges(ring):
        length = (x1 - x0) ** 2 + (y1 - y0) ** 2
        t = (
            0.0
            if not length
            else max(0.0, min(1.0, ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / length))
        )
        best = min(best, math.hypot(x - x0 - t * (x1 - x0), y - y0 - t * (y1 - y0)))
    return best


def label_point(rings: list[Ring]) -> tuple[int, int]:
    """A point well inside the largest ring (the mainland, not the islands) for the count
    bubble: the grid point farthest from the outline, ties broken towards the centroid."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    area = _area(ring)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in _edges(ring))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in _edges(ring))
    cx, cy = cx / (6 * area), cy / (6 * area)
    step = max(max(xs) - min(xs), max(ys) - min(ys)) / 40
    best, best_score = (cx, cy), -math.inf
    y = min(ys)
    while y <= max(ys):
        x = min(xs)
        while x <= max(xs):
            if _inside(x, y, ring):
                # Room for the bubble first; among roomy points, the one nearest the centroid.
                score = min(_edge_distance(x, y, ring), 45) - 0.05 * math.hypot(x - cx, y - cy)
                if score > best_score:
                    best, best_score = (x, y), score
            x += step
        y += step
    return round(best[0]), round(best[1])


def _bounds(rings: list[Ring]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def read_package(tarball: str) -> tuple[str, str]:
    with tarfile.open(tarball) as archive:
        source = archive.extractfile(MEMBER).read().decode("utf-8")
        licence = archive.extractfile(LICENCE).read().decode("utf-8")
    if "MIT License" not in licence or "DINUM" not in licence:
        raise SystemExit(
            f"{LICENCE} n’est plus la licence MIT de la DINUM : vérifier avant d’utiliser ce tracé."
        )
    return source, licence


def build(source: str) -> dict:
    metropole: dict[str, list[Ring]] = {}
    overseas: dict[str, dict] = {}
    for match in PATH.finditer(source):
        name, d = match.groups()
        if name in METROPOLE:
            metropole[METROPOLE[name]] = absolute_rings(d)
        elif name in OVERSEAS:
            # The frame is declared just before the component that draws the path.
            frame = list(FRAME.finditer(source, 0, match.start()))[-1].group(1)
            rings = [simplify(ring, 0.12) for ring in absolute_rings(d) if abs(_area(ring)) > 0.05]
            overseas[OVERSEAS[name]] = {"viewBox": frame, "d": compact(rings, 1)}
    missing = set(METROPOLE.values()) - set(metropole) | set(OVERSEAS.values()) - set(overseas)
    if missing:
        raise SystemExit(f"régions absentes du paquet : {sorted(missing)}")
    left, top, right, bottom = _bounds([ring for rings in metropole.values() for ring in rings])
    dx, dy = math.floor(left) - MARGIN, math.floor(top) - MARGIN
    width, height = math.ceil(right) + MARGIN - dx, math.ceil(bottom) + MARGIN - dy
    regions = {}
    for code, rings in sorted(metropole.items()):
        x, y = label_point(rings)
        regions[code] = {"d": compact(rings, 0, dx, dy), "label_x": x - dx, "label_y": y - dy}
    return {
        "source": f"{PACKAGE} {VERSION}, {MEMBER.removeprefix('package/')} (licence MIT, © DINUM)",
        "metropole": {"viewBox": f"0 0 {width} {height}", "regions": regions},
        "overseas": dict(sorted(overseas.items())),
    }


def main(tarball: str) -> None:
    source, _ = read_package(tarball)
    data = build(source)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    count = len(data["metropole"]["regions"]) + len(data["overseas"])
    print(f"{count} régions écrites dans {OUTPUT} ({OUTPUT.stat().st_size} octets)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else f"/tmp/gouvfr-dsfr-chart-{VERSION}.tgz")
