"""The public pages, through the Django test client."""

import pytest
from django.core.cache import cache

from cahier.catalogue.enums import ProvenanceStatus, PublicationStatus
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory, edition_publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Each test rolls the database back: ids come again, cached « initiatives proches » must not.
    cache.clear()
    yield


@pytest.fixture
def catalogue():
    edition = EditionFactory(
        slug="2019",
        title="Cahier 2019",
        edito="Premier paragraphe.\n\nSecond paragraphe.",
        edito_signature="La déléguée générale",
    )
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    digital = f.KeywordFactory(label="Numérique", slug="numerique")
    youth = f.PublicTypeFactory(label="Jeunes", slug="jeunes")
    fse = f.FundingFactory(label="FSE", slug="fse")
    f.GlossaryTermFactory(acronym="PLIE", definition="Plan local pour l'insertion et l'emploi")
    f.GlossaryTermFactory(acronym="MDE(F)", definition="Maison de l'emploi (et de la formation)")
    garage = f.InitiativeFactory(
        slug="garage-solidaire",
        title="Garage solidaire",
        region=f.region("bretagne"),
        description="Le PLIE répare des voitures.\n\n- prêt de véhicules\n- conseil MDEF",
        results="Des résultats.\n\n- 40 personnes",
        partners=["Conseil départemental", "PLIE du pays"],
        links=["https://garage.example.org/"],
        referent_emails=["contact@garage.example.org"],
        event=f.EventFactory(kind="Trophées FSE", year=2019),
        provenance_status=ProvenanceStatus.SELECTED,
        provenance_category="Mobilité",
        keywords=[mobility],
        publics=[youth],
        fundings=[fse],
        edition=(edition, 7),
    )
    neighbour = f.InitiativeFactory(
        slug="auto-ecole-sociale",
        title="Auto-école sociale",
        region=f.region("occitanie"),
        description="Permis de conduire pour les jeunes.",
        keywords=[mobility],
        publics=[youth],
        edition=(edition, 8),
    )
    other = f.InitiativeFactory(
        slug="numerique-pour-tous",
        title="Numérique pour tous",
        region=f.region("la-reunion"),
        description="Ateliers numériques.",
        keywords=[digital],
        edition=(edition, 9),
    )
    draft = f.InitiativeFactory(
        slug="brouillon", title="Brouillon secret", status=PublicationStatus.DRAFT
    )
    # Stored before links were limited to addresses (the services now refuse it).
    type(garage).objects.filter(pk=garage.pk).update(
        links=["https://garage.example.org/", "voir le site de la mairie"]
    )
    edition_publish(edition)
    return {"garage": garage, "neighbour": neighbour, "other": other, "draft": draft}


