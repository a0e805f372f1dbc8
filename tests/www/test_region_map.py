"""The regions map (/regions/, the regional portals): a licence-clean outline of every region,
each region a link that names its count, overseas regions drawn, Corsica framed, and the
same figures in a list."""

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from cahier.catalogue.models import Region
from cahier.www.regionmap import DATA
from tests.catalogue import factories as f

ROOT = Path(settings.BASE_DIR)
OVERSEAS = {"guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class MapLinks(HTMLParser):
    """The links of the map figure: data-region → (href, accessible name, has an outline)."""

    def __init__(self):
        super().__init__()
        self.links: dict[str, dict] = {}
        self.figure = 0
        self.current = None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "cahier-map" in attrs.get("class", ""):
            self.figure += 1
        if not self.figure:
            return
        if tag == "a" and "data-region" in attrs:
            self.current = {
                "href": attrs["href"],
                "label": attrs.get("aria-label"),
                "text": "",
                "outline": False,
            }
            self.links[attrs["data-region"]] = self.current
        elif self.current is not None:
            if tag == "path" and len(NUMBER.findall(attrs.get("d", ""))) > 40:
                self.current["outline"] = True
            if attrs.get("aria-hidden") == "true" or tag == "title":
                self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.current is not None:
            self.current = None
        elif tag == "figure" and self.figure:
            self.figure -= 1
        elif self.current is not None and tag in {"svg", "text", "title"} and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.current is not None and not self.hidden:
            self.current["text"] += data


def map_links(html: str) -> dict[str, dict]:
    parser = MapLinks()
    parser.feed(html)
    for link in parser.links.values():
        name = link["label"] if link["label"] is not None else link["text"]
        link["name"] = " ".join(name.replace("\u00a0", " ").replace("\u202f", " ").split())
    return parser.links


@pytest.fixture
def fiches(db):
    for slug in ("bretagne", "bretagne", "bretagne", "la-reunion", "national"):
        f.InitiativeFactory(region=f.region(slug))


def test_every_region_is_a_link_naming_its_count(client, fiches):
    links = map_links(client.get("/regions/").content.decode())
    regions = Region.objects.filter(is_national=False)
    assert regions.count() == 18
    assert set(links) == {r.slug for r in regions} | {"national"}
    for region in Region.objects.all():
        assert links[region.slug]["href"] == f"/regions/{region.slug}/"
    assert links["bretagne"]["name"] == "Bretagne : 3 initiatives"
    assert links["corse"]["name"] == "Corse : aucune initiative"
    # Overseas tiles are named by their visible text (name and count).
    assert links["la-reunion"]["name"] == "La Réunion : 1 initiative"
    assert links["mayotte"]["name"] == "Mayotte : 0 initiative"
    assert links["national"]["name"] == "National : 1 initiative"


def test_overseas_regions_and_corsica_are_drawn(client, fiches):
    links = map_links(client.get("/regions/").content.decode())
    drawn = {slug for slug, link in links.items() if link["outline"]}
    assert drawn == {r.slug for r in Region.objects.filter(is_national=False)}
    assert drawn >= OVERSEAS and "corse" in drawn


def test_corsica_and_every_metropolitan_region_fit_in_the_frame():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    x0, y0, width, height = (float(v) for v in data["metropole"]["viewBox"].split())
    assert len(data["metropole"]["regions"]) == 13 and len(data["overseas"]) == 5
    for code, region in data["metropole"]["regions"].items():
        values = [float(v) for v in NUMBER.findall(region["d"])]
        xs, ys = values[0::2], values[1::2]
        assert x0 <= min(xs) and max(xs) <= x0 + width, code
        assert y0 <= min(ys) and max(ys) <= y0 + height, code
        assert x0 <= region["label_x"] <= x0 + width and y0 <= region["label_y"] <= y0 + height


def test_no_trace_of_the_non_commercial_map():
    """The old outline (CC BY-NC, after amCharts) must not come back, in the data or any credit."""
    data = DATA.read_text(encoding="utf-8")
    assert "dsfr-chart" in data and "MIT" in data
    banned = re.compile(r"svg-maps|amcharts|BY-NC|CC BY|Cazanave", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("cahier", "docs", "scripts")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".json", ".html", ".py", ".md", ".txt", ".css", ".js"}
        and banned.search(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert offenders == []


def test_the_credit_names_the_source_and_its_licence(client, fiches):
    for url in ("/regions/", "/regions/bretagne/", "/mentions-legales/"):
        html = client.get(url).content.decode()
        assert "github.com/GouvernementFR/dsfr-chart" in html, url
        assert "© DINUM" in html and ">MIT</a>" in html, url


def test_the_portal_lists_the_regions_below_its_map(client, fiches):
    html = client.get("/regions/la-reunion/").content.decode()
    listing = html[html.index('<details class="cahier-map__list') :]
    listing = listing[: listing.index("</details>")]
    assert listing.count("<li>") == 19
    assert '<a href="/regions/la-reunion/" aria-current="page">La Réunion</a>' in listing
    assert '<a href="/regions/corse/">Corse</a>' in listing


def _build_script():
    spec = importlib.util.spec_from_file_location(
        "build_region_map", ROOT / "scripts" / "build_region_map.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_script_reads_every_path_command():
    build = _build_script()
    rings = build.absolute_rings("m10 10 5 0v5h-5zM0 0l1 1c1 1 2 2 3 3s1 1 2 2a1 1 0 0 1 1 1L0 5z")
    assert rings == [
        [(10, 10), (15, 10), (15, 15), (10, 15)],
        [(0, 0), (1, 1), (4, 4), (6, 6), (7, 7), (0, 5)],
    ]
    # The label point of a U-shaped region lies inside it, not in the hollow.
    u_shape = [(0, 0), (30, 0), (30, 100), (70, 100), (70, 0), (100, 0), (100, 130), (0, 130)]
    x, y = build.label_point([u_shape])
    assert build._inside(x, y, u_shape)
