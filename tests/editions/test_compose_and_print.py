"""Issue 15, editions and print: the DSFR composer (labels, regions, « Tout cocher », empty
state), the contact labels of the PDF, the size of the edition's PDF, the one-page fiche PDF
with its address and date."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cahier.catalogue.enums import ContactRole
from cahier.editions import services
from cahier.editions.pdf import edition_pdf_cached, initiative_pdf
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory
from tests.editions.pdftext import pdf_pages

HOLDER_EMAIL = "direction@horizon.example"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_the_new_edition_form_is_dsfr_with_french_labels_and_a_breadcrumb(curator_client):
    html = curator_client.get(reverse("editions:create")).content.decode()
    assert "Identifiant :" not in html and "Année :" not in html
    assert re.search(r'<label [^>]*class="fr-label"[^>]*>\s*Identifiant de l’édition', html)
    assert re.search(r'<input [^>]*class="fr-input"[^>]*name="slug"', html) or re.search(
        r'<input [^>]*name="slug"[^>]*class="fr-input"', html
    )
    assert "Sous-titre (facultatif)" in html
    # Breadcrumb: Accueil › Curation › Éditions du cahier › Nouvelle édition.
    breadcrumb = html.split('class="fr-breadcrumb__list"')[1].split("</ol>")[0]
    assert 'href="/curation/"' in breadcrumb and 'href="/editions/"' in breadcrumb
    assert "Nouvelle édition" in breadcrumb


def test_the_composer_groups_fiches_by_region_with_tick_all_buttons(curator_client):
    edition = services.edition_create(slug="cahier-2027", year=2027, title="Le cahier")
    f.InitiativeFactory(title="Zêta", region=f.region("bretagne"))
    f.InitiativeFactory(title="Alpha", region=f.region("bretagne"))
    f.InitiativeFactory(title="Lyon", region=f.region("auvergne-rhone-alpes"))
    html = curator_client.get(reverse("editions:compose", args=[edition.slug])).content.decode()
    assert "Identifiant :" not in html and 'class="fr-input' in html
    # One fieldset per region, in the official order, each with its « Tout cocher ».
    legends = re.findall(r'<legend class="fr-fieldset__legend" id="region-[^"]+">([^<]+)', html)
    assert [legend.strip() for legend in legends] == ["Auvergne-Rhône-Alpes", "Bretagne"]
    assert 'name="tout_cocher" value="bretagne"' in html
    assert 'name="tout_cocher" value="*"' in html and 'name="tout_decocher" value="*"' in html
    assert html.count('class="fr-checkbox-group fr-checkbox-group--sm"') == 3
    assert html.index("Alpha") < html.index("Zêta")
    # The filter (JavaScript) and its live count.
    assert 'id="filtre-fiches"' in html and 'role="status" data-compose-count' in html
    assert "3&nbsp;fiches publiées, 0&nbsp;cochée." in html
    # Back to the curation.
    assert 'href="/curation/"' in html and "compose.js" in html


def test_tick_all_works_without_javascript_and_saves_nothing(curator_client):
    edition = services.edition_create(slug="cahier-2027", year=2027, title="Le cahier")
    breton = f.InitiativeFactory(title="Alpha", region=f.region("bretagne"))
    lyon = f.InitiativeFactory(title="Lyon", region=f.region("auvergne-rhone-alpes"))
    url = reverse("editions:compose", args=[edition.slug])
    data = {
        "edition-year": "2027",
        "edition-title": "Le cahier 2027 retouché",
        "compose-initiatives": [str(lyon.pk)],
        "tout_cocher": "bretagne",
    }
    html = curator_client.post(url, data).content.decode()
    assert re.search(rf'value="{breton.pk}" checked', html)
    assert re.search(rf'value="{lyon.pk}" checked', html)  # kept as posted
    assert "Le cahier 2027 retouché" in html  # the typed edition fields are kept
    assert "Rien n’est enregistré" in html
    assert edition.entries.count() == 0
    del data["tout_cocher"]
    html = curator_client.post(url, {**data, "tout_decocher": "*"}).content.decode()
    assert "checked" not in html.split('id="fiches-titre"')[1].split("</form>")[0]


def test_the_empty_states_say_what_to_do(curator_client):
    edition = services.edition_create(slug="cahier-2027", year=2027, title="Le cahier")
    html = curator_client.get(reverse("editions:compose", args=[edition.slug])).content.decode()
    assert "<li>Aucune fiche.</li>" not in html and "Aucune fiche." not in html
    assert "Aucune fiche publiée pour le moment" in html
    assert "Cette édition n’a encore aucune fiche numérotée" in html
    f.InitiativeFactory(title="Alpha", region=f.region("bretagne"))
    html = curator_client.get(reverse("editions:compose", args=[edition.slug])).content.decode()
    assert "Cette édition n’a encore aucune fiche numérotée" in html
    assert "cochez ses fiches ci-dessus" in html


def _pdf_text(data: bytes) -> str:
    return _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_the_pdf_labels_a_holder_email_as_the_holder_not_as_a_direccte_referent(db):
    # A 2027 fiche: the holder typed their own address where 2019 put the DIRECCTE's.
    fiche = f.InitiativeFactory(
        title="Garage solidaire",
        contacts=[
            {
                "role": ContactRole.HOLDER,
                "organisation": "Association Horizon",
                "service": "Direction",
                "email": HOLDER_EMAIL,
                "phone": "",
                "public": True,
            }
        ],
        referent_emails=[HOLDER_EMAIL, "autre@garage.example", "bretag.direction@direccte.gouv.fr"],
    )
    text = _pdf_text(initiative_pdf(fiche))
    assert f"Porteur du projet : Association Horizon, Direction, {HOLDER_EMAIL}" in text
    assert "Contact : autre@garage.example" in text
    assert (
        "Référent DIRECCTE : bretag.direction@direccte.gouv.fr "
        "(adresse de 2019, service devenu DREETS)" in text
    )
    assert f"Référent DIRECCTE : {HOLDER_EMAIL}" not in text
    assert text.count(HOLDER_EMAIL) == 1
    # The same rule on the fiche's page.
    from django.test import Client

    page = _flat(re.sub(r"<[^>]+>", " ", Client().get(fiche.get_absolute_url()).content.decode()))
    assert f"Porteur du projet Association Horizon, Direction {HOLDER_EMAIL}" in page
    assert "Contact autre@garage.example" in page
    # And in an edition in preparation (the « 2027 PDF »).
    edition = EditionFactory(slug="cahier-2027", year=2027, initiatives=[fiche])
    from cahier.editions.pdf import edition_pdf

    edition_text = _pdf_text(edition_pdf(edition))
    assert f"Porteur du projet : Association Horizon, Direction, {HOLDER_EMAIL}" in edition_text
    assert f"Référent DIRECCTE : {HOLDER_EMAIL}" not in edition_text


def test_the_edition_pdf_link_shows_its_size_once_built(client, sample_edition, media):
    # Not built yet: the link says it will be prepared (the « en préparation » page).
    html = client.get(reverse("editions:list")).content.decode()
    assert "PDF – préparé à la demande, en moins d’une minute" in html
    path = edition_pdf_cached(sample_edition)
    size = path.stat().st_size
    expected = (
        f"{size / 1_000_000:.1f}\u00a0Mo".replace(".", ",")
        if size >= 1_000_000
        else f"{round(size / 1000)}\u00a0Ko"
    )
    for url in (reverse("editions:list"), reverse("editions:detail", args=[sample_edition.slug])):
        html = client.get(url).content.decode()
        assert f"PDF – {expected}" in html, url


def test_a_short_fiche_pdf_is_one_page_with_its_address_and_date(db, settings):
    settings.CAHIER_BASE_URL = "https://cahier.example.gouv.fr"
    fiche = f.InitiativeFactory(
        slug="maconnes",
        title="Profession Maçonnes finisseuses",
        partners=["Pôle emploi", "Randstad travail temporaire", "SOGEA", "FAFTT", "CFA-BTP"],
    )
    pages = pdf_pages(initiative_pdf(fiche))
    assert len(pages) == 1
    [page] = pages
    label = page.index("Partenariats mobilisés")
    assert label < page.index("FAFTT")
    text = _flat(page)
    assert "https://cahier.example.gouv.fr/initiatives/maconnes/" in text
    assert re.search(r"fiche mise à jour le \d{1,2}(er)? \w+ \d{4}", text)
