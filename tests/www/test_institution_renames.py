"""Institutions that changed names, as a reader notices them: the fiche says « DIRECCTE
(aujourd’hui DREETS) » once, the glossary marks the old acronym, the search finds one name by
the other; a curator's edit shows on the next page and the next query. The stored text is
never rewritten."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from cahier.catalogue.models import Initiative, InstitutionChange
from cahier.contributions import calls
from cahier.editions.pdf import initiative_pdf
from tests.catalogue.factories import GlossaryTermFactory, InitiativeFactory
from tests.contributions.factories import UserFactory
from tests.search.helpers import titles

pytestmark = pytest.mark.django_db

DESCRIPTION = "Un atelier financé par la DIRECCTE.\n\nLa DIRECCTE réunit le comité."


@pytest.fixture
def fiche():
    return InitiativeFactory(
        title="Atelier emploi",
        slug="atelier-emploi",
        description=DESCRIPTION,
        partners=["Pôle emploi", "Mission locale"],
        results="Pôle emploi a orienté 40 personnes.",
    )


def test_the_fiche_page_explains_the_first_mention_only(client, fiche):
    page = client.get(f"/initiatives/{fiche.slug}/").content.decode()
    assert page.count('(aujourd’hui <a class="sigle" href="/glossaire/#DREETS">') == 1
    assert page.count("(aujourd’hui France Travail)") == 1
    assert 'title="Depuis le 1er\u00a0janvier 2024\u00a0: France Travail"' in page
    # Nothing is rewritten: the stored text is the 2019 text.
    assert Initiative.objects.get(pk=fiche.pk).description == DESCRIPTION


def test_the_fiche_pdf_prints_the_new_name_once(fiche):
    text = PdfReader(io.BytesIO(initiative_pdf(fiche))).pages[0].extract_text()
    text = " ".join(text.replace("\u00a0", " ").split())
    assert text.count("(aujourd’hui DREETS)") == 1
    assert text.count("aujourd’hui France Travail") == 1


def test_the_glossary_marks_old_acronyms_and_links_them_to_the_new_ones(client):
    GlossaryTermFactory(acronym="DIRECCTE", definition="Direction régionale des entreprises…")
    page = client.get("/glossaire/").content.decode()
    entry = page[page.index('id="DIRECCTE"') :]
    entry = entry[: entry.index("</div>")]
    assert '<span class="fr-badge fr-badge--sm">ancien nom</span>' in entry
    assert 'Aujourd’hui <a href="#DREETS">DREETS</a>, depuis le 1er\u00a0avril 2021.' in entry
    new = page[page.index('id="DREETS"') :]
    assert 'Anciennement <a href="#DIRECCTE">DIRECCTE</a>' in new[: new.index("</div>")]
    assert "Institutions qui ont changé de nom" in page and "France Travail" in page


@pytest.mark.postgres
def test_search_finds_old_names_by_new_ones_and_back():
    InitiativeFactory(title="Avec la Direccte", description="Soutenu par la Direccte.")
    InitiativeFactory(title="Avec la DREETS", description="Soutenu par la DREETS Bretagne.")
    InitiativeFactory(title="Avec Pôle emploi", description="Orientés par Pôle emploi.")
    InitiativeFactory(
        title="Avec France Travail", description="Orientés par France Travail.", partners=[]
    )
    InitiativeFactory(title="Autre", description="Un atelier de cuisine.", partners=[])
    assert set(titles("DREETS")) == {"Avec la Direccte", "Avec la DREETS"}
    assert set(titles("DIRECCTE")) == {"Avec la Direccte", "Avec la DREETS"}
    found = set(titles("France Travail"))
    assert {"Avec Pôle emploi", "Avec France Travail"} <= found and "Autre" not in found
    assert {"Avec Pôle emploi", "Avec France Travail"} <= set(titles("pôle emploi"))


@pytest.mark.postgres
def test_a_curators_edit_shows_on_the_next_page_and_query(client):
    fiche = InitiativeFactory(
        title="Bureau d'aide",
        slug="bureau-d-aide",
        description="Porté avec l'ANPE de Brest.",
        partners=[],
        referent_emails=[],
    )
    InitiativeFactory(title="Autre", description="Un atelier de cuisine.", partners=[])
    url = f"/initiatives/{fiche.slug}/"
    assert "aujourd’hui" not in client.get(url).content.decode()
    assert "Bureau d'aide" not in titles("Office cantonal")
    curator = UserFactory(curator=True)
    change = calls.institution_change_save(
        actor=curator,
        old_acronym="ANPE",
        new_name="Office cantonal",
        changed_on=date(2008, 12, 19),
    )
    assert "(aujourd’hui Office cantonal)" in client.get(url).content.decode()
    assert titles("Office cantonal")[:1] == ["Bureau d'aide"]
    calls.institution_change_save(
        actor=curator,
        change=change,
        old_acronym="ANPE",
        new_name="Guichet communal",
        changed_on=date(2008, 12, 19),
    )
    page = client.get(url).content.decode()
    assert "(aujourd’hui Guichet communal)" in page and "Office cantonal" not in page
    assert titles("Guichet communal")[:1] == ["Bureau d'aide"]
    assert "Bureau d'aide" not in titles("Office cantonal")
    calls.institution_change_delete(actor=curator, change=change)
    assert "aujourd’hui" not in client.get(url).content.decode()
    assert "Bureau d'aide" not in titles("Guichet communal")
    assert not InstitutionChange.objects.filter(old_acronym="ANPE").exists()


def test_what_curators_type_in_the_table_is_shown_as_text(client):
    InitiativeFactory(
        title="Atelier", slug="atelier", description="Avec l'ANPE.", partners=[], referent_emails=[]
    )
    calls.institution_change_save(
        actor=UserFactory(curator=True),
        old_acronym="ANPE",
        new_name='<img src=x onerror="alert(1)">',
        changed_on=date(2008, 12, 19),
    )
    for url in ("/initiatives/atelier/", "/glossaire/"):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page, url
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page, url