@pytest.mark.parametrize(
    "url",
    ["/", "/initiatives/", "/regions/", "/reperes/", "/glossaire/", "/a-propos/"],
)
def test_every_page_answers(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Cahier des initiatives inclusion" in response.content.decode()


def test_home_shows_measured_key_figures_and_entry_points(client, catalogue):
    html = client.get("/").content.decode()
    assert '<span class="cahier-figure__number">3</span> initiatives' in html
    assert '<span class="cahier-figure__number">3</span> régions' in html
    assert "/initiatives/?region=bretagne" in html
    assert "/initiatives/?mot_cle=mobilite" in html
    assert "/initiatives/?public=jeunes" in html


def test_fiche_shows_every_field(client, catalogue):
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    assert "<h1" in html and "Garage solidaire" in html
    assert "Fiche n° 7" in html
    assert "Trophées FSE 2019 · retenu · Mobilité" in html
    assert "Bretagne" in html and "Pays de Rennes" in html
    assert "<li>prêt de véhicules</li>" in html
    assert "Partenariat local fort" in html  # valeur ajoutée
    assert "Conseil départemental" in html
    assert "Demandeurs d’emploi de longue durée" in html
    assert "40 personnes" in html
    assert '<a href="https://garage.example.org/" rel="noopener external" target="_blank"' in html
    # A link that is not a URL stays text.
    assert "voir le site de la mairie" in html
    assert 'href="voir le site' not in html
    assert 'href="mailto:contact@garage.example.org"' in html
    assert 'href="/initiatives/?mot_cle=mobilite"' in html
    assert 'href="/initiatives/?public=jeunes"' in html
    assert 'href="/initiatives/?financement=fse"' in html
    assert 'media="print"' in html


def test_fiche_wraps_acronyms_in_abbr_linking_to_the_glossary(client, catalogue):
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    assert (
        '<a class="sigle" href="/glossaire/#PLIE"><abbr title="Plan local pour '
        'l’insertion et l’emploi">PLIE</abbr></a> répare' in html
    )
    # A variant of « MDE(F) » points at its glossary entry.
    assert '<a class="sigle" href="/glossaire/#MDEF"><abbr title="Maison de' in html
    glossary = client.get("/glossaire/").content.decode()
    assert 'id="PLIE"' in glossary and 'id="MDEF"' in glossary


def test_hostile_text_is_escaped_before_acronyms_are_wrapped(client, catalogue):
    f.GlossaryTermFactory(acronym="AMP", definition="<b>x</b>")
    f.InitiativeFactory(
        slug="hostile",
        title="<script>alert(1)</script>",
        description='Le PLIE <img src=x onerror=alert(1)> &amp; "AMP"',
        partners=["<b>gras</b>"],
        referent_emails=["x@y.org?subject=<script>"],
    )
    # Stored before links were limited to http(s) and mailto (the services now refuse it).
    type(catalogue["garage"]).objects.filter(slug="hostile").update(links=["javascript:alert(1)"])
    html = client.get("/initiatives/hostile/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>gras</b>" not in html
    assert 'href="javascript:' not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # the definition, escaped in the title attribute
    # « amp » inside the escaped entity &amp;amp; is not an acronym.
    assert "&amp;<a" not in html


def test_unpublished_fiche_is_not_found(client, catalogue):
    response = client.get("/initiatives/brouillon/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


@pytest.mark.postgres
def test_similar_initiatives_share_keywords_or_publics(client, catalogue):
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    similar = html.split('id="similaires"')[1]
    assert "Auto-école sociale" in similar
    assert "Numérique pour tous" not in similar


@pytest.mark.postgres
def test_search_filters_live_in_the_url_and_tags_remove_themselves(client, catalogue):
    html = client.get("/initiatives/?region=bretagne&mot_cle=mobilite").content.decode()
    assert "1 initiative" in html
    assert "Garage solidaire" in html and "Auto-école sociale" not in html
    assert 'name="region" value="bretagne" id="f-region-bretagne" checked' in html
    # Removing the region keeps the keyword.
    assert 'href="/initiatives/?mot_cle=mobilite"><span class="fr-sr-only">Retirer' in html
    assert 'href="/initiatives/?region=bretagne"><span class="fr-sr-only">Retirer' in html
    assert 'href="/api/v1/initiatives?region=bretagne&amp;keyword=mobilite"' in html
    # The JSON twin answers with the same results.
    data = client.get("/api/v1/initiatives?region=bretagne&keyword=mobilite").json()
    assert [r["slug"] for r in data["results"]] == ["garage-solidaire"]


def test_search_counts_facets_and_highlights(client, catalogue):
    html = client.get("/initiatives/?q=permis").content.decode()
    assert "1 initiative pour «&nbsp;permis&nbsp;»" in html
    assert "<mark>" in html and "ermis</mark>" in html
    assert 'Occitanie <span class="cahier-count">(1)</span>' in html


def test_search_without_result_offers_suggestions(client, catalogue):
    html = client.get("/initiatives/?q=zzzzzz&region=corse").content.decode()
    assert "Aucune initiative ne correspond" in html
    assert "Retirer tous les filtres" in html
    assert 'href="/reperes/"' in html


def test_search_sorts_and_paginates(client, catalogue):
    html = client.get("/initiatives/?tri=titre").content.decode()
    titles = ["Auto-école sociale", "Garage solidaire", "Numérique pour tous"]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    for n in range(25):
        f.InitiativeFactory(slug=f"extra-{n}", title=f"Extra {n:02d}")
    page2 = client.get("/initiatives/?tri=titre&page=2").content.decode()
    assert 'aria-current="page">2</a>' in page2
    assert 'href="/initiatives/?tri=titre"' in page2  # first page, without page=1


def test_regions_map_links_each_region_with_its_count(client, catalogue):
    html = client.get("/regions/").content.decode()
    assert 'aria-label="Bretagne : 1 initiative"' in html
    assert 'href="/regions/bretagne/"' in html
    assert 'aria-label="Corse : aucune initiative"' in html
    # Overseas regions are tiles named by their text (tests/www/test_region_map.py).
    assert 'href="/regions/la-reunion/" class="cahier-map__region cahier-map__tile"' in html


def test_reperes_lists_counts_and_fiche_numbers(client, catalogue):
    html = client.get("/reperes/").content.decode()
    row = html.split('id="mot_cle-mobilite"')[1].split("</tr>")[0]
    assert "<td>2</td>" in row
    assert "Fiche </span>7<" in row and "Fiche </span>8<" in row
    assert 'href="/initiatives/?financement=fse"' in html


def test_about_shows_the_edito_and_how_the_catalogue_is_made(client, catalogue):
    html = client.get("/a-propos/").content.decode()
    assert "<p>Premier paragraphe.</p><p>Second paragraphe.</p>" in html
    assert "La déléguée générale" in html
    assert 'href="/api/v1/"' in html


def test_server_error_page_needs_no_database(client, catalogue, django_assert_num_queries):
    from django.test import RequestFactory

    from cahier.www.views.errors import server_error

    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/initiatives/?q=emploi", "/initiatives/garage-solidaire/"])
def test_every_static_file_a_page_references_exists(client, catalogue, url):
    """collectstatic (WhiteNoise's manifest storage) fails on a missing file; find it here."""
    import re

    from django.contrib.staticfiles import finders

    html = client.get(url).content.decode()
    paths = set(re.findall(r'(?:href|src)="/static/([^"?#]+)"', html))
    assert any(path.endswith("dsfr.min.css") for path in paths)
    missing = [path for path in paths if finders.find(path) is None]
    assert missing == []


def test_long_facets_hide_their_tail_behind_show_more(client, catalogue):
    for n in range(10):
        keyword = f.KeywordFactory(label=f"Thème {n:02d}", slug=f"theme-{n:02d}")
        f.InitiativeFactory(slug=f"theme-fiche-{n}", title=f"Fiche {n}", keywords=[keyword])
    html = client.get("/initiatives/?mot_cle=theme-09").content.decode()
    keyword_facet = html.split('id="filtre-mot_cle"')[1].split("</fieldset>")[0]
    assert "Afficher plus" in keyword_facet
    shown = keyword_facet.split("<details")[0]
    # The ticked value stays in sight even if it would sort into the hidden tail.
    assert 'value="theme-09" id="f-mot_cle-theme-09" checked' in shown


def test_fiche_title_and_glossary_definitions_get_the_french_typography(client, catalogue):
    f.GlossaryTermFactory(acronym="QPV", definition="Quartiers prioritaires : la politique")
    f.InitiativeFactory(slug="titre", title="Coordination garde d'enfants : Loustic Services")
    html = client.get("/initiatives/titre/").content.decode()
    assert '<h1 id="titre-fiche">Coordination garde d’enfants\u00a0: Loustic Services</h1>' in html
    glossary = client.get("/glossaire/").content.decode()
    assert "<dd>Quartiers prioritaires\u00a0: la politique</dd>" in glossary
    # The same title, the same typography, in the results (before: a plain space there).
    results = client.get("/initiatives/?q=Loustic").content.decode()
    assert ">Coordination garde d’enfants\u00a0: Loustic Services</a></h3>" in results


def test_fiche_links_its_pdf_and_describes_itself_in_json_ld(client, catalogue):
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    assert 'href="/initiatives/garage-solidaire/fiche.pdf"' in html
    assert '<script type="application/ld+json">' in html
    assert '"name": "Garage solidaire"' in html


def test_results_offer_exports_with_the_same_filters(client, catalogue):
    html = client.get("/initiatives/?q=voitures&region=bretagne&mot_cle=mobilite").content.decode()
    query = "q=voitures&amp;region=bretagne&amp;keyword=mobilite"
    for route in ("initiatives.csv", "initiatives-tableur.csv", "initiatives.xlsx"):
        assert f"/api/v1/exports/{route}?{query}" in html
    assert ">Tableur (CSV France)</a>" in html
    # One JSON link a person sees: the export (every fiche found, complete records); the
    # search API's page is only announced to programs in the head.
    body = html.split("<body", 1)[1]
    assert body.count("JSON") == 1 and f"/api/v1/exports/initiatives.json?{query}" in body
    assert "/api/v1/initiatives?" not in body
    assert '<link rel="alternate" type="application/json" href="/api/v1/initiatives?' in html


def test_header_offers_log_in_and_the_editions(client, catalogue):
    html = client.get("/").content.decode()
    assert 'href="/connexion/"' in html
    assert 'href="/editions/"' in html
