"""Curators' pages: the contact requests (filters by status and region) and the regions'
referents (one row per region, editable)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cahier.catalogue.models import Region
from cahier.core import roles
from cahier.core.dates import french_date

from .. import selectors, services
from ..enums import AnsweredBy, RequestStatus
from ..forms import FilterForm, RegionReferentForm
from ..models import ContactRequest

curator_required = roles.action_required(roles.Action.CURATE)
SHOWN = 200


@curator_required
def requests(request):
    filters = FilterForm(request.GET)
    filters.is_valid()
    status = filters.cleaned_data.get("etat", "")
    region = filters.cleaned_data.get("region", "")
    found = selectors.requests_for_curation(status=status, region=region)
    return render(
        request,
        "contacts/curation/requests.html",
        {
            "requests": found[:SHOWN],
            "total": found.count(),
            "shown": SHOWN,
            "statuses": RequestStatus.choices,
            "regions": Region.objects.all(),
            "filters": {"etat": status, "region": region},
            "answerable": services.ANSWERABLE,
        },
    )


@curator_required
@require_POST
def request_answer(request, pk):
    contact_request = get_object_or_404(ContactRequest.objects.select_related("initiative"), pk=pk)
    if services.contact_request_answer(
        contact_request=contact_request, by=AnsweredBy.CURATOR, actor=request.user
    ):
        messages.success(
            request,
            f"Demande du {french_date(contact_request.created_at)} sur "
            f"« {contact_request.initiative.title} » marquée répondue.",
        )
    else:
        messages.info(request, "Cette demande était déjà marquée répondue.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "contacts_curation:requests"
    return redirect(back or "contacts_curation:requests")


def _referent_forms(data=None):
    rows = []
    for region in Region.objects.all():
        initial = {
            "organisation": region.referent_organisation,
            "service": region.referent_service,
            "email": region.referent_email,
        }
        rows.append((region, RegionReferentForm(data, prefix=region.slug, initial=initial)))
    return rows


@curator_required
def referents(request):
    rows = _referent_forms(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        changed = 0
        for region, form in rows:
            if not form.is_valid() or not form.has_changed():
                continue
            try:
                changed += services.region_referent_set(
                    region=region, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        if not any(form.errors for _, form in rows):
            if changed:
                messages.success(
                    request, f"Référents enregistrés ({changed} région(s) modifiée(s))."
                )
            else:
                messages.info(request, "Aucun changement.")
            return redirect("contacts_curation:referents")
        messages.error(
            request,
            "Certaines lignes n’ont pas été enregistrées : corrigez les erreurs signalées "
            "ci-dessous (les autres lignes sont enregistrées).",
        )
    return render(
        request,
        "contacts/curation/referents.html",
        {"rows": rows},
        status=400 if request.method == "POST" else 200,
    )
