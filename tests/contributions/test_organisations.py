"""Curators keep the porteurs' SIRET (data·inclusion structures): typed as printed, checked by
its key, refused with a clear message and nothing saved."""

import pytest

from cahier.catalogue.models import Organisation
from tests.catalogue.factories import InitiativeFactory
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def porteur():
    return InitiativeFactory(porteur="Association Horizon").porteur


@pytest.fixture
def curator_client(client):
    client.force_login(UserFactory(curator=True))
    return client


def test_curators_list_and_set_a_siret(curator_client, porteur):
    page = curator_client.get("/curation/organismes/", {"q": "horizon"}).content.decode()
    assert "Association Horizon" in page and "Organismes porteurs" in page
    url = f"/curation/organismes/{porteur.pk}/"
    response = curator_client.post(url, {"siret": "732 829 320 00074"})
    assert response.status_code == 302
    porteur.refresh_from_db()
    assert porteur.siret == "73282932000074"
    assert "73282932000074" in curator_client.get("/curation/organismes/").content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("732 829 320 00075", "clé de contrôle"),
        ("7328293200007", "il faut 14 chiffres"),
        ("ABCDEFGHIJKLMN", "il faut 14 chiffres"),
    ],
)
def test_a_wrong_siret_is_refused_and_kept_on_the_form(curator_client, porteur, typed, message):
    response = curator_client.post(f"/curation/organismes/{porteur.pk}/", {"siret": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and typed in page
    assert Organisation.objects.get(pk=porteur.pk).siret == ""


def test_la_poste_establishments_follow_their_own_rule(curator_client, porteur):
    # La Poste (SIREN 356 000 000): the sum of the digits is a multiple of 5.
    response = curator_client.post(
        f"/curation/organismes/{porteur.pk}/", {"siret": "35600000049837"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=porteur.pk).siret == "35600000049837"


def test_the_admin_form_checks_it_too(porteur):
    from cahier.catalogue.admin import OrganisationForm

    form = OrganisationForm({"name": porteur.name, "siret": "732 829 320 00075"}, instance=porteur)
    assert not form.is_valid() and "clé de contrôle" in str(form.errors["siret"])
    form = OrganisationForm({"name": porteur.name, "siret": "732 829 320 00074"}, instance=porteur)
    assert form.is_valid() and form.cleaned_data["siret"] == "73282932000074"
