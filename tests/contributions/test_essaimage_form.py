"""The essaimage steps of the proposal as a contributor uses them: « Résultats en chiffres »
(indicators) and « Pour essaimer » (life of the project, transfer kit, origin, contacts), with
and without « Ajouter une ligne », uploaded PDFs, errors on the right field."""

import re

import pytest

from cahier.catalogue.enums import ContactRole, FunderType, Openness, ProjectStatus
from cahier.catalogue.enums import PublicationStatus as S
from cahier.contributions import services
from cahier.contributions.models import AuditLogEntry, Revision
from tests.catalogue.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _url(proposal, step):
    return f"/mes-initiatives/{proposal.pk}/etape/{step}/"


def _kit(proposal, **extra):
    proposal.refresh_from_db()
    data = {"version": proposal.version, "funders-rows": 0, "resources-rows": 0, "contacts-rows": 0}
    data.update(extra)
    return data


def _group(html: str, name: str) -> str:
    """The fieldset of a repeatable group, as the page shows it."""
    start = html.index(f'id="records-{name}"')
    return html[start : html.index("</fieldset>\n", html.index("data-records-template", start))]


def test_kit_step_saves_every_field_with_a_revision(client, contributor, proposal):
    origin = InitiativeFactory(title="Garage solidaire de Brest")
    client.force_login(contributor)
    page = client.get(_url(proposal, 6)).content.decode()
    assert "Pour essaimer" in page and "Conditions de réussite (facultatif)" in page
    assert "Ce sans quoi le projet n’aurait pas marché" in page  # the model's help text
    assert "Moins de 10\u202f000\u00a0€" in page and "Non précisé" in page
    response = client.post(
        _url(proposal, 6),
        _kit(
            proposal,
            project_status=ProjectStatus.ONGOING,
            started_year="2017",
            success_conditions="Un portage politique fort.",
            pitfalls="Le turn-over des bénévoles.",
            budget="10000-50000",
            **{
                "funders-rows": 2,
                "funders-0-name": "Région Bretagne",
                "funders-0-type": FunderType.REGION,
                "funders-1-name": "FSE+",
                "funders-1-type": FunderType.ESF,
            },
            staff_fte="1,5",
            setup_months="6",
            **{
                "resources-rows": 1,
                "resources-0-title": "Guide",
                "resources-0-url": "https://example.org/guide.pdf",
            },
            openness=Openness.WITH_SUPPORT,
            offers=["visite", "documents"],
            lineage="fiche",
            replication_of=origin.pk,
            adaptations="Atelier mobile au lieu d'un garage fixe.",
            **{
                "contacts-rows": 1,
                "contacts-0-organisation": "Roue Libre",
                "contacts-0-service": "Direction",
                "contacts-0-email": "Contact@Example.org",
                "contacts-0-public": "1",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == f"/mes-initiatives/{proposal.pk}/apercu/"
    proposal.refresh_from_db()
    assert proposal.project_status == ProjectStatus.ONGOING and proposal.started_year == 2017
    assert (proposal.budget_min, proposal.budget_max) == (10_000, 50_000)
    assert proposal.funders == [
        {"name": "Région Bretagne", "type": "region"},
        {"name": "FSE+", "type": "fse"},
    ]
    assert proposal.staff_fte == 1.5 and proposal.setup_months == 6
    assert proposal.resources == [{"title": "Guide", "url": "https://example.org/guide.pdf"}]
    assert proposal.offers == ["visite", "documents"]
    assert proposal.replication_of == origin
    assert proposal.contacts[0]["email"] == "contact@example.org"
    assert proposal.contacts[0]["public"] is True
    revision = Revision.objects.filter(initiative=proposal).latest("id")
    assert revision.comment == "Étape 6 : pour essaimer"
    assert revision.data["funders"][1]["name"] == "FSE+"
    assert AuditLogEntry.objects.filter(initiative=proposal, reason=revision.comment).exists()
    # The form comes back with what was saved, the origin chosen.
    page = client.get(_url(proposal, 6)).content.decode()
    assert 'value="Région Bretagne"' in page and 'value="1,5"' in page
    assert re.search(rf'<option value="{origin.pk}" selected>', page)


def test_outcome_errors_appear_on_the_indicators_and_nothing_is_lost(client, contributor, proposal):
    client.force_login(contributor)
    version = proposal.version
    response = client.post(
        _url(proposal, 5),
        {
            "version": version,
            "outcomes-rows": 2,
            "outcomes-0-indicator": "Personnes en emploi",
            "outcomes-0-value": "59",
            "outcomes-0-unit": "%",
            "outcomes-1-indicator": "Sorties positives",
            "outcomes-1-value": "beaucoup",
            "outcomes-1-period_start": "2018",
            "outcomes-1-period_end": "2017",
        },
    )
    assert response.status_code == 200
    group = _group(response.content.decode(), "outcomes")
    assert "Indicateur 2 : la valeur « beaucoup » n’est pas un nombre." in group
    assert "Indicateur 2 : la période finit avant de commencer." in group
    assert 'value="beaucoup"' in group and 'value="Personnes en emploi"' in group
    proposal.refresh_from_db()
    assert proposal.version == version and proposal.outcomes == []


def test_outcomes_step_saves_french_numbers(client, contributor, proposal):
    client.force_login(contributor)
    response = client.post(
        _url(proposal, 5),
        {
            "version": proposal.version,
            "outcomes-rows": 1,
            "outcomes-0-indicator": "Déplacements",
            "outcomes-0-value": "1 820",
            "outcomes-0-period_start": "2017",
            "outcomes-0-source": "déclaratif",
        },
    )
    assert response.status_code == 302
    assert response.url == _url(proposal, 6)
    proposal.refresh_from_db()
    assert proposal.outcomes[0]["value"] == 1820
    assert proposal.outcomes[0]["source"] == "déclaratif"
    page = client.get(_url(proposal, 5)).content.decode()
    assert 'value="1\u202f820"' in page


def test_add_a_row_without_javascript(client, contributor, proposal):
    client.force_login(contributor)
    page = client.get(_url(proposal, 6)).content.decode()
    assert 'name="funders-rows" value="1"' in page  # one empty row to start with
    data = _kit(
        proposal, **{"funders-rows": 1, "funders-0-name": "Région", "funders-0-type": "region"}
    )
    response = client.post(_url(proposal, 6), {**data, "add_row": "funders"})
    assert response.status_code == 302
    assert response.url == f"{_url(proposal, 6)}?ajouter=funders#records-funders"
    proposal.refresh_from_db()
    assert proposal.funders == [{"name": "Région", "type": "region"}]  # saved on the way
    group = _group(client.get(response.url).content.decode(), "funders")
    assert 'name="funders-rows" value="3"' in group  # the funder, the empty row, the new one
    assert 'name="funders-2-name"' in group
    # With an error elsewhere, the page comes back with the typed rows and one more.
    data = _kit(
        proposal,
        started_year="deux mille",
        **{"funders-rows": 2, "funders-0-name": "Région", "funders-1-name": "Ville"},
    )
    response = client.post(_url(proposal, 6), {**data, "add_row": "funders"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez une année, par exemple 2017." in html
    group = _group(html, "funders")
    assert 'value="Ville"' in group and 'name="funders-2-name"' in group


def test_referent_contacts_and_unlisted_budgets_are_kept(client, contributor, proposal):
    referent = {
        "role": ContactRole.REFERENT,
        "organisation": "DREETS Bretagne",
        "service": "Pôle 3E",
        "email": "dreets@example.org",
        "phone": "",
        "public": True,
    }
    data = services.InitiativeData.from_initiative(proposal)
    data.contacts, data.budget_min, data.budget_max = [referent], 12_000, 40_000
    proposal = services.initiative_save(
        initiative=proposal, data=data, actor=contributor, expected_version=proposal.version
    )
    client.force_login(contributor)
    page = client.get(_url(proposal, 6)).content.decode()
    assert "DREETS Bretagne" not in _group(page, "contacts")  # not the contributor's to edit
    assert "De 12\u202f000\u00a0€ à 40\u202f000\u00a0€ (saisi ailleurs)" in page
    response = client.post(
        _url(proposal, 6),
        _kit(
            proposal,
            budget="12000-40000",
            **{"contacts-rows": 1, "contacts-0-organisation": "Roue Libre"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert (proposal.budget_min, proposal.budget_max) == (12_000, 40_000)
    assert [c["organisation"] for c in proposal.contacts] == ["Roue Libre", "DREETS Bretagne"]


def test_lineage_choices_are_checked(client, contributor, proposal):
    client.force_login(contributor)
    response = client.post(_url(proposal, 6), _kit(proposal, lineage="fiche"))
    assert "Choisissez la fiche d’origine." in response.content.decode()
    response = client.post(_url(proposal, 6), _kit(proposal, lineage="outside"))
    assert "Donnez le nom du projet d’origine." in response.content.decode()
    response = client.post(
        _url(proposal, 6),
        _kit(proposal, lineage="outside", origin_name="Wimoov", origin_url="pas un lien"),
    )
    assert "n’est pas une adresse web" in response.content.decode()
    response = client.post(
        _url(proposal, 6),
        _kit(
            proposal,
            lineage="outside",
            origin_name="Wimoov",
            origin_url="https://www.wimoov.org",
            adaptations="En milieu rural.",
        ),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.origin_name, proposal.replication_of) == ("Wimoov", None)
    # Back to « projet original »: the origin and the adaptations go.
    client.post(_url(proposal, 6), _kit(proposal, lineage=""))
    proposal.refresh_from_db()
    assert (proposal.origin_name, proposal.origin_url, proposal.adaptations) == ("", "", "")


def test_drafts_and_the_fiche_itself_are_no_origin(client, contributor, proposal):
    draft = InitiativeFactory(title="Garage brouillon", status=S.DRAFT)
    client.force_login(contributor)
    page = client.get(_url(proposal, 6)).content.decode()
    assert "Garage brouillon" not in page
    response = client.post(
        _url(proposal, 6), _kit(proposal, lineage="fiche", replication_of=draft.pk)
    )
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_origin_search_as_you_type(client, contributor, proposal):
    InitiativeFactory(title="Mobilité solidaire en Côte-d'Or")
    InitiativeFactory(title="Garage à l'arrêt", status=S.DRAFT)
    url = "/mes-initiatives/origines/"
    assert client.get(f"{url}?q=mobilite").status_code == 302  # signed in only
    client.force_login(contributor)
    found = client.get(f"{url}?q=MOBILITE cote").json()["results"]
    assert [r["title"] for r in found] == ["Mobilité solidaire en Côte-d'Or"]
    assert client.get(f"{url}?q=garage").json()["results"] == []  # drafts are no origin
    assert client.get(f"{url}?q=").json()["results"] == []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, proposal, content: bytes, name="guide.pdf", title="Guide du projet"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        _url(proposal, 6),
        _kit(
            proposal,
            **{
                "resources-rows": 1,
                "resources-0-title": title,
                "resources-0-file": SimpleUploadedFile(name, content, "application/pdf"),
            },
        ),
    )


def test_a_pdf_resource_is_stored_under_a_generated_name_and_served(
    client, contributor, proposal, media
):
    client.force_login(contributor)
    response = _upload(client, proposal, PDF, name="../../etc/passwd.pdf")
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    [resource] = proposal.resources
    assert resource["title"] == "Guide du projet"
    assert re.fullmatch(r"/media/ressources/[A-Za-z0-9_-]{24}\.pdf", resource["url"])
    stored = list((media / "ressources").iterdir())
    assert [p.name for p in stored] == [resource["url"].rsplit("/", 1)[1]]
    served = client.get(resource["url"])
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF
    assert served["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/ressources/..%2Fsecret.pdf").status_code == 404
    assert client.get("/media/ressources/inconnu-inconnu-inconnu.pdf").status_code == 404


def test_a_file_that_is_no_pdf_or_too_big_is_refused(
    client, contributor, proposal, media, monkeypatch
):
    from cahier.core import limits

    client.force_login(contributor)
    version = proposal.version
    response = _upload(client, proposal, b"MZ\x90\x00 not a pdf", name="virus.pdf")
    assert "Ressource 1\u00a0: «\u00a0virus.pdf\u00a0» n’est pas un fichier PDF." in _group(
        response.content.decode(), "resources"
    )
    monkeypatch.setattr(limits, "UPLOAD_BYTES", 10)
    response = _upload(client, proposal, PDF)
    assert "Ressource 1\u00a0: «\u00a0guide.pdf\u00a0» dépasse 10 Mo" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.version == version and proposal.resources == []
    assert not (media / "ressources").exists()


def test_a_cycle_is_refused_by_the_service_on_the_origin_field(client, contributor, proposal):
    copy = InitiativeFactory(title="Copie de notre garage", replication_of=proposal)
    client.force_login(contributor)
    version = proposal.version
    response = client.post(
        _url(proposal, 6), _kit(proposal, lineage="fiche", replication_of=copy.pk)
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    field = html[html.index('id="id_replication_of"') - 1500 : html.index('id="id_origin_name"')]
    assert "« Copie de notre garage » est déjà un essaimage de cette fiche" in field
    proposal.refresh_from_db()
    assert proposal.version == version and proposal.replication_of is None


def test_a_stale_kit_gets_the_conflict_page_with_the_typed_values(client, contributor, proposal):
    client.force_login(contributor)
    stale = _kit(proposal, pitfalls="Le turn-over.")
    data = services.InitiativeData.from_initiative(proposal)
    data.territory = "Rennes et Saint-Malo"
    services.initiative_save(
        initiative=proposal, data=data, actor=contributor, expected_version=proposal.version
    )
    response = client.post(_url(proposal, 6), stale)
    assert response.status_code == 409
    assert "Le turn-over." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.pitfalls == "" and proposal.territory == "Rennes et Saint-Malo"
