"""Proposed updates of a published fiche (its holder, through the reminder's signed link or
« Mes initiatives »): recorded apart, the published fiche unchanged, until a curator accepts
(a new revision, through initiative_save) or rejects (with a reason, e-mailed).

One pending proposal per fiche and source: a second one *replaces* the first (state
« remplacée », kept in the history) rather than being refused, so that a holder who noticed a
mistake just sends the form again."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.catalogue import services as catalogue
from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData
from cahier.catalogue.snapshot import data_to_json, initiative_to_json, json_to_data
from cahier.core import limits, roles
from cahier.core.cleaning import clean_text

from . import notifications
from .audit import audit_log
from .diff import ConflictRow, FieldDiff, diff_snapshots, three_way
from .enums import AuditAction, UpdateSource, UpdateState
from .models import Revision, UpdateProposal

NOT_PUBLISHED = "Seule une fiche publiée peut recevoir une proposition de mise à jour."
NOT_PENDING = "Cette proposition a déjà été traitée (ou remplacée par une plus récente)."
CONFLICTS_UNCONFIRMED = (
    "Des champs ont été modifiés des deux côtés ({fields})\u00a0: cochez la case de "
    "confirmation pour reprendre la version proposée, ou refusez la proposition."
)


def _base_snapshot(initiative: Initiative, base_version: int) -> dict:
    """The fiche as the proposer loaded it: now, or the revision of that version."""
    if base_version == initiative.version:
        return initiative_to_json(initiative)
    revision = (
        Revision.objects.filter(initiative=initiative, version=base_version).order_by("-id").first()
    )
    # No revision of that version (an import changed it): the current fiche is the best base.
    return revision.data if revision else initiative_to_json(initiative)


def update_base(initiative: Initiative, base_version: int) -> InitiativeData:
    """What the update form is applied onto: the fiche as the proposer loaded it, so that the
    fields the form does not show are never counted as the proposer's changes."""
    return json_to_data(_base_snapshot(initiative, base_version))


def update_proposal_create(
    *,
    initiative: Initiative,
    data: InitiativeData,
    base_version: int,
    source: str,
    proposer=None,
    proposer_email: str = "",
    proposer_name: str = "",
    note: str = "",
) -> UpdateProposal:
    """Record *data* (the whole fiche as proposed, edited from *base_version*) for the
    curators; the published fiche is left as it is. A pending proposal of the same *source*
    is replaced. A signed-in *proposer* must own the fiche (HOLDER source)."""
    source = UpdateSource(source)
    catalogue.version_required(base_version)
    if source == UpdateSource.HOLDER and not roles.is_owner(proposer, initiative):
        raise PermissionDenied("Seul le porteur de la fiche peut en proposer une mise à jour.")
    catalogue.initiative_check_lengths(data=data)
    limits.check_one("note", note, limits.COMMENT)
    note = clean_text(note)
    proposer = proposer if proposer is not None and proposer.is_authenticated else None
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.status != PublicationStatus.PUBLISHED:
            raise ValidationError(NOT_PUBLISHED)
        replaced = UpdateProposal.objects.select_for_update().filter(
            initiative=locked, source=source, state=UpdateState.PENDING
        )
        for old in replaced:
            old.state, old.decided_at = UpdateState.REPLACED, timezone.now()
            old.save(update_fields=["state", "decided_at"])
            audit_log(
                action=AuditAction.UPDATE_REPLACED,
                actor=proposer,
                initiative=locked,
                proposal=old.pk,
            )
        proposal = UpdateProposal.objects.create(
            initiative=locked,
            data=data_to_json(data),
            base_version=base_version,
            base_data=_base_snapshot(locked, base_version),
            source=source,
            proposer=proposer,
            proposer_email=proposer_email.strip().lower(),
            proposer_name=clean_text(proposer_name)[:150],
            note=note,
        )
        audit_log(
            action=AuditAction.UPDATE_PROPOSED,
            actor=proposer,
            initiative=locked,
            reason=note,
            proposal=proposal.pk,
            source=str(source),
        )
    notifications.update_proposed_to_curators(proposal)
    return proposal


