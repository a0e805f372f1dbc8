"""Writes of the contributions app: saving a proposal with its revision, the state machine,
comments, merging, numbering, calls and events. Views only parse input and call these."""

import json
from dataclasses import fields, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.catalogue import services as catalogue
from cahier.catalogue.enums import EventKind, ProvenanceStatus, PublicationStatus
from cahier.catalogue.models import Event, Initiative
from cahier.catalogue.services import LIST_FIELDS, RECORD_FIELDS, InitiativeData
from cahier.catalogue.snapshot import FIELD_LABELS, initiative_to_json, json_to_data
from cahier.core import limits, roles
from cahier.core.cleaning import clean_text
from cahier.editions import services as editions

from . import notifications

# Re-exported: views and tests reach every write through `services`.
from .audit import audit_log
from .calls import call_close, call_open, call_save, event_save  # noqa: F401
from .enums import AuditAction
from .models import Call, Comment, Revision, Submission
from .spreadsheet.services import (  # noqa: F401
    SpreadsheetNotImportable,
    spreadsheet_import_confirm,
    spreadsheet_import_prepare,
)
from .updates import (  # noqa: F401
    update_proposal_accept,
    update_proposal_create,
    update_proposal_reject,
)

S = PublicationStatus
# Roles in the table below; a publisher is a curator who holds roles.Action.PUBLISH.
OWNER, CURATOR, PUBLISHER = "owner", "curator", "publisher"

# (from, to) → who may make that move. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (S.DRAFT, S.SUBMITTED): {OWNER},
    (S.CHANGES_REQUESTED, S.SUBMITTED): {OWNER},
    (S.SUBMITTED, S.IN_REVIEW): {CURATOR},
    (S.SUBMITTED, S.CHANGES_REQUESTED): {CURATOR},
    (S.IN_REVIEW, S.CHANGES_REQUESTED): {CURATOR},
    (S.SUBMITTED, S.PUBLISHED): {PUBLISHER},
    (S.IN_REVIEW, S.PUBLISHED): {PUBLISHER},
    (S.SUBMITTED, S.REJECTED): {PUBLISHER},
    (S.IN_REVIEW, S.REJECTED): {PUBLISHER},
    (S.CHANGES_REQUESTED, S.REJECTED): {PUBLISHER},
    (S.PUBLISHED, S.ARCHIVED): {PUBLISHER},
    (S.ARCHIVED, S.PUBLISHED): {PUBLISHER},
    (S.REJECTED, S.IN_REVIEW): {CURATOR},
}
REASON_REQUIRED = {S.CHANGES_REQUESTED, S.REJECTED, S.ARCHIVED}

ACTIONS = {
    S.SUBMITTED: AuditAction.INITIATIVE_SUBMITTED,
    S.IN_REVIEW: AuditAction.INITIATIVE_REVIEW_STARTED,
    S.CHANGES_REQUESTED: AuditAction.INITIATIVE_CHANGES_REQUESTED,
    S.PUBLISHED: AuditAction.INITIATIVE_PUBLISHED,
    S.REJECTED: AuditAction.INITIATIVE_REJECTED,
    S.ARCHIVED: AuditAction.INITIATIVE_ARCHIVED,
}


DRAFT_COMMENTS_CLOSED = (
    "Les échanges avec l’équipe du cahier s’ouvrent une fois la proposition envoyée : "
    "les curateurs ne voient pas les brouillons."
)


class TransitionNotAllowed(PermissionDenied):
    """The move is not in the table, or not for this actor."""


def provenance_validate(*, event: Event | None, status: str, category: str) -> None:
    """The combinations a JITE or a Trophées FSE call allows (raises ValidationError)."""
    if not event:
        if status or category:
            raise ValidationError(
                {"event": "Choisissez l’événement (JITE ou Trophées FSE) de cette provenance."}
            )
        return
    if event.kind == EventKind.JITE:
        allowed = {ProvenanceStatus.PRESENTED, ProvenanceStatus.COLLECTED}
        if status and status not in allowed:
            raise ValidationError(
                {
                    "provenance_status": "À une JITE, une initiative est « présenté » ou « recueilli non présenté »."
                }
            )
        if category:
            raise ValidationError(
                {"provenance_category": "Une JITE n’a pas de catégorie : laissez ce champ vide."}
            )
        return
    allowed = {ProvenanceStatus.SELECTED, ProvenanceStatus.NOT_SELECTED}
    if status and status not in allowed:
        raise ValidationError(
            {
                "provenance_status": "Aux Trophées FSE, une initiative est « retenu » ou « non retenu »."
            }
        )
    if status == ProvenanceStatus.SELECTED:
        if not category:
            raise ValidationError(
                {
                    "provenance_category": "Indiquez la catégorie dans laquelle l’initiative a été retenue."
                }
            )
        if event.categories and category not in event.categories:
            raise ValidationError(
                {
                    "provenance_category": "Cette catégorie n’existe pas pour "
                    f"{event} (catégories : {', '.join(event.categories)})."
                }
            )
    elif category:
        raise ValidationError(
            {"provenance_category": "Seule une initiative « retenu » a une catégorie."}
        )


