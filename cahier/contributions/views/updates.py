"""Proposed updates of a published fiche: the holder's form (« Mes initiatives », signed in;
the reminder's signed link renders the same form from cahier/reminders), and the curators'
queue « Mises à jour proposées » with the comparison and the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.services import VersionConflict
from cahier.core.http import rate_limited

from .. import selectors, services
from ..curation_forms import UpdateAcceptForm, UpdateRejectForm
from ..enums import UpdateSource, UpdateState
from ..fields import errors_to_form
from ..models import UpdateProposal
from ..update_forms import UpdateForm
from ..updates import update_base, update_proposal_review
from .common import curator_required, form_status, own_initiative, too_many_requests


@login_required
def propose(request, pk):
    initiative = own_initiative(request, pk)
    if initiative.status != PublicationStatus.PUBLISHED:
        messages.info(request, "Seule une fiche publiée reçoit une proposition de mise à jour.")
        return redirect("contributions:mine_detail", pk=pk)
    pending = selectors.update_proposal_pending_of(initiative, UpdateSource.HOLDER)
    if request.method == "POST":
        if rate_limited(request, group="submission", key="user"):
            return too_many_requests(request)
        form = UpdateForm(request.POST)
        if form.is_valid() and not form.adds_row:
            base_version = form.cleaned_data["version"]
            try:
                services.update_proposal_create(
                    initiative=initiative,
                    data=form.apply(update_base(initiative, base_version)),
                    base_version=base_version,
                    source=UpdateSource.HOLDER,
                    proposer=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    "Votre mise à jour est envoyée\u00a0: un curateur la relira. La fiche "
                    "publiée reste inchangée d’ici là.",
                )
                return redirect("contributions:mine_detail", pk=pk)
    else:
        form = UpdateForm(initial=UpdateForm.initial_for(initiative, pending))
    return render(
        request,
        "contributions/update_propose.html",
        {"initiative": initiative, "form": form, "pending": pending},
        status=form_status(form),
    )


@curator_required
def queue(request):
    return render(
        request,
        "contributions/curation/updates.html",
        {"proposals": list(selectors.update_proposals_pending())},
    )


def _proposal(pk) -> UpdateProposal:
    return get_object_or_404(
        UpdateProposal.objects.select_related("initiative__region", "proposer", "decided_by"),
        pk=pk,
    )


def _detail(request, proposal, *, accept_form=None, reject_form=None, status=200):
    review = update_proposal_review(proposal)
    initiative = proposal.initiative
    return render(
        request,
        "contributions/curation/update_detail.html",
        {
            "proposal": proposal,
            "initiative": initiative,
            "review": review,
            "diffs": review.diffs,
            "left_title": f"Fiche publiée (version {initiative.version})",
            "right_title": "Proposée",
            "pending": proposal.state == UpdateState.PENDING,
            "accept_form": accept_form or UpdateAcceptForm(initial={"version": initiative.version}),
            "reject_form": reject_form or UpdateRejectForm(),
        },
        status=status,
    )


@curator_required
def detail(request, pk):
    return _detail(request, _proposal(pk))


@curator_required
@require_POST
def accept(request, pk):
    proposal = _proposal(pk)
    form = UpdateAcceptForm(request.POST)
    if not form.is_valid():
        return _detail(request, proposal, accept_form=form, status=400)
    try:
        services.update_proposal_accept(
            proposal=proposal,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            accept_conflicts=form.cleaned_data["accept_conflicts"],
        )
    except VersionConflict:
        messages.error(
            request,
            "La fiche a été modifiée pendant que vous compariez\u00a0: rien n’a été enregistré. "
            "Voici la comparaison à jour.",
        )
        return redirect("curation:update_detail", pk=pk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("curation:update_detail", pk=pk)
    messages.success(request, "Mise à jour acceptée\u00a0: la fiche publiée est modifiée.")
    return redirect("curation:updates")


@curator_required
@require_POST
def reject(request, pk):
    proposal = _proposal(pk)
    form = UpdateRejectForm(request.POST)
    if form.is_valid():
        try:
            services.update_proposal_reject(
                proposal=proposal, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, "Mise à jour refusée\u00a0: le porteur reçoit le motif.")
            return redirect("curation:updates")
    return _detail(request, proposal, reject_form=form, status=400)
