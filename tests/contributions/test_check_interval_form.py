"""The holder chooses how often to confirm the fiche (6, 12 or 24 months) in « Pour essaimer »,
beside the contacts who will receive the reminder; curators change it in the full form; the
preview, « Mes initiatives » and the curation page show it. Each change is a revision."""

import html
import re

import pytest
from django.utils import timezone

from cahier.catalogue.models import Initiative
from cahier.contributions.models import Revision

pytestmark = pytest.mark.django_db

QUESTION = "À quel rythme souhaitez-vous confirmer que cette fiche est à jour\u00a0?"


def _step6(proposal) -> str:
    return f"/mes-initiatives/{proposal.pk}/etape/6/"


def _kit(proposal, **extra) -> dict:
    proposal.refresh_from_db()
    rows = {"funders-rows": 0, "resources-rows": 0, "contacts-rows": 0}
    return {"version": proposal.version, **rows, **extra}


def _checked(page: str) -> list[str]:
    return re.findall(r'name="check_interval_months" value="(\d+)"[^>]*checked', page)


def test_the_contacts_step_asks_the_rhythm_with_twelve_months_ticked(client, contributor, proposal):
    client.force_login(contributor)
    page = client.get(_step6(proposal)).content.decode()
    assert "Contacts et mise à jour de la fiche" in page
    assert QUESTION in page and f"{QUESTION} (facultatif)" not in page
    assert "recevront à chaque échéance un courriel" in page  # the hint explains the e-mail
    assert page.index('id="records-contacts"') < page.index(QUESTION)
    for months in (6, 12, 24):
        assert f"Tous les {months}\u00a0mois" in page
    assert _checked(page) == ["12"]


def test_the_holder_chooses_six_months_a_revision_keeps_it(client, contributor, proposal):
    client.force_login(contributor)
    response = client.post(_step6(proposal), _kit(proposal, check_interval_months="6"))
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert proposal.check_interval_months == 6
    assert (
        Revision.objects.filter(initiative=proposal).latest("id").data["check_interval_months"] == 6
    )
    assert _checked(client.get(_step6(proposal)).content.decode()) == ["6"]
    preview = client.get(f"/mes-initiatives/{proposal.pk}/apercu/").content.decode()
    assert "Mise à jour de la fiche" in preview and "Tous les 6\u00a0mois" in preview
    assert "Une fois la fiche publiée" in preview


def test_a_rhythm_outside_the_choices_is_refused_and_nothing_changes(client, contributor, proposal):
    client.force_login(contributor)
    version = proposal.version
    response = client.post(_step6(proposal), _kit(proposal, check_interval_months="3"))
    assert response.status_code == 200  # the form again, with the error
    assert "Sélectionnez un choix valide" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.check_interval_months == 12 and proposal.version == version


def test_curators_change_it_and_see_the_next_check(client, curator, submitted):
    client.force_login(curator)
    url = f"/curation/initiatives/{submitted.pk}/modifier/"
    page = client.get(url).content.decode()
    assert "Rythme de vérification de la fiche" in page and _checked(page) == ["12"]
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
        "contacts-rows": 0,
        "check_interval_months": "24",
        "comment": "Le porteur préfère tous les deux ans",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    submitted.refresh_from_db()
    assert submitted.check_interval_months == 24
    Initiative.objects.filter(pk=submitted.pk).update(
        status="published", published_at=timezone.make_aware(timezone.datetime(2026, 1, 15, 10))
    )
    detail = client.get(f"/curation/initiatives/{submitted.pk}/").content.decode()
    assert "Tous les 24\u00a0mois" in detail
    assert "Prochaine vérification</dt><dd>15\u00a0janvier 2028" in detail
    revision = Revision.objects.filter(initiative=submitted).latest("id")
    diff = client.get(f"/curation/initiatives/{submitted.pk}/historique/{revision.pk}/")
    changed = html.unescape(re.sub(r"<[^>]+>", "", diff.content.decode()))
    assert "Rythme de vérification" in changed and "Tous les 24\u00a0mois" in changed
