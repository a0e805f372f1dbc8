"""Calls for initiatives, events (JITE, Trophées FSE) and the institutions that changed
names: curators' writes (permission, audit entry; the catalogue's services write)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.catalogue import services as catalogue_services
from cahier.catalogue.models import Event, Initiative, InstitutionChange
from cahier.catalogue.signals import initiatives_changed
from cahier.core import limits, roles
from cahier.core.cleaning import clean_line, clean_lines, clean_text

from .audit import audit_log
from .enums import AuditAction
from .models import Call


def call_save(*, actor, call: Call | None = None, regions=(), **values) -> Call:
    if not roles.can(actor, roles.Action.MANAGE_CALLS):
        raise PermissionDenied
    limits.check(values, limits.CALL)
    values["title"] = clean_line(values.get("title", ""))
    values["text"] = clean_text(values.get("text", ""))
    if values["closes_at"] <= values["opens_at"]:
        raise ValidationError({"closes_at": "La clôture doit suivre l’ouverture."})
    with transaction.atomic():
        created = call is None
        call = call or Call(created_by=actor)
        for name, value in values.items():
            setattr(call, name, value)
        call.save()
        call.regions.set(regions)
        audit_log(
            action=AuditAction.CALL_CREATED if created else AuditAction.CALL_UPDATED,
            actor=actor,
            call=call,
        )
    return call


def call_open(*, call: Call, actor, closes_at=None) -> Call:
    """Open *call* now (until *closes_at*, or its planned closing date if still ahead)."""
    if not roles.can(actor, roles.Action.MANAGE_CALLS):
        raise PermissionDenied
    now = timezone.now()
    closes_at = closes_at or call.closes_at
    if closes_at <= now:
        raise ValidationError({"closes_at": "Choisissez une date de clôture à venir."})
    call.opens_at, call.closes_at = now, closes_at
    call.save(update_fields=["opens_at", "closes_at"])
    audit_log(action=AuditAction.CALL_OPENED, actor=actor, call=call)
    return call


def call_close(*, call: Call, actor) -> Call:
    if not roles.can(actor, roles.Action.MANAGE_CALLS):
        raise PermissionDenied
    now = timezone.now()
    call.closes_at = now
    if call.opens_at > now:
        call.opens_at = now
    call.save(update_fields=["opens_at", "closes_at"])
    audit_log(action=AuditAction.CALL_CLOSED, actor=actor, call=call)
    return call


def event_save(*, actor, event: Event | None = None, **values) -> Event:
    """A JITE edition or a Trophées FSE call (categories: the prizes' names)."""
    if not roles.can(actor, roles.Action.MANAGE_CALLS):
        raise PermissionDenied
    limits.check(values, limits.EVENT)
    values["categories"] = clean_lines(values.get("categories", []))
    for name in ("title", "location", "description"):
        values[name] = clean_text(values.get(name, ""))
    clash = Event.objects.filter(kind=values["kind"], year=values["year"])
    if event is not None:
        clash = clash.exclude(pk=event.pk)
    if clash.exists():
        raise ValidationError({"year": "Cet événement existe déjà pour cette année."})
    with transaction.atomic():
        event = event or Event()
        for name, value in values.items():
            setattr(event, name, value)
        event.save()
        audit_log(action=AuditAction.EVENT_SAVED, actor=actor, event=event.pk)
        ids = list(event.initiatives.values_list("pk", flat=True))
        if ids:
            initiatives_changed.send(sender=Initiative, ids=ids)
    return event


def institution_change_save(
    *, actor, change: InstitutionChange | None = None, **values
) -> InstitutionChange:
    """A row of the institutions that changed names (`catalogue.services.
    institution_change_save` checks it), recorded in the journal."""
    if not roles.can(actor, roles.Action.MANAGE_INSTITUTIONS):
        raise PermissionDenied
    with transaction.atomic():
        change = catalogue_services.institution_change_save(change=change, **values)
        audit_log(
            action=AuditAction.INSTITUTION_CHANGE_SAVED,
            actor=actor,
            change=change.pk,
            institution=str(change),
        )
    return change


def institution_change_delete(*, actor, change: InstitutionChange) -> None:
    if not roles.can(actor, roles.Action.MANAGE_INSTITUTIONS):
        raise PermissionDenied
    with transaction.atomic():
        label, pk = str(change), change.pk
        catalogue_services.institution_change_delete(change=change)
        audit_log(
            action=AuditAction.INSTITUTION_CHANGE_DELETED, actor=actor, change=pk, institution=label
        )