def _record_revision(initiative: Initiative, actor, comment: str) -> Revision:
    return Revision.objects.create(
        initiative=initiative,
        version=initiative.version,
        data=initiative_to_json(initiative),
        author=actor if actor and actor.is_authenticated else None,
        comment=comment[: limits.REVISION_COMMENT.chars],
    )


def initiative_save(
    *,
    data: InitiativeData,
    actor,
    initiative: Initiative | None = None,
    expected_version: int | None = None,
    comment: str = "",
    call: Call | None = None,
    action: str | None = None,
) -> Initiative:
    """Create (no *initiative*: a draft proposed by *actor*) or update a fiche through the
    catalogue services, and record a revision and an audit entry. An update needs the
    *expected_version* the editor started from: VersionConflict when stale, ValidationError
    when missing (never a silent overwrite) or on invalid data."""
    if initiative is not None:
        catalogue.version_required(expected_version)
    catalogue.initiative_check_lengths(data=data)
    # *data* is already clean: InitiativeData applies cahier.core.cleaning as it is made.
    provenance_validate(
        event=data.event, status=data.provenance_status, category=data.provenance_category
    )
    with transaction.atomic():
        if initiative is None:
            initiative = catalogue.initiative_create(data=data, status=S.DRAFT, created_by=actor)
            Submission.objects.create(initiative=initiative, call=call, contributor=actor)
            action = action or AuditAction.INITIATIVE_CREATED
        else:
            if not Revision.objects.filter(initiative=initiative).exists():
                # Imported or older fiches: keep their state before the first change here, so
                # that the history can show (and restore) what the change replaced.
                _record_revision(initiative, None, "État avant la première modification ici")
            initiative = catalogue.initiative_update(
                initiative=initiative, data=data, expected_version=expected_version, actor=actor
            )
            action = action or AuditAction.INITIATIVE_UPDATED
        _record_revision(initiative, actor, comment)
        audit_log(
            action=action,
            actor=actor,
            initiative=initiative,
            reason=comment,
            version=initiative.version,
        )
    return initiative


# What a proposal needs before it is sent, by the name of its field in the proposal's forms
# (which do not mark them « (facultatif) », see forms.STEPS): the initiative's attribute and
# the message when it is empty.
NEEDED_TO_SUBMIT = {
    "title": ("title", "Donnez un titre à l’initiative."),
    "territory": (
        "territory",
        "Précisez le territoire concerné (commune, département, bassin d’emploi…).",
    ),
    "description": ("description", "Décrivez le projet (étape 2)."),
    "porteur": ("porteur_label", "Indiquez l’organisme porteur (étape 3)."),
    "public": ("public", "Précisez le public cible (étape 3)."),
    "referent_emails": (
        "referent_emails",
        "Indiquez au moins une adresse électronique de référent (étape 3).",
    ),
}


def submission_missing_fields(initiative: Initiative) -> dict[str, str]:
    """What a proposal still lacks before it can be submitted, as French messages by the name
    of the form field to fill (NEEDED_TO_SUBMIT, and « region » out of the call's scope)."""
    missing = {}
    for name, (attribute, message) in NEEDED_TO_SUBMIT.items():
        value = getattr(initiative, attribute)
        if not (value if isinstance(value, list) else str(value or "").strip()):
            missing[name] = message
    submission = getattr(initiative, "submission", None)
    if submission and submission.call_id:
        scope = list(submission.call.regions.all())
        if scope and initiative.region not in scope:
            names = ", ".join(region.name for region in scope)
            missing["region"] = f"Cet appel concerne seulement : {names}."
    return missing


def _actor_roles(actor, initiative: Initiative) -> set[str]:
    found = set()
    if roles.is_owner(actor, initiative):
        found.add(OWNER)
    if roles.is_curator(actor):
        found.add(CURATOR)
        if roles.can(actor, roles.Action.PUBLISH):
            found.add(PUBLISHER)
    return found


