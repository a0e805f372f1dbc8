"""The Atom feeds: whole catalogue, per region, per search (`/initiatives/flux.atom?…`)."""

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime

import pytest
from django.test import override_settings

from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from tests.catalogue import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("_base_url")]

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "https://cahier.example.gouv.fr"


@pytest.fixture
def _base_url():
    with override_settings(CAHIER_BASE_URL=BASE):
        yield


@pytest.fixture
def fiches():
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    youth = f.KeywordFactory(label="Jeunesse", slug="jeunesse")
    garage = f.InitiativeFactory(
        slug="garage-solidaire",
        title="Garage solidaire : réparer pour l'emploi",
        region=f.region("bretagne"),
        porteur="Association Roule & Bosse",
        description=(
            "Le garage **répare** des voitures à prix coûtant & prête des véhicules.\n\n"
            "- permis <b>accompagné</b>\n- 60 % en emploi"
        ),
        keywords=[mobility, youth],
    )
    school = f.InitiativeFactory(
        slug="auto-ecole-sociale",
        title="Auto-école sociale",
        region=f.region("occitanie"),
        description="Le permis de conduire pour les jeunes.",
        keywords=[mobility],
    )
    digital = f.InitiativeFactory(
        slug="numerique-pour-tous",
        title="Numérique pour tous",
        region=f.region("bretagne"),
        description="Ateliers numériques.",
    )
    draft = f.InitiativeFactory(
        slug="brouillon-secret", title="Brouillon secret", draft=True, keywords=[mobility]
    )
    return {"garage": garage, "school": school, "digital": digital, "draft": draft}


def parse(response) -> ET.Element:
    """The feed as XML (well-formed, or ParseError), checked for what Atom requires."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - the answer of our own server
    assert root.tag == f"{ATOM}feed"
    assert root.get(XML_LANG) == "fr"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root


def entries(root: ET.Element) -> list[ET.Element]:
    found = root.findall(f"{ATOM}entry")
    for entry in found:
        for required in ("id", "title", "updated", "published", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return found


def titles(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(root)]


def test_catalogue_feed_lists_published_fiches_latest_first(client, fiches):
    root = parse(client.get("/initiatives/flux.atom"))
    # Created in this order: the latest first; the draft is not there.
    assert titles(root) == [
        "Numérique pour tous",
        "Auto-école sociale",
        "Garage solidaire\u00a0: réparer pour l’emploi",
    ]
    assert root.findtext(f"{ATOM}title") == (
        "Cahier des initiatives inclusion\u00a0: toutes les initiatives"
    )
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"{BASE}/initiatives/flux.atom"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{BASE}/initiatives/"


def test_entry_carries_what_a_reader_needs(client, fiches):
    garage = fiches["garage"]
    root = parse(client.get("/initiatives/flux.atom"))
    entry = next(e for e in entries(root) if "Garage" in e.findtext(f"{ATOM}title"))
    assert entry.findtext(f"{ATOM}id") == f"urn:uuid:{garage.uid}"
    assert entry.find(f"{ATOM}link").get("href") == f"{BASE}/initiatives/garage-solidaire/"
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == garage.updated_at
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == garage.published_at
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Association Roule & Bosse"
    assert sorted(c.get("term") for c in entry.findall(f"{ATOM}category")) == [
        "Jeunesse",
        "Mobilité",
    ]
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    # Plain text, escaped once: « & » and « < » come back as typed, no markup, no entity.
    assert summary.text == (
        "Le garage répare des voitures à prix coûtant & prête des véhicules. "
        "permis <b>accompagné</b> 60\u202f% en emploi"
    )
    assert b"&amp;amp;" not in client.get("/initiatives/flux.atom").content


def test_region_feed_has_only_the_region(client, fiches):
    root = parse(client.get("/initiatives/flux.atom?region=bretagne"))
    assert titles(root) == ["Numérique pour tous", "Garage solidaire\u00a0: réparer pour l’emploi"]
    assert root.findtext(f"{ATOM}title") == "Cahier des initiatives inclusion\u00a0: Bretagne"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"{BASE}/initiatives/?region=bretagne"
    )


def test_search_feed_takes_the_parameters_of_the_result_page(client, fiches):
    url = "/initiatives/flux.atom?q=permis&mot_cle=mobilite&region=occitanie,bretagne"
    root = parse(client.get(url))
    assert sorted(titles(root)) == [
        "Auto-école sociale",
        "Garage solidaire\u00a0: réparer pour l’emploi",
    ]
    assert root.findtext(f"{ATOM}title") == (
        "Cahier des initiatives inclusion\u00a0: «\u00a0permis\u00a0» · Occitanie ou Bretagne · "
        "Mobilité"
    )
    # Sort and page of a result page do not change a feed.
    same = parse(client.get(url + "&tri=titre&page=2"))
    assert titles(same) == titles(root)


def test_results_page_offers_the_feed_of_its_search(client, fiches):
    html = client.get("/initiatives/?q=permis&mot_cle=mobilite&tri=titre").content.decode()
    feed = "/initiatives/flux.atom?q=permis&amp;mot_cle=mobilite"
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}">' in html
    assert f'href="{feed}" type="application/atom+xml">S’abonner au flux' in html
    assert parse(client.get(feed.replace("&amp;", "&")))


@pytest.mark.parametrize("url", ["/", "/regions/"])
def test_home_and_regions_announce_the_catalogue_feed(client, fiches, url):
    html = client.get(url).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Les nouvelles initiatives et '
        'leurs mises à jour" href="/initiatives/flux.atom">'
    ) in html


def test_regions_page_announces_each_region_feed(client, fiches):
    html = client.get("/regions/").content.decode()
    assert 'href="/initiatives/flux.atom?region=bretagne"' in html
    assert 'href="/initiatives/flux.atom?region=occitanie"' in html
    # No feed for a region without a fiche.
    assert 'href="/initiatives/flux.atom?region=corse"' not in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "/initiatives/flux.atom?region=atlantide",
            "Valeur inconnue pour le paramètre « region » (région) : « atlantide ».",
        ),
        (
            "/initiatives/flux.atom?annee=deux-mille",
            "Le paramètre « annee » (année) attend une année (nombre entier), pas « deux-mille ».",
        ),
        ("/initiatives/flux.atom?q=" + "x" * 501, "dépasse 500 caractères"),
    ],
)
def test_invalid_parameter_is_a_400_naming_it(client, fiches, url, message):
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Flux impossible" in html
    assert message.replace("'", "&#x27;") in html


def test_feed_follows_edits_and_publication(client, fiches):
    school = fiches["school"]
    edited = services.initiative_update(
        initiative=school,
        data=replace(
            services.InitiativeData.from_initiative(school), title="Auto-école sociale et solidaire"
        ),
        expected_version=school.version,
    )
    root = parse(client.get("/initiatives/flux.atom"))
    first = entries(root)[0]
    assert first.findtext(f"{ATOM}title") == "Auto-école sociale et solidaire"
    assert first.findtext(f"{ATOM}id") == f"urn:uuid:{school.uid}"  # the same entry
    assert datetime.fromisoformat(first.findtext(f"{ATOM}updated")) == edited.updated_at
    assert datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == edited.updated_at

    services.initiative_set_status(initiative=fiches["draft"], status=PublicationStatus.PUBLISHED)
    assert titles(parse(client.get("/initiatives/flux.atom")))[0] == "Brouillon secret"
    services.initiative_set_status(initiative=fiches["draft"], status=PublicationStatus.DRAFT)
    assert "Brouillon secret" not in titles(parse(client.get("/initiatives/flux.atom")))
