"""What crawlers read: /sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from django.test import override_settings
from django.utils import timezone

from cahier.catalogue import services
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://cahier.example.gouv.fr"


def sitemap(client) -> dict[str, str | None]:
    """Each address of the sitemap → its lastmod."""
    response = client.get("/sitemap.xml", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the answer of our own server
    assert root.tag == f"{SITEMAP}urlset"
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }


def day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


@override_settings(CAHIER_BASE_URL=BASE, ALLOWED_HOSTS=["10.0.0.7"])
def test_sitemap_lists_public_pages_and_published_fiches_on_the_public_address(client):
    garage = f.InitiativeFactory(slug="garage-solidaire", title="Garage solidaire")
    f.InitiativeFactory(slug="brouillon-secret", draft=True)
    EditionFactory(slug="2019", title="Cahier 2019", initiatives=[garage], published=True)
    EditionFactory(slug="2027", title="En préparation")
    urls = sitemap(client)
    # The crawler came by an internal address: the sitemap names the public one.
    assert all(url.startswith(f"{BASE}/") for url in urls)
    for page in ("", "initiatives/", "regions/", "reperes/", "glossaire/", "a-propos/"):
        assert f"{BASE}/{page}" in urls
    assert urls[f"{BASE}/initiatives/garage-solidaire/"] == day(garage.updated_at)
    assert urls[f"{BASE}/"] == day(garage.updated_at)
    assert f"{BASE}/editions/2019/" in urls
    assert f"{BASE}/editions/2027/" not in urls
    assert not [url for url in urls if "brouillon" in url or "curation" in url]


@override_settings(CAHIER_BASE_URL=BASE, ALLOWED_HOSTS=["10.0.0.7"])
def test_sitemap_lastmod_follows_an_edit(client):
    garage = f.InitiativeFactory(slug="garage-solidaire", title="Garage solidaire")
    services.Initiative.objects.filter(pk=garage.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=40)
    )
    garage.refresh_from_db()
    before = sitemap(client)[f"{BASE}/initiatives/garage-solidaire/"]
    assert before == day(garage.updated_at)
    edited = services.initiative_update(
        initiative=garage,
        data=replace(services.InitiativeData.from_initiative(garage), title="Garage ouvert"),
        expected_version=garage.version,
    )
    after = sitemap(client)[f"{BASE}/initiatives/garage-solidaire/"]
    assert after == day(edited.updated_at) != before


@override_settings(CAHIER_BASE_URL=BASE)
def test_robots_keeps_crawlers_on_public_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert {"/admin/", "/curation/", "/connexion/", "/inscription/", "/mes-initiatives/"} <= (
        disallowed
    )
    assert "Allow: /" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    # Nothing public is refused: the pages and the fiches stay open.
    for public in ("/", "/initiatives/", "/initiatives/garage/", "/regions/", "/f/abc"):
        assert not any(public.startswith(path) for path in disallowed), public


@pytest.mark.parametrize(
    ("base", "warned"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://cahier.example.gouv.fr", True),
        ("https://localhost", True),
        (BASE, False),
    ],
)
def test_deploy_check_warns_until_the_public_address_is_set(settings, base, warned):
    from cahier.www.checks import public_address

    settings.CAHIER_BASE_URL = base
    assert [w.id for w in public_address(None)] == (["www.W001"] if warned else [])
