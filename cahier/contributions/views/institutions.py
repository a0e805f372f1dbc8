"""Curators' pages of the institutions that changed names (DIRECCTE → DREETS…): the table,
one row's form, and the fiches whose contacts still write to an old mail domain."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cahier.catalogue.models import InstitutionChange
from cahier.catalogue.selectors import initiatives_with_dead_addresses
from cahier.core import roles

from .. import calls
from ..forms import InstitutionChangeForm
from .common import curator_required
from .contribute import _errors_to_form

manage_required = roles.action_required(roles.Action.MANAGE_INSTITUTIONS)


@curator_required
def institution_changes(request):
    return render(
        request,
        "contributions/curation/institutions.html",
        {"changes": InstitutionChange.objects.all()},
    )


@manage_required
def institution_change_edit(request, pk=None):
    change = get_object_or_404(InstitutionChange, pk=pk) if pk else None
    initial = {}
    if change:
        initial = {name: getattr(change, name) for name in InstitutionChangeForm.base_fields}
    form = InstitutionChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = calls.institution_change_save(
                actor=request.user, change=change, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"« {change} » enregistré.")
            return redirect("curation:institutions")
    return render(
        request, "contributions/curation/institution_form.html", {"form": form, "change": change}
    )


@manage_required
@require_POST
def institution_change_delete(request, pk):
    change = get_object_or_404(InstitutionChange, pk=pk)
    label = str(change)
    calls.institution_change_delete(actor=request.user, change=change)
    messages.success(request, f"« {label} » supprimé.")
    return redirect("curation:institutions")


@curator_required
def dead_addresses(request):
    return render(
        request,
        "contributions/curation/dead_addresses.html",
        {"fiches": initiatives_with_dead_addresses()},
    )
