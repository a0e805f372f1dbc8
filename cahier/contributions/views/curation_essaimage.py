"""Curation of essaimage: indicators proposed from the results text, the link to an origin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cahier.catalogue.services import VersionConflict

from .. import essaimage
from ..curation_forms import LineageForm, OutcomeSuggestionForm
from .common import curator_required, version_missing
from .curation import _initiative

CONFLICT = "La fiche a été modifiée entre-temps : la page montre son état actuel, recommencez."


def _suggestion_form(figure, initiative, data=None):
    initial = {**figure.outcome(), "key": figure.key, "version": initiative.version}
    if isinstance(initial["value"], float):
        initial["value"] = str(initial["value"]).replace(".", ",")
    return OutcomeSuggestionForm(data, initial=initial, auto_id=f"id_{figure.key[:10]}_%s")


@curator_required
def outcomes(request, pk):
    """Figures of « Résultats » a curator edits then adds to the indicators, or dismisses."""
    initiative = _initiative(pk)
    back = reverse("curation:outcomes", kwargs={"pk": pk})
    figures = essaimage.outcome_suggestions(initiative)
    posted = {}
    if request.method == "POST":
        figure = {f.key: f for f in figures}.get(request.POST.get("key", ""))
        if figure is None:
            messages.info(request, "Ce chiffre n’est plus proposé : déjà ajouté ou écarté.")
            return redirect(back)
        if "ecarter" in request.POST:
            essaimage.outcome_suggestion_dismiss(
                initiative=initiative, figure=figure, actor=request.user
            )
            messages.success(request, f"Chiffre écarté : « {figure.context} ».")
            return redirect(back)
        form = _suggestion_form(figure, initiative, request.POST)
        if form.is_valid():
            try:
                essaimage.outcome_suggestion_accept(
                    initiative=initiative,
                    outcome=form.outcome(),
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except VersionConflict:
                messages.error(request, CONFLICT)
                return redirect(back)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Indicateur ajouté à la fiche (nouvelle révision).")
                return redirect(back)
        elif "version" in form.errors:
            return version_missing(request, back=back)
        posted[figure.key] = form
    rows = [
        (figure, posted.get(figure.key) or _suggestion_form(figure, initiative))
        for figure in figures
    ]
    return render(
        request,
        "contributions/curation/outcomes.html",
        {"initiative": initiative, "rows": rows},
    )


@curator_required
@require_POST
def lineage(request, pk):
    """Link the fiche to the fiche it replicates, or unlink it (« delier »)."""
    initiative = _initiative(pk)
    back = reverse("curation:detail", kwargs={"pk": pk})
    form = LineageForm(request.POST, initiative=initiative)
    if not form.is_valid():
        if "version" in form.errors:
            return version_missing(request, back=back)
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(f"{back}#essaimage")
    unlink = "delier" in request.POST
    origin = None if unlink else form.cleaned_data["replication_of"]
    if origin is None and not unlink:
        messages.error(request, "Choisissez la fiche d’origine.")
        return redirect(f"{back}#essaimage")
    try:
        essaimage.initiative_origin_set(
            initiative=initiative,
            origin=origin,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except VersionConflict:
        messages.error(request, CONFLICT)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            "Lien d’essaimage retiré." if unlink else f"Fiche liée à « {origin.title} ».",
        )
    return redirect(f"{back}#essaimage")
