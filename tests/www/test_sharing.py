"""Sharing: OpenGraph/Twitter tags, the share images, the short link `/f/<code>`."""

import io
import re
from dataclasses import replace
from html import unescape

import pytest
from PIL import Image

from cahier.catalogue import services
from cahier.catalogue.models import Initiative
from cahier.www.shortlinks import short_code, uid_of
from tests.catalogue import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BASE = "https://cahier.example.gouv.fr"


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.CAHIER_BASE_URL = BASE
    settings.CAHIER_SHARE_IMAGE_DIR = tmp_path / "share-images"


@pytest.fixture
def garage():
    return f.InitiativeFactory(
        slug="garage-solidaire",
        title="Garage solidaire : réparer pour l'emploi",
        region=f.region("bretagne"),
        porteur="Association Roule & Bosse",
        description="Le garage **répare** des voitures <b>à prix coûtant</b> & prête des véhicules.",
        keywords=[f.KeywordFactory(label="Mobilité", slug="mobilite")],
    )


def meta(html: str) -> dict[str, str]:
    """OpenGraph (property) and Twitter/description (name) tags of a page, unescaped."""
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return {key: unescape(value) for key, value in found}


def png(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format == "PNG"
    return image


def test_fiche_page_has_its_opengraph_and_twitter_tags(client, garage):
    tags = meta(client.get("/initiatives/garage-solidaire/").content.decode())
    assert tags["og:type"] == "article"
    assert tags["og:locale"] == "fr_FR"
    assert tags["og:title"] == "Garage solidaire\u00a0: réparer pour l’emploi"
    assert tags["og:url"] == f"{BASE}/initiatives/garage-solidaire/"
    # Plain text: the markup typed in the fiche is neither rendered nor doubled.
    assert tags["og:description"] == (
        "Le garage répare des voitures <b>à prix coûtant</b> & prête des véhicules."
    )
    assert tags["description"] == tags["og:description"] == tags["twitter:description"]
    assert tags["og:image"].startswith(f"{BASE}/initiatives/garage-solidaire/partage.png?v=")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Cahier des initiatives inclusion"),
        ("/initiatives/", "Rechercher une initiative"),
        ("/regions/", "Les initiatives par région"),
        ("/reperes/", "Repères pour la recherche"),
        ("/glossaire/", "Glossaire des sigles"),
        ("/a-propos/", "À propos du cahier"),
        ("/editions/", "Cahier des initiatives inclusion"),
        ("/proposer/", "Cahier des initiatives inclusion"),
    ],
)
def test_every_public_page_has_opengraph_tags(client, garage, url, title):
    tags = meta(client.get(url).content.decode())
    assert tags["og:title"] == title
    assert tags["og:url"] == BASE + url
    assert tags["og:type"] == "website"
    assert tags["og:locale"] == "fr_FR"
    assert tags["og:description"]
    assert tags["og:image"] == f"{BASE}/partage.png"


def test_search_page_shares_its_search(client, garage):
    tags = meta(client.get("/initiatives/?q=garage&region=bretagne").content.decode())
    assert tags["og:title"] == "Initiatives pour «\u00a0garage\u00a0»"
    assert tags["og:url"] == f"{BASE}/initiatives/?q=garage&region=bretagne"


def test_share_image_is_a_1200_by_630_png_drawn_again_after_an_edit(client, garage, settings):
    page = client.get("/initiatives/garage-solidaire/").content.decode()
    first_url = meta(page)["og:image"].removeprefix(BASE)
    image = png(client.get(first_url))
    assert image.size == (1200, 630)
    folder = settings.CAHIER_SHARE_IMAGE_DIR
    [first_file] = folder.glob(f"{garage.uid}-*.png")
    # Drawn once: the second request reads the same file.
    png(client.get(first_url))
    assert list(folder.glob(f"{garage.uid}-*.png")) == [first_file]

    services.initiative_update(
        initiative=garage,
        data=replace(services.InitiativeData.from_initiative(garage), title="Un titre tout autre"),
        expected_version=garage.version,
    )
    second_url = meta(client.get("/initiatives/garage-solidaire/").content.decode())["og:image"]
    assert second_url != BASE + first_url  # a new address: networks fetch it again
    edited = png(client.get(second_url.removeprefix(BASE)))
    assert edited.size == (1200, 630)
    [second_file] = folder.glob(f"{garage.uid}-*.png")  # the old image is gone
    assert second_file != first_file
    assert edited.tobytes() != image.tobytes()


def test_long_title_still_fits(client):
    f.InitiativeFactory(slug="long", title="Un titre " + "très " * 55 + "long")
    assert png(client.get("/initiatives/long/partage.png")).size == (1200, 630)


def test_site_image_and_unpublished_fiche(client, garage):
    assert png(client.get("/partage.png")).size == (1200, 630)
    f.InitiativeFactory(slug="brouillon-secret", draft=True)
    assert client.get("/initiatives/brouillon-secret/partage.png").status_code == 404


def test_short_link_is_shown_and_redirects_after_a_slug_change(client, garage):
    code = short_code(garage.uid)
    assert len(code) == 26 and uid_of(code) == garage.uid
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    assert "Lien à partager" in html
    assert f'id="lien-court" value="{BASE}/f/{code}"' in html
    assert 'data-copier="lien-court"' in html and "www/js/share.js" in html

    response = client.get(f"/f/{code}")
    assert response.status_code == 301
    assert response["Location"] == "/initiatives/garage-solidaire/"
    # No service renames a fiche's slug yet; whatever does later, the short link follows.
    Initiative.objects.filter(pk=garage.pk).update(slug="garage-solidaire-de-rennes")
    response = client.get(f"/f/{code}")
    assert response.status_code == 301
    assert response["Location"] == "/initiatives/garage-solidaire-de-rennes/"
    # The open-data id works too.
    assert client.get(f"/f/{garage.uid}")["Location"] == "/initiatives/garage-solidaire-de-rennes/"


@pytest.mark.parametrize("code", ["inconnu", "a" * 26, "00000000-0000-0000-0000-000000000000"])
def test_unknown_short_link_is_404(client, garage, code):
    assert client.get(f"/f/{code}").status_code == 404


def test_short_link_of_an_unpublished_fiche_is_404(client):
    draft = f.InitiativeFactory(slug="brouillon-secret", draft=True)
    assert client.get(f"/f/{short_code(draft.uid)}").status_code == 404
