"""The curators' edit form: every field of a fiche, transfer kit and indicators included."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from cahier.catalogue.services import InitiativeData, VersionConflict

from .. import services
from ..forms import FullForm
from ..suggestions import suggest
from .common import conflict_response, curator_required, form_status
from .contribute import _errors_to_form, discard_uploads, store_uploads
from .curation import _initiative


@curator_required
def edit(request, pk):
    """Edit every field; each save is a new revision. A stale version gets the 409 page."""
    initiative = _initiative(pk)
    if request.method == "POST":
        form = FullForm(request.POST, request.FILES, initiative=initiative)
    else:
        initial = FullForm.initial_from(
            InitiativeData.from_initiative(initiative), initiative.version
        )
        form = FullForm(
            initial=initial, initiative=initiative, add_rows=request.GET.get("ajouter", "")
        )
    if request.method == "POST" and form.is_valid():
        stored = store_uploads(form)
        mine = form.apply(InitiativeData.from_initiative(initiative))
        try:
            services.initiative_save(
                initiative=initiative,
                data=mine,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except VersionConflict as conflict:
            return conflict_response(
                request,
                current=conflict.initiative,
                mine=mine,
                expected_version=form.cleaned_data["version"],
                form_class=FullForm,
                form_kwargs={"initiative": initiative},
                action=request.path,
                back=reverse("curation:detail", kwargs={"pk": pk}),
            )
        except ValidationError as error:
            discard_uploads(stored)
            _errors_to_form(form, error)
        else:
            messages.success(request, "Fiche enregistrée (nouvelle révision).")
            if added := request.POST.get("add_row", ""):
                url = reverse("curation:edit", kwargs={"pk": pk})
                return redirect(f"{url}?ajouter={added}#records-{added}")
            return redirect("curation:detail", pk=pk)
    text = "\n".join(
        [initiative.title, initiative.description, initiative.public, initiative.results]
    )
    return render(
        request,
        "contributions/curation/edit.html",
        {"initiative": initiative, "form": form, "suggestions": suggest(text)},
        status=form_status(form),
    )
