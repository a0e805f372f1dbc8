"""Curators' pages: the requests (filters by status and region, no address anywhere) and the
regions' referents (one row per region, audited, 2019 mailboxes refused)."""

import pytest
from django.urls import reverse

from cahier.contacts import services
from cahier.contacts.enums import AnsweredBy
from cahier.contributions.enums import AuditAction
from cahier.contributions.models import AuditLogEntry
from tests.catalogue.factories import InitiativeFactory, region
from tests.contributions.factories import UserFactory

from .conftest import HOLDER, REQUESTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client):
    client.force_login(UserFactory(username="curatrice", curator=True))
    return client


def _send(initiative, key, name="Léa Martin"):
    requester = services.Requester(name, "Ville de Lorient", "Lorient", REQUESTER, "Bonjour")
    return services.contact_request_send(initiative=initiative, requester=requester, key=key)[0]


@pytest.mark.postgres
def test_the_list_filters_by_status_and_region_and_shows_no_address(
    curator_client, fiche, legacy_fiche
):
    answered = _send(fiche, "a", name="Alice Répondue")
    services.contact_request_answer(contact_request=answered, by=AnsweredBy.HOLDER)
    _send(legacy_fiche, "b", name="Bob Sansdestinataire")
    elsewhere = InitiativeFactory(slug="occitanie", region=region("occitanie"), with_kit=True)
    _send(elsewhere, "c", name="Chloé Occitanie")
    url = reverse("contacts_curation:requests")

    page = curator_client.get(url).content.decode()
    assert "3 demandes" in page
    assert "Alice Répondue" in page and "Bob Sansdestinataire" in page
    assert REQUESTER not in page and HOLDER not in page
    assert "Sans destinataire" in page

    only_unreachable = curator_client.get(url, {"etat": "sans_destinataire"}).content.decode()
    assert "Bob Sansdestinataire" in only_unreachable
    assert "Alice Répondue" not in only_unreachable
    in_occitanie = curator_client.get(url, {"region": "occitanie"}).content.decode()
    assert "Chloé Occitanie" in in_occitanie and "Alice Répondue" not in in_occitanie


def test_erased_requests_say_so(curator_client, fiche):
    from datetime import timedelta

    from django.utils import timezone

    _send(fiche, "a")
    services.contact_requests_purge(now=timezone.now() + timedelta(days=400))
    page = curator_client.get(reverse("contacts_curation:requests")).content.decode()
    assert "données effacées le" in page and "Léa Martin" not in page


def test_region_referents_are_edited_row_by_row_and_audited(curator_client):
    url = reverse("contacts_curation:referents")
    page = curator_client.get(url).content.decode()
    assert "Bretagne" in page and "Occitanie" in page
    data = {
        "bretagne-organisation": "DREETS Bretagne",
        "bretagne-service": "Pôle 3E",
        "bretagne-email": "essaimage@dreets-bretagne.example",
    }
    response = curator_client.post(url, data, follow=True)
    assert "1 région(s) modifiée(s)" in response.content.decode()
    bretagne = region("bretagne")
    assert bretagne.referent_email == "essaimage@dreets-bretagne.example"
    entry = AuditLogEntry.objects.get(action=AuditAction.REGION_REFERENT_SET)
    assert entry.data["region"] == "bretagne" and entry.data["previous"]["email"] == ""
    # Posting the same again: no change, no new entry.
    curator_client.post(url, data)
    assert AuditLogEntry.objects.filter(action=AuditAction.REGION_REFERENT_SET).count() == 1


def test_a_2019_direccte_address_is_refused_and_the_other_rows_saved(curator_client):
    url = reverse("contacts_curation:referents")
    response = curator_client.post(
        url,
        {
            "bretagne-email": "bretag.direction@direccte.gouv.fr",
            "occitanie-email": "essaimage@dreets-occitanie.example",
            "normandie-email": "pas une adresse",
        },
    )
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert "adresse DIRECCTE/DIECCTE de 2019" in page
    assert "Adresse électronique invalide" in page
    assert "bretag.direction@direccte.gouv.fr" in page  # what was typed stays
    assert region("bretagne").referent_email == ""
    assert region("normandie").referent_email == ""
    assert region("occitanie").referent_email == "essaimage@dreets-occitanie.example"


def test_the_legacy_mailbox_rule():
    from cahier.catalogue.structured import is_legacy_state_mailbox

    assert is_legacy_state_mailbox("ara.direction@direccte.gouv.fr")
    assert is_legacy_state_mailbox("Dieccte-Guadeloupe@DIECCTE.gouv.fr")
    assert is_legacy_state_mailbox("x@idf.direccte.gouv.fr")
    assert not is_legacy_state_mailbox("pole3e@dreets.gouv.fr")
    assert not is_legacy_state_mailbox("x@notdireccte.gouv.fr")
    assert not is_legacy_state_mailbox("")


@pytest.mark.postgres
def test_the_holder_sees_counts_in_mine(client, django_capture_on_commit_callbacks):
    from cahier.catalogue.enums import PublicationStatus
    from cahier.catalogue.services import initiative_set_status
    from cahier.contributions import services as contributions
    from tests.contributions.factories import complete_data

    owner = UserFactory(contributor=True)
    holder = {"role": "porteur", "organisation": "Roue Libre", "email": HOLDER}
    mine = contributions.initiative_save(data=complete_data(contacts=[holder]), actor=owner)
    mine = initiative_set_status(initiative=mine, status=PublicationStatus.PUBLISHED)
    first = _send(mine, "a")
    _send(mine, "b")
    services.contact_request_answer(contact_request=first, by=AnsweredBy.HOLDER)
    client.force_login(owner)
    page = client.get(reverse("contributions:mine")).content.decode()
    assert "Demandes de contact" in page
    assert "2 demandes (1 envoyée, 1 répondue)" in page
    assert REQUESTER not in page