@dataclass
class Review:
    """What a curator compares before deciding: the proposal against the published fiche
    (*diffs*), or, when the fiche changed since the holder loaded it, each side's changes
    against that base (*conflicts*; « both »: changed on both sides)."""

    proposal: UpdateProposal
    diffs: list[FieldDiff]
    conflicts: list[ConflictRow]
    both: list[str]
    merged: dict

    @property
    def changed_meanwhile(self) -> bool:
        return bool(self.conflicts)


def update_proposal_review(proposal: UpdateProposal) -> Review:
    current = initiative_to_json(proposal.initiative)
    if current == proposal.base_data:
        diffs = diff_snapshots(current, proposal.data, only_changed=True)
        return Review(proposal, diffs, [], [], proposal.data)
    merged, rows = three_way(proposal.base_data, current, proposal.data, set(proposal.data))
    both = [row.label for row in rows if row.status == "both"]
    return Review(proposal, [], rows, both, merged)


def _pending(proposal: UpdateProposal, actor) -> UpdateProposal:
    if not roles.is_curator(actor):
        raise PermissionDenied
    locked = (
        UpdateProposal.objects.select_for_update().select_related("initiative").get(pk=proposal.pk)
    )
    if locked.state != UpdateState.PENDING:
        raise ValidationError(NOT_PENDING)
    return locked


def _decided(proposal: UpdateProposal, actor, state: str, reason: str = "") -> None:
    proposal.state, proposal.reason = state, reason
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save(update_fields=["state", "reason", "decided_by", "decided_at"])


def update_proposal_accept(
    *, proposal: UpdateProposal, actor, expected_version: int, accept_conflicts: bool = False
) -> Initiative:
    """Apply the proposal as a new revision of the fiche (*expected_version*: the version the
    curator compared against; VersionConflict when it moved since). Fields changed meanwhile
    and not by the proposal keep their new value; fields changed on both sides need
    *accept_conflicts* (ValidationError otherwise). The fiche is dated as verified: its
    holder has just confirmed it."""
    # Imported here: services re-exports this module's writes (one door for views and tests).
    from .services import initiative_save

    catalogue.version_required(expected_version)
    with transaction.atomic():
        proposal = _pending(proposal, actor)
        if proposal.initiative.status != PublicationStatus.PUBLISHED:
            raise ValidationError(NOT_PUBLISHED)
        review = update_proposal_review(proposal)
        if review.both and not accept_conflicts:
            raise ValidationError(CONFLICTS_UNCONFIRMED.format(fields=", ".join(review.both)))
        who = proposal.proposer_name or proposal.contact_email or "le porteur"
        initiative = initiative_save(
            initiative=proposal.initiative,
            data=json_to_data(review.merged),
            actor=actor,
            expected_version=expected_version,
            comment=f"Mise à jour proposée par {who} (proposition {proposal.pk})",
            action=AuditAction.UPDATE_ACCEPTED,
        )
        catalogue.initiative_verify(initiative=initiative, at=timezone.now())
        _decided(proposal, actor, UpdateState.ACCEPTED)
    notifications.update_decided(proposal)
    return initiative


def update_proposal_reject(*, proposal: UpdateProposal, actor, reason: str) -> UpdateProposal:
    """Refuse the proposal; the *reason* (required) is e-mailed to the proposer on commit."""
    limits.check_one("reason", reason, limits.REASON)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif\u00a0: il sera envoyé au porteur."})
    with transaction.atomic():
        proposal = _pending(proposal, actor)
        _decided(proposal, actor, UpdateState.REJECTED, reason)
        audit_log(
            action=AuditAction.UPDATE_REJECTED,
            actor=actor,
            initiative=proposal.initiative,
            reason=reason,
            proposal=proposal.pk,
        )
    notifications.update_decided(proposal)
    return proposal
