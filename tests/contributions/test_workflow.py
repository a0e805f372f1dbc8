"""The whole review workflow through the services: states, roles, audit log, e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import VersionConflict
from cahier.catalogue.signals import initiatives_changed
from cahier.contributions import services
from cahier.contributions.models import AuditLogEntry, Revision
from tests.contributions.factories import complete_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def actions(initiative):
    return list(
        AuditLogEntry.objects.filter(initiative=initiative)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )


def _full_workflow(proposal, contributor, curator):
    t = services.initiative_transition
    t(initiative=proposal, to=S.SUBMITTED, actor=contributor)
    t(initiative=proposal, to=S.IN_REVIEW, actor=curator)
    t(initiative=proposal, to=S.CHANGES_REQUESTED, actor=curator, reason="Précisez les résultats.")
    data = complete_data(results="80 personnes aidées, dont 50 en emploi à six mois.")
    proposal.refresh_from_db()
    services.initiative_save(
        initiative=proposal, data=data, actor=contributor, expected_version=proposal.version
    )
    proposal.refresh_from_db()
    t(initiative=proposal, to=S.SUBMITTED, actor=contributor)
    t(initiative=proposal, to=S.PUBLISHED, actor=curator)
    t(initiative=proposal, to=S.ARCHIVED, actor=curator, reason="Projet terminé.")


def test_full_workflow_records_every_step_and_mails_the_contributor(
    proposal, contributor, curator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _full_workflow(proposal, contributor, curator)

    proposal.refresh_from_db()
    assert proposal.status == S.ARCHIVED
    assert proposal.published_at is not None
    assert actions(proposal) == [
        "initiative.created",
        "initiative.submitted",
        "initiative.review_started",
        "initiative.changes_requested",
        "initiative.updated",
        "initiative.submitted",
        "initiative.published",
        "initiative.archived",
    ]
    request = AuditLogEntry.objects.get(initiative=proposal, action="initiative.changes_requested")
    assert request.actor == curator
    assert request.reason == "Précisez les résultats."
    assert request.data == {"from": "in_review", "to": "changes_requested"}
    # One e-mail per change of state to the contributor, the reason in the body; the
    # curators hear of each (re)submission.
    to_contributor = [m for m in mail.outbox if m.to == ["porteur@example.org"]]
    to_curators = [m for m in mail.outbox if m.bcc == ["curatrice@example.org"]]
    assert len(to_contributor) == 6
    assert len(mail.outbox) == 8
    assert [m.subject.split("] ")[1] for m in to_curators] == [
        "Proposition soumise : « Garage solidaire de Rennes »",
        "Proposition renvoyée après modifications : « Garage solidaire de Rennes »",
    ]
    assert f"/curation/initiatives/{proposal.pk}/" in to_curators[0].body
    changes = next(m for m in to_contributor if "modifications demandées" in m.subject)
    assert "Précisez les résultats." in changes.body
    assert f"/mes-initiatives/{proposal.pk}/" in changes.body
    assert Revision.objects.filter(initiative=proposal).count() == 2


@pytest.mark.parametrize(
    ("source", "to", "role"),
    [
        (S.DRAFT, S.PUBLISHED, "contributor"),
        (S.SUBMITTED, S.PUBLISHED, "contributor"),
        (S.SUBMITTED, S.IN_REVIEW, "contributor"),
        (S.SUBMITTED, S.REJECTED, "other_contributor"),
        (S.DRAFT, S.SUBMITTED, "other_contributor"),
        (S.PUBLISHED, S.DRAFT, "curator"),
        (S.REJECTED, S.PUBLISHED, "curator"),
        (S.DRAFT, S.ARCHIVED, "curator"),
    ],
)
def test_forbidden_moves_are_refused_and_leave_no_trace(proposal, request, source, to, role):
    Initiative.objects.filter(pk=proposal.pk).update(status=source)
    proposal.refresh_from_db()
    actor = request.getfixturevalue(role)
    before = AuditLogEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.initiative_transition(initiative=proposal, to=to, actor=actor, reason="x")
    proposal.refresh_from_db()
    assert proposal.status == source
    assert AuditLogEntry.objects.count() == before


def test_only_curators_publish(submitted, contributor, curator, admin_user):
    with pytest.raises(PermissionDenied):
        services.initiative_transition(initiative=submitted, to=S.PUBLISHED, actor=contributor)
    services.initiative_transition(initiative=submitted, to=S.PUBLISHED, actor=admin_user)
    assert Initiative.objects.published().filter(pk=submitted.pk).exists()


def test_reason_is_required_to_request_changes_reject_or_archive(submitted, curator):
    for to in (S.CHANGES_REQUESTED, S.REJECTED):
        with pytest.raises(ValidationError) as error:
            services.initiative_transition(initiative=submitted, to=to, actor=curator, reason=" ")
        assert "motif" in str(error.value)


def test_incomplete_proposal_cannot_be_submitted(contributor, open_call):
    draft = services.initiative_save(
        data=complete_data(description="", referent_emails=[]), actor=contributor, call=open_call
    )
    with pytest.raises(ValidationError) as error:
        services.initiative_transition(initiative=draft, to=S.SUBMITTED, actor=contributor)
    assert set(error.value.message_dict) == {"description", "referent_emails"}
    assert "Décrivez le projet" in " ".join(error.value.messages)


def test_drafts_cannot_be_submitted_once_the_call_is_closed(
    proposal, contributor, curator, open_call
):
    services.call_close(call=open_call, actor=curator)
    with pytest.raises(ValidationError, match="clos"):
        services.initiative_transition(initiative=proposal, to=S.SUBMITTED, actor=contributor)


def test_call_region_scope_is_enforced_at_submission(contributor, curator, open_call):
    from tests.catalogue.factories import region

    open_call.regions.set([region("occitanie")])
    draft = services.initiative_save(data=complete_data(), actor=contributor, call=open_call)
    with pytest.raises(ValidationError) as error:
        services.initiative_transition(initiative=draft, to=S.SUBMITTED, actor=contributor)
    assert "Occitanie" in error.value.message_dict["region"][0]


def test_every_save_is_a_revision_and_restoring_makes_a_new_one(submitted, curator):
    services.initiative_save(
        initiative=submitted,
        data=complete_data(title="Garage solidaire de Rennes Métropole"),
        actor=curator,
        expected_version=submitted.version,
        comment="Titre précisé",
    )
    first = Revision.objects.filter(initiative=submitted).order_by("created_at", "id").first()
    restored = services.revision_restore(
        revision=first, actor=curator, expected_version=submitted.version + 1
    )
    assert restored.title == "Garage solidaire de Rennes"
    revisions = Revision.objects.filter(initiative=submitted).order_by("created_at", "id")
    assert [r.comment for r in revisions] == [
        "",
        "Titre précisé",
        f"Restauration de la version {first.version}",
    ]
    assert revisions.last().version == restored.version == 3


def test_stale_version_raises_conflict_and_keeps_the_first_edit(submitted, curator, admin_user):
    version = submitted.version
    services.initiative_save(
        initiative=submitted,
        data=complete_data(title="Titre de la première curatrice"),
        actor=curator,
        expected_version=version,
    )
    with pytest.raises(VersionConflict):
        services.initiative_save(
            initiative=submitted,
            data=complete_data(title="Titre du second"),
            actor=admin_user,
            expected_version=version,
        )
    submitted.refresh_from_db()
    assert submitted.title == "Titre de la première curatrice"


def test_saves_and_transitions_notify_the_search_index(proposal, contributor):
    seen = []

    def receiver(sender, ids, **kwargs):
        seen.append(ids)

    initiatives_changed.connect(receiver)
    try:
        services.initiative_transition(initiative=proposal, to=S.SUBMITTED, actor=contributor)
    finally:
        initiatives_changed.disconnect(receiver)
    assert seen == [[proposal.pk]]


def test_merge_takes_the_chosen_fields_and_rejects_the_duplicate(submitted, curator):
    from tests.catalogue.factories import InitiativeFactory

    existing = InitiativeFactory(title="Garage solidaire (Rennes)", results="Anciens résultats.")
    services.initiative_merge(
        duplicate=submitted,
        target=existing,
        fields_from_duplicate=["results", "links"],
        actor=curator,
        note="Même garage que la fiche existante.",
        expected_version=existing.version,
    )
    existing.refresh_from_db()
    submitted.refresh_from_db()
    assert existing.results == "80 personnes aidées."
    assert existing.links == ["https://example.org/garage"]
    assert existing.title == "Garage solidaire (Rennes)"
    assert submitted.status == S.REJECTED
    entry = AuditLogEntry.objects.get(initiative=submitted, action="initiative.rejected")
    assert entry.reason == "Même garage que la fiche existante."
    assert AuditLogEntry.objects.filter(initiative=existing, action="initiative.merged").exists()


def test_a_merge_rolled_back_afterwards_sends_no_mail(
    submitted, curator, django_capture_on_commit_callbacks
):
    # Before: the contributor was told « refusée » by a merge that never happened.
    from django.db import transaction

    from tests.catalogue.factories import InitiativeFactory

    existing = InitiativeFactory(title="Garage solidaire (Rennes)")
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.initiative_merge(
            duplicate=submitted,
            target=existing,
            fields_from_duplicate=["results"],
            actor=curator,
            note="Doublon.",
            expected_version=existing.version,
        )
        raise RuntimeError("what the caller did next failed")
    assert mail.outbox == []
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_a_committed_merge_mails_the_duplicate_s_contributor_once(
    submitted, curator, django_capture_on_commit_callbacks
):
    from tests.catalogue.factories import InitiativeFactory

    existing = InitiativeFactory(title="Garage solidaire (Rennes)")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_merge(
            duplicate=submitted,
            target=existing,
            fields_from_duplicate=["results"],
            actor=curator,
            note="Doublon.",
            expected_version=existing.version,
        )
    (message,) = mail.outbox
    assert message.to == ["porteur@example.org"]
    assert "refusée" in message.subject


def test_numbering_in_the_current_edition_refuses_a_taken_number(submitted, curator):
    from tests.catalogue.factories import InitiativeFactory
    from tests.editions.factories import EditionFactory

    edition = EditionFactory()
    InitiativeFactory(title="Fiche 12", edition=(edition, 12))
    with pytest.raises(ValidationError, match="déjà"):
        services.initiative_number_set(
            initiative=submitted, edition=edition, number=12, actor=curator
        )
    services.initiative_number_set(initiative=submitted, edition=edition, number=47, actor=curator)
    assert submitted.edition_entries.get(edition=edition).number == 47


def test_a_contributor_deletes_only_an_unsubmitted_draft(proposal, contributor, curator):
    draft_pk = proposal.pk
    with pytest.raises(PermissionDenied):
        services.draft_delete(initiative=proposal, actor=curator)
    services.initiative_transition(initiative=proposal, to=S.SUBMITTED, actor=contributor)
    with pytest.raises(PermissionDenied):
        services.draft_delete(initiative=proposal, actor=contributor)
    other = services.initiative_save(data=complete_data(title="À jeter"), actor=contributor)
    services.draft_delete(initiative=other, actor=contributor)
    assert list(Initiative.objects.values_list("pk", flat=True)) == [draft_pk]
    entry = AuditLogEntry.objects.get(action="initiative.deleted")
    assert (entry.actor, entry.data["title"]) == (contributor, "À jeter")
