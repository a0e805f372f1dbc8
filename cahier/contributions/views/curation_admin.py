"""Curators' management pages: calls for initiatives, events, porteurs' SIRET, inviting
contributors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cahier.catalogue import services as catalogue_services
from cahier.catalogue.models import Event, Organisation

from .. import accounts, services
from ..forms import CallForm, EventForm, InviteForm, SiretForm
from ..models import AuditLogEntry, Call
from .common import curator_required
from .contribute import _errors_to_form


@curator_required
def calls(request):
    return render(
        request,
        "contributions/curation/calls.html",
        {"calls": Call.objects.prefetch_related("regions")},
    )


@curator_required
def call_edit(request, pk=None):
    call = get_object_or_404(Call, pk=pk) if pk else None
    initial = {}
    if call:
        initial = {
            "title": call.title,
            "text": call.text,
            "opens_at": call.opens_at,
            "closes_at": call.closes_at,
            "regions": call.regions.all(),
        }
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        regions = values.pop("regions")
        try:
            services.call_save(actor=request.user, call=call, regions=regions, **values)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Appel enregistré.")
            return redirect("curation:calls")
    return render(request, "contributions/curation/call_form.html", {"form": form, "call": call})


@curator_required
@require_POST
def call_open(request, pk):
    call = get_object_or_404(Call, pk=pk)
    try:
        services.call_open(call=call, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"L’appel « {call.title} » est ouvert.")
    return redirect("curation:calls")


@curator_required
@require_POST
def call_close(request, pk):
    call = get_object_or_404(Call, pk=pk)
    services.call_close(call=call, actor=request.user)
    messages.success(request, f"L’appel « {call.title} » est clos.")
    return redirect("curation:calls")


@curator_required
def events(request):
    return render(
        request,
        "contributions/curation/events.html",
        {"events": Event.objects.order_by("-year", "kind")},
    )


@curator_required
def event_edit(request, pk=None):
    event = get_object_or_404(Event, pk=pk) if pk else None
    initial = {}
    if event:
        initial = {name: getattr(event, name) for name in EventForm.base_fields}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_save(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Événement enregistré.")
            return redirect("curation:events")
    return render(request, "contributions/curation/event_form.html", {"form": form, "event": event})


@curator_required
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.user_invite(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
        return redirect("curation:invite")
    return render(request, "contributions/curation/invite.html", {"form": form})


@curator_required
def journal(request):
    entries = AuditLogEntry.objects.select_related("actor", "initiative", "call")[:200]
    return render(request, "contributions/curation/journal.html", {"entries": entries})


ORGANISATIONS_PER_PAGE = 50


@curator_required
def organisations(request):
    """The porteurs, by name (« q » narrows them), with their SIRET and number of fiches."""
    text = request.GET.get("q", "").strip()[:100]
    found = Organisation.objects.annotate(fiches=Count("initiatives")).order_by("name", "pk")
    if text:
        found = found.filter(name__icontains=text)
    page = Paginator(found, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "contributions/curation/organisations.html", {"page": page, "q": text})


@curator_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = SiretForm(request.POST or None, initial={"siret": organisation.siret})
    if request.method == "POST" and form.is_valid():
        organisation.siret = form.cleaned_data["siret"]
        try:
            catalogue_services.organisation_save(organisation=organisation)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"Organisme « {organisation.name} » enregistré.")
            return redirect("curation:organisations")
    return render(
        request,
        "contributions/curation/organisation_form.html",
        {"form": form, "organisation": organisation},
    )