def allowed_transitions(*, initiative: Initiative, actor) -> list[str]:
    """The states *actor* may move *initiative* to now (to offer only those buttons)."""
    mine = _actor_roles(actor, initiative)
    return [
        to
        for (source, to), who in TRANSITIONS.items()
        if source == initiative.status and who & mine
    ]


def initiative_transition(
    *, initiative: Initiative, to: str, actor, reason: str = "", notify: bool = True
) -> Initiative:
    """THE way an initiative changes state: checks the move and the actor's role, saves through
    the catalogue, records who/when/why in the audit log and e-mails the contributor."""
    to = S(to)
    source = initiative.status
    who = TRANSITIONS.get((source, to))
    if not who:
        raise TransitionNotAllowed(f"Passage impossible de « {S(source).label} » à « {to.label} ».")
    if not who & _actor_roles(actor, initiative):
        raise TransitionNotAllowed("Vous n’avez pas le droit de faire ce changement d’état.")
    limits.check_one("reason", reason, limits.REASON)
    reason = clean_text(reason)
    if to in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": "Indiquez le motif : il sera envoyé au contributeur."})
    if to == S.SUBMITTED:
        missing = submission_missing_fields(initiative)
        if missing:
            raise ValidationError(missing)
        submission = getattr(initiative, "submission", None)
        if (
            source == S.DRAFT
            and submission
            and submission.call_id
            and not submission.call.is_open()
        ):
            raise ValidationError(
                "L’appel « %(call)s » est clos : la proposition ne peut plus être soumise.",
                params={"call": submission.call.title},
            )
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.status != source:
            raise TransitionNotAllowed(
                "L’état de la fiche a changé entre-temps : rechargez la page."
            )
        updated = catalogue.initiative_set_status(initiative=locked, status=to)
        if to == S.SUBMITTED:
            Submission.objects.filter(initiative=updated).update(submitted_at=timezone.now())
        action = ACTIONS[to]
        if (source, to) in {(S.ARCHIVED, S.PUBLISHED), (S.REJECTED, S.IN_REVIEW)}:
            action = AuditAction.INITIATIVE_REOPENED
        audit_log(
            action=action,
            actor=actor,
            initiative=updated,
            reason=reason,
            **{"from": str(source), "to": str(to)},
        )
    initiative.status = updated.status
    initiative.published_at = updated.published_at
    if notify:
        notifications.state_changed(updated, source=source, to=to, actor=actor, reason=reason)
        if to == S.SUBMITTED:
            notifications.submitted_to_curators(updated, resubmitted=source == S.CHANGES_REQUESTED)
    return updated


def comment_add(*, initiative: Initiative, author, text: str) -> Comment:
    if not roles.can_view(author, initiative):
        raise PermissionDenied("Vous ne pouvez pas commenter cette fiche.")
    limits.check_one("text", text, limits.COMMENT)
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": "Le commentaire est vide."})
    if initiative.status == S.DRAFT and not roles.is_curator(author):
        # Curators do not see drafts: such a comment would be read by no one.
        raise PermissionDenied(DRAFT_COMMENTS_CLOSED)
    with transaction.atomic():
        comment = Comment.objects.create(initiative=initiative, author=author, text=text)
        audit_log(action=AuditAction.INITIATIVE_COMMENTED, actor=author, initiative=initiative)
    notifications.comment_added(comment)
    return comment


def draft_delete(*, initiative: Initiative, actor) -> None:
    """A contributor drops their own draft (never once submitted: then it is the curators')."""
    if not (roles.is_owner(actor, initiative) and initiative.status == S.DRAFT):
        raise PermissionDenied("Seul son auteur peut supprimer un brouillon non soumis.")
    with transaction.atomic():
        audit_log(
            action=AuditAction.INITIATIVE_DELETED,
            actor=actor,
            title=initiative.title,
            pk=initiative.pk,
        )
        catalogue.initiative_delete(initiative=initiative)


def revision_restore(*, revision: Revision, actor, expected_version: int):
    """Bring an old revision back: a new save (and a new revision), history kept."""
    if not roles.is_curator(actor):
        raise PermissionDenied
    return initiative_save(
        initiative=revision.initiative,
        data=json_to_data(revision.data),
        actor=actor,
        expected_version=expected_version,
        comment=f"Restauration de la version {revision.version}",
        action=AuditAction.INITIATIVE_RESTORED,
    )


