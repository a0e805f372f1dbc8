"""The contact's name (issue 15, « Nom et prénom ») on every form that edits the holder's
contacts: the proposal's « Pour essaimer » step, the curators' full form and the update of a
published fiche; lengths checked by core/limits.py with a French message."""

import pytest

from cahier.catalogue.enums import ContactRole
from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.models import Initiative
from cahier.contributions.models import UpdateProposal

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROW = {
    "contacts-rows": 1,
    "contacts-0-name": "  Marie   Dupont ",
    "contacts-0-organisation": "Roue Libre",
    "contacts-0-service": "Chargée de mission",
    "contacts-0-email": "marie@roue-libre.example",
    "contacts-0-phone": "02 99 00 00 00",
}


def _kit(proposal, **extra):
    proposal.refresh_from_db()
    data = {"version": proposal.version, "funders-rows": 0, "resources-rows": 0, "contacts-rows": 0}
    return data | extra


def test_the_holder_step_asks_and_saves_the_name(client, contributor, proposal):
    client.force_login(contributor)
    url = f"/mes-initiatives/{proposal.pk}/etape/6/"
    page = client.get(url).content.decode()
    assert "Nom et prénom" in page and "Fonction ou service" in page
    assert 'name="contacts-0-name"' in page and 'maxlength="150"' in page
    response = client.post(url, _kit(proposal, **ROW))
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    [contact] = proposal.contacts
    assert contact["name"] == "Marie Dupont"  # cleaned: one line, single spaces
    assert contact["role"] == ContactRole.HOLDER and contact["public"] is False
    page = client.get(url).content.decode()
    assert 'value="Marie Dupont"' in page


def test_a_name_too_long_is_refused_in_french(client, contributor, proposal):
    client.force_login(contributor)
    url = f"/mes-initiatives/{proposal.pk}/etape/6/"
    response = client.post(url, _kit(proposal, **ROW | {"contacts-0-name": "M" * 151}))
    assert response.status_code == 200
    assert "Contact 1\u00a0: le nom dépasse 150 caractères (151)." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.contacts == []


def test_curators_edit_the_name_on_the_full_form(client, curator, submitted):
    client.force_login(curator)
    url = f"/curation/initiatives/{submitted.pk}/modifier/"
    assert "Nom et prénom" in client.get(url).content.decode()
    form = {
        "version": submitted.version,
        "title": submitted.title,
        "region": submitted.region_id,
        "territory": submitted.territory,
        "description": submitted.description,
        "porteur": submitted.porteur_label,
        "public": submitted.public,
        "referent_emails": "referent@example.org",
        "outcomes-rows": 0,
        "funders-rows": 0,
        "resources-rows": 0,
        "check_interval_months": "12",
        **ROW,
        "contacts-0-public": "1",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    submitted.refresh_from_db()
    assert submitted.contacts[0]["name"] == "Marie Dupont" and submitted.contacts[0]["public"]


def test_the_update_of_a_published_fiche_carries_the_contacts(client, contributor, proposal):
    referent = {
        "role": ContactRole.REFERENT,
        "name": "Paul Lefèvre",
        "organisation": "DREETS Bretagne",
        "service": "Pôle 3E",
        "email": "paul@dreets.example",
        "phone": "",
        "public": True,
    }
    Initiative.objects.filter(pk=proposal.pk).update(status=S.PUBLISHED, contacts=[referent])
    proposal.refresh_from_db()
    client.force_login(contributor)
    url = f"/mes-initiatives/{proposal.pk}/mise-a-jour/"
    page = client.get(url).content.decode()
    assert "Contacts du porteur" in page and "Paul Lefèvre" not in page  # curators' contact
    form = {
        "version": proposal.version,
        "title": proposal.title,
        "region": proposal.region_id,
        "territory": proposal.territory,
        "description": proposal.description,
        "porteur": proposal.porteur_label,
        "public": proposal.public,
        "referent_emails": "referent@example.org",
        **ROW,
    }
    # « Ajouter une ligne » without JavaScript sends nothing: one more row comes back.
    response = client.post(url, form | {"add_row": "contacts"})
    assert response.status_code == 200 and not UpdateProposal.objects.exists()
    assert 'name="contacts-1-name"' in response.content.decode()
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    update = UpdateProposal.objects.get()
    assert [(c["role"], c["name"]) for c in update.data["contacts"]] == [
        (ContactRole.HOLDER, "Marie Dupont"),
        (ContactRole.REFERENT, "Paul Lefèvre"),
    ]
