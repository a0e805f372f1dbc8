"""Curators edit the institutions that changed names: listed, created, changed and deleted
through the pages, each recorded in the journal; a wrong row is refused with its message and
nothing saved; the fiches writing to an old mail domain are listed for them."""

import pytest

from cahier.catalogue.models import InstitutionChange
from cahier.contributions.enums import AuditAction
from cahier.contributions.models import AuditLogEntry
from tests.catalogue.factories import InitiativeFactory
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db

ROW = {
    "old_acronym": "ANPE",
    "old_name": "Agence nationale pour l'emploi",
    "new_acronym": "",
    "new_name": "Pôle emploi",
    "changed_on": "2008-12-19",
    "source": "Loi n° 2008-126 du 13 février 2008",
    "source_url": "",
    "note": "",
    "old_mail_domains": "anpe.fr\n",
}


@pytest.fixture
def curator_client(client):
    client.force_login(UserFactory(curator=True))
    return client


def test_curators_list_create_edit_and_delete_a_change(curator_client):
    page = curator_client.get("/curation/institutions/").content.decode()
    assert "DIRECCTE" in page and "DREETS" in page and "1er\u00a0avril 2021" in page
    response = curator_client.post("/curation/institutions/nouvelle/", ROW)
    assert response.status_code == 302
    change = InstitutionChange.objects.get(old_acronym="ANPE")
    assert change.old_mail_domains == ["anpe.fr"]
    url = f"/curation/institutions/{change.pk}/"
    assert "Agence nationale pour l&#x27;emploi" in curator_client.get(url).content.decode()
    curator_client.post(url, {**ROW, "new_name": "France Travail"})
    change.refresh_from_db()
    assert change.new_name == "France Travail"
    curator_client.post(f"{url}supprimer/")
    assert not InstitutionChange.objects.filter(old_acronym="ANPE").exists()
    actions = list(
        AuditLogEntry.objects.filter(action__startswith="institution_change.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditAction.INSTITUTION_CHANGE_SAVED,
        AuditAction.INSTITUTION_CHANGE_SAVED,
        AuditAction.INSTITUTION_CHANGE_DELETED,
    ]
    journal = curator_client.get("/curation/journal/").content.decode()
    assert "ANPE → France Travail" in journal


def test_a_wrong_row_is_refused_with_its_message_and_kept_in_the_form(curator_client):
    row = {**ROW, "old_acronym": "direccte", "new_name": "", "old_mail_domains": "pas un domaine"}
    response = curator_client.post("/curation/institutions/nouvelle/", row)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Le sigle « direccte » a déjà sa ligne." in page
    assert "Indiquez le nouveau nom ou le nouveau sigle." in page
    assert "Agence nationale pour l&#x27;emploi" in page  # nothing typed is lost
    assert InstitutionChange.objects.filter(old_name__startswith="Agence").count() == 0


def test_fiches_with_an_old_mail_domain_are_listed_for_curators(curator_client):
    InitiativeFactory(title="Référent 2019", referent_emails=["bretag.direction@direccte.gouv.fr"])
    InitiativeFactory(title="Référent à jour", referent_emails=["pole3e@dreets.gouv.fr"])
    page = curator_client.get("/curation/institutions/adresses/").content.decode()
    assert "Référent 2019" in page and "bretag.direction@direccte.gouv.fr" in page
    assert "(DIRECCTE, aujourd’hui DREETS)" in page
    assert "Référent à jour" not in page
