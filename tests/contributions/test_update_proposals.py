"""Proposed updates of a published fiche (contributions/updates.py): « à mettre à jour » from the
reminder's signed link without an account, « Proposer une mise à jour » from « Mes
initiatives », and the curators' queue « Mises à jour proposées » (compare, accept, reject)."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from cahier.catalogue.enums import ContactRole, PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData, VersionConflict
from cahier.contributions import services
from cahier.contributions.enums import AuditAction, UpdateSource, UpdateState
from cahier.contributions.models import AuditLogEntry, Revision, UpdateProposal
from cahier.reminders import tokens
from cahier.reminders.enums import Answer
from cahier.reminders.models import Reminder
from cahier.reminders.services import reminders_send
from tests.catalogue.factories import InitiativeFactory
from tests.contributions.factories import complete_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _published_with_reminder():
    """A fiche published 13 months ago, its holder reminded just now: (fiche, link path)."""
    contact = {
        "role": ContactRole.HOLDER,
        "organisation": "Horizon",
        "service": "",
        "email": "direction@horizon.example",
        "phone": "",
        "public": False,
    }
    initiative = InitiativeFactory(title="Garage solidaire de Lorient", contacts=[contact])
    Initiative.objects.filter(pk=initiative.pk).update(
        published_at=timezone.now() - timedelta(days=400), verified_at=None
    )
    reminders_send(now=timezone.now())
    found = re.search(r"https?://[^/\s]+(/rappel/[^\s]+/)(?:\s|$)", mail.outbox[-1].body)
    mail.outbox.clear()
    initiative.refresh_from_db()
    return initiative, found.group(1)


def _form_values(initiative, **changes) -> dict:
    """What the update form posts when its person changes *changes* only."""
    values = {
        "title": initiative.title,
        "region": str(initiative.region_id),
        "territory": initiative.territory,
        "description": initiative.description,
        "added_value": "\n".join(initiative.added_value),
        "porteur": initiative.porteur_label,
        "public": initiative.public,
        "partners": "\n".join(initiative.partners),
        "links": "\n".join(initiative.links),
        "referent_emails": "\n".join(initiative.referent_emails),
        "results": initiative.results,
        "keywords": [str(pk) for pk in initiative.keywords.values_list("pk", flat=True)],
        "publics": [str(pk) for pk in initiative.publics.values_list("pk", flat=True)],
        "fundings": [str(pk) for pk in initiative.fundings.values_list("pk", flat=True)],
        "version": str(initiative.version),
        "proposer_name": "Aïcha Horizon",
        "proposer_email": "direction@horizon.example",
    }
    return values | changes


def _propose_through_link(client, **changes):
    initiative, path = _published_with_reminder()
    form_page = client.post(path, {"answer": Answer.UPDATE})
    assert form_page.status_code == 302 and form_page["Location"].endswith("/mise-a-jour/")
    response = client.post(form_page["Location"], _form_values(initiative, **changes))
    return initiative, path, response


def test_link_leads_to_a_form_prefilled_and_sending_it_only_proposes(
    client, curator, django_capture_on_commit_callbacks
):
    initiative, path = _published_with_reminder()
    form_url = client.post(path, {"answer": Answer.UPDATE})["Location"]
    assert not Reminder.objects.get(initiative=initiative).answered  # nothing yet
    page = html.unescape(client.get(form_url).content.decode())
    assert "Mettre à jour" in page and initiative.description in page
    assert 'value="direction@horizon.example"' in page  # the one recipient, pre-filled
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url, _form_values(initiative, description="Nouveau descriptif : 120 personnes.")
        )
    assert response.status_code == 200
    assert "votre mise à jour est envoyée" in response.content.decode()
    proposal = UpdateProposal.objects.get(initiative=initiative)
    assert proposal.state == UpdateState.PENDING and proposal.source == UpdateSource.REMINDER
    assert proposal.proposer is None and proposal.proposer_email == "direction@horizon.example"
    assert proposal.data["description"] == "Nouveau descriptif : 120 personnes."
    reminder = Reminder.objects.get(initiative=initiative)
    assert reminder.answer == Answer.UPDATE
    # The published fiche stays as it was until a curator accepts.
    fresh = Initiative.objects.get(pk=initiative.pk)
    assert fresh.description == initiative.description and fresh.version == initiative.version
    assert client.get(initiative.get_absolute_url()).status_code == 200
    assert "Nouveau descriptif" not in client.get(initiative.get_absolute_url()).content.decode()
    assert AuditLogEntry.objects.filter(action=AuditAction.UPDATE_PROPOSED).count() == 1
    # Curators are told (blind copies).
    [message] = mail.outbox
    assert "Mise à jour proposée" in message.subject and message.bcc


def test_curator_accepts_the_fiche_is_updated_and_verified(
    client, curator, django_capture_on_commit_callbacks
):
    initiative, _, _ = _propose_through_link(client, results="120 personnes aidées en 2026.")
    proposal = UpdateProposal.objects.get(initiative=initiative)
    client.force_login(curator)
    queue = client.get("/curation/mises-a-jour/").content.decode()
    assert initiative.title in queue
    detail = client.get(f"/curation/mises-a-jour/{proposal.pk}/").content.decode()
    assert "Résultats" in detail and '<ins class="diff-ins">' in detail
    assert "Descriptif du projet" not in detail  # only the changed fields
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/curation/mises-a-jour/{proposal.pk}/accepter/", {"version": initiative.version}
        )
    assert response.status_code == 302
    fresh = Initiative.objects.get(pk=initiative.pk)
    assert fresh.results == "120 personnes aidées en 2026."
    assert fresh.version == initiative.version + 1
    assert fresh.verified_at is not None
    assert Revision.objects.filter(initiative=fresh, version=fresh.version).exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.UPDATE_ACCEPTED).exists()
    proposal.refresh_from_db()
    assert proposal.state == UpdateState.ACCEPTED and proposal.decided_by == curator
    assert Reminder.objects.get(initiative=initiative).answer == Answer.UPDATE
    [message] = mail.outbox
    assert message.to == ["direction@horizon.example"] and "acceptée" in message.subject
    # Decided: out of the queue, and no second decision.
    assert initiative.title not in client.get("/curation/mises-a-jour/").content.decode()
    with pytest.raises(Exception, match="déjà été traitée"):
        services.update_proposal_accept(
            proposal=proposal, actor=curator, expected_version=fresh.version
        )


def test_reject_needs_a_reason_which_is_mailed(client, curator, django_capture_on_commit_callbacks):
    initiative, _, _ = _propose_through_link(client, title="Garage solidaire du Pays de Lorient")
    proposal = UpdateProposal.objects.get(initiative=initiative)
    client.force_login(curator)
    mail.outbox.clear()
    empty = client.post(f"/curation/mises-a-jour/{proposal.pk}/refuser/", {"reason": ""})
    assert empty.status_code == 400 and "Indiquez le motif" in empty.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == UpdateState.PENDING and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/curation/mises-a-jour/{proposal.pk}/refuser/",
            {"reason": "Le titre officiel reste."},
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == UpdateState.REJECTED and proposal.reason == "Le titre officiel reste."
    [message] = mail.outbox
    assert message.to == ["direction@horizon.example"]
    assert "Le titre officiel reste." in message.body
    assert Initiative.objects.get(pk=initiative.pk).title == initiative.title


def test_used_expired_and_tampered_links_write_nothing(client):
    initiative, path, response = _propose_through_link(client, territory="Lorient Agglomération")
    assert response.status_code == 200
    form_url = f"{path}mise-a-jour/"
    again = client.post(form_url, _form_values(initiative, territory="Autre"))
    assert again.status_code == 409 and "Lien déjà utilisé" in again.content.decode()
    assert client.get(form_url).status_code == 409
    token = path.split("/")[2]
    key = tokens.read(token)
    late = tokens.make(key, now=timezone.now() - tokens.MAX_AGE - timedelta(minutes=1))
    expired = client.post(f"/rappel/{late}/mise-a-jour/", _form_values(initiative))
    assert expired.status_code == 400 and "Lien expiré" in expired.content.decode()
    tampered = client.post(f"/rappel/{token[:-2]}xx/mise-a-jour/", _form_values(initiative))
    assert tampered.status_code == 400 and "Lien non valide" in tampered.content.decode()
    other = tokens.make(key, purpose="other")
    assert client.get(f"/rappel/{other}/mise-a-jour/").status_code == 400
    assert UpdateProposal.objects.count() == 1


def test_bad_input_shows_errors_keeps_the_text_and_writes_nothing(client):
    initiative, path = _published_with_reminder()
    form_url = f"{path}mise-a-jour/"
    typed = "Un descriptif réécrit avec soin, à ne pas perdre."
    response = client.post(
        form_url,
        _form_values(initiative, description=typed, title="", proposer_email="pas-une-adresse"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Donnez un titre" in page and "adresse électronique valide" in page
    assert typed in page
    assert not UpdateProposal.objects.exists()
    assert not Reminder.objects.get(initiative=initiative).answered
    # The link still works once corrected.
    fixed = client.post(form_url, _form_values(initiative, description=typed))
    assert fixed.status_code == 200 and UpdateProposal.objects.count() == 1


def test_concurrent_curator_edit_is_shown_as_a_conflict_not_overwritten(client, curator):
    initiative, _, _ = _propose_through_link(
        client, description="Le descriptif du porteur.", territory="Lorient Agglo"
    )
    proposal = UpdateProposal.objects.get(initiative=initiative)
    # Meanwhile a curator edits the fiche: the same field, and another one.
    current = Initiative.objects.get(pk=initiative.pk)
    data = InitiativeData.from_initiative(current)
    data.description, data.public = "Le descriptif du curateur.", "Jeunes de 16 à 25 ans"
    services.initiative_save(
        initiative=current, data=data, actor=curator, expected_version=current.version
    )
    current.refresh_from_db()
    client.force_login(curator)
    detail = client.get(f"/curation/mises-a-jour/{proposal.pk}/").content.decode()
    assert "La fiche a changé depuis la proposition" in detail
    assert "modifié des deux côtés" in detail and "Descriptif du projet" in detail
    # Accepting without confirming the conflict writes nothing.
    refused = client.post(
        f"/curation/mises-a-jour/{proposal.pk}/accepter/", {"version": current.version}
    )
    assert refused.status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).version == current.version
    follow = client.get(refused["Location"]).content.decode()
    assert "cochez la case de confirmation" in follow
    # A stale version (the page was compared before another save) writes nothing either.
    with pytest.raises(VersionConflict):
        services.update_proposal_accept(
            proposal=proposal,
            actor=curator,
            expected_version=current.version - 1,
            accept_conflicts=True,
        )
    # Confirmed: the holder's fields win, the curator's other change stays.
    client.post(
        f"/curation/mises-a-jour/{proposal.pk}/accepter/",
        {"version": current.version, "accept_conflicts": "on"},
    )
    fresh = Initiative.objects.get(pk=initiative.pk)
    assert fresh.description == "Le descriptif du porteur."
    assert fresh.territory == "Lorient Agglo"
    assert fresh.public == "Jeunes de 16 à 25 ans"
    assert fresh.version == current.version + 1


def test_changes_meanwhile_on_other_fields_merge_without_confirmation(curator, client):
    initiative, _, _ = _propose_through_link(client, territory="Lorient Agglo")
    proposal = UpdateProposal.objects.get(initiative=initiative)
    current = Initiative.objects.get(pk=initiative.pk)
    data = InitiativeData.from_initiative(current)
    data.public = "Jeunes de 16 à 25 ans"
    services.initiative_save(
        initiative=current, data=data, actor=curator, expected_version=current.version
    )
    current.refresh_from_db()
    services.update_proposal_accept(
        proposal=proposal, actor=curator, expected_version=current.version
    )
    fresh = Initiative.objects.get(pk=initiative.pk)
    assert (fresh.territory, fresh.public) == ("Lorient Agglo", "Jeunes de 16 à 25 ans")


@pytest.fixture
def published_own(contributor, open_call):
    initiative = services.initiative_save(
        data=complete_data(title="Garage solidaire de Rennes"), actor=contributor, call=open_call
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    initiative.refresh_from_db()
    return initiative


def test_signed_in_holder_proposes_and_a_second_proposal_replaces_the_first(
    client, contributor, published_own
):
    client.force_login(contributor)
    mine = client.get("/mes-initiatives/").content.decode()
    url = f"/mes-initiatives/{published_own.pk}/mise-a-jour/"
    assert url in mine and "Proposer une mise à jour" in mine
    assert url in client.get(f"/mes-initiatives/{published_own.pk}/").content.decode()
    values = _form_values(published_own, territory="Rennes et Saint-Malo", note="Extension.")
    del values["proposer_name"], values["proposer_email"]
    assert client.post(url, values).status_code == 302
    first = UpdateProposal.objects.get()
    assert first.source == UpdateSource.HOLDER and first.proposer == contributor
    assert first.contact_email == contributor.email
    # The form comes back with the pending proposal; sending again replaces it.
    page = client.get(url).content.decode()
    assert "Rennes et Saint-Malo" in page and "la remplace" in page
    values["territory"] = "Rennes, Saint-Malo et Vitré"
    assert client.post(url, values).status_code == 302
    first.refresh_from_db()
    assert first.state == UpdateState.REPLACED
    assert UpdateProposal.objects.get(state=UpdateState.PENDING).data["territory"] == (
        "Rennes, Saint-Malo et Vitré"
    )
    assert Initiative.objects.get(pk=published_own.pk).territory == "Rennes Métropole"


def test_only_the_owner_of_a_published_fiche_may_propose(
    client, contributor, other_contributor, proposal, published_own
):
    client.force_login(other_contributor)
    assert client.get(f"/mes-initiatives/{published_own.pk}/mise-a-jour/").status_code == 404
    client.force_login(contributor)
    draft = client.get(f"/mes-initiatives/{proposal.pk}/mise-a-jour/")
    assert draft.status_code == 302  # a draft is edited step by step instead
    with pytest.raises(Exception, match="porteur"):
        services.update_proposal_create(
            initiative=published_own,
            data=InitiativeData.from_initiative(published_own),
            base_version=published_own.version,
            source=UpdateSource.HOLDER,
            proposer=other_contributor,
        )


def test_one_pending_proposal_per_fiche_and_source_in_the_database(published_own):
    values = {
        "initiative": published_own,
        "data": {},
        "base_version": 1,
        "base_data": {},
        "source": UpdateSource.REMINDER,
    }
    UpdateProposal.objects.create(**values)
    UpdateProposal.objects.create(**values, state=UpdateState.REJECTED)
    with pytest.raises(IntegrityError):
        UpdateProposal.objects.create(**values)