MERGEABLE_FIELDS = [f.name for f in fields(InitiativeData) if f.name != "region"] + ["region"]
MERGE_SOURCES = {S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.PUBLISHED}
# Lists whose merge can keep both sides (« Combiner »): the union, in order, without repeats.
MERGE_COMBINABLE = (
    *LIST_FIELDS,
    *RECORD_FIELDS,
    "keywords",
    "publics",
    "fundings",
    "offers",
)


def _union(kept: list, theirs: list) -> list:
    """*kept* then the items of *theirs* it lacks: terms by identity, records by content,
    lines without regard to case (« Marie@Asso.fr » is « marie@asso.fr »)."""

    def key(item):
        if hasattr(item, "pk"):
            return ("pk", item.pk)
        if isinstance(item, dict):
            return ("record", json.dumps(item, sort_keys=True, default=str))
        return ("line", str(item).casefold())

    seen = {key(item) for item in kept}
    result = list(kept)
    for item in theirs:
        if key(item) not in seen:
            seen.add(key(item))
            result.append(item)
    return result


def initiative_merge(
    *,
    duplicate: Initiative,
    target: Initiative,
    fields_from_duplicate: list[str],
    actor,
    note: str,
    expected_version: int,
    fields_combined: list[str] = (),
) -> Initiative:
    """Fold *duplicate* into *target*: the fields of *fields_from_duplicate* take the
    duplicate's value, the lists of *fields_combined* keep both (MERGE_COMBINABLE), in a new
    revision of the target (none when that changes nothing), then the duplicate is rejected
    (or archived if it was published) with *note*."""
    if not roles.is_curator(actor):
        raise PermissionDenied
    catalogue.version_required(expected_version)
    if duplicate.pk == target.pk:
        raise ValidationError("Une fiche ne peut pas être fusionnée avec elle-même.")
    if duplicate.status not in MERGE_SOURCES:
        raise ValidationError("Seule une fiche soumise, en examen ou publiée peut être fusionnée.")
    unknown = (set(fields_from_duplicate) - set(MERGEABLE_FIELDS)) | (
        set(fields_combined) - set(MERGE_COMBINABLE)
    )
    if unknown:
        raise ValidationError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    if both := set(fields_from_duplicate) & set(fields_combined):
        labels = ", ".join(FIELD_LABELS[name] for name in MERGEABLE_FIELDS if name in both)
        raise ValidationError(
            f"Pour un même champ, prenez la valeur du doublon ou combinez les deux, pas les "
            f"deux à la fois : {labels}."
        )
    limits.check_one("note", note, limits.REASON)
    note = clean_text(note) or f"Doublon de « {target.title} »."
    kept = InitiativeData.from_initiative(target)
    theirs = InitiativeData.from_initiative(duplicate)
    data = replace(kept, **{name: getattr(theirs, name) for name in fields_from_duplicate})
    data = replace(
        data,
        **{name: _union(getattr(kept, name), getattr(theirs, name)) for name in fields_combined},
    )
    with transaction.atomic():
        if data == kept:
            # Nothing taken from the duplicate (or nothing it would change): no new version of
            # the kept fiche, only the journal's trace of the merge.
            current = Initiative.objects.select_for_update().get(pk=target.pk)
            if current.version != expected_version:
                raise catalogue.VersionConflict(current, expected_version)
            audit_log(
                action=AuditAction.INITIATIVE_MERGED,
                actor=actor,
                initiative=target,
                reason=f"Fusion du doublon « {duplicate.title} » (aucun champ repris)",
                version=target.version,
            )
            merged = target
        else:
            merged = initiative_save(
                initiative=target,
                data=data,
                actor=actor,
                expected_version=expected_version,
                comment=f"Fusion du doublon « {duplicate.title} »",
                action=AuditAction.INITIATIVE_MERGED,
            )
        to = S.ARCHIVED if duplicate.status == S.PUBLISHED else S.REJECTED
        initiative_transition(initiative=duplicate, to=to, actor=actor, reason=note)
    return merged


def initiative_number_set(*, initiative: Initiative, edition, number: int | None, actor):
    """The fiche's number in *edition* (None removes it from the edition). The editions app
    writes it, and refuses it for a published (frozen) edition."""
    if not roles.can(actor, roles.Action.COMPOSE_EDITION):
        raise PermissionDenied
    with transaction.atomic():
        editions.edition_number_set(edition=edition, initiative=initiative, number=number)
        audit_log(
            action=AuditAction.INITIATIVE_NUMBERED,
            actor=actor,
            initiative=initiative,
            edition=edition.slug,
            number=number,
        )
