"""The page of a reminder's signed link (no account): three answers, each a POST button, so
that a mail scanner opening the link answers nothing (« à mettre à jour » leads, with the same
link, to the update form); and the curators' queue « À vérifier »."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.services import VersionConflict
from cahier.contributions.fields import errors_to_form
from cahier.contributions.update_forms import LinkUpdateForm
from cahier.contributions.updates import update_base
from cahier.core import roles
from cahier.core.http import rate_limited

from . import selectors, services, tokens
from .enums import Answer
from .models import Reminder


def _open(request, token: str):
    """(reminder, context) for a link still usable, else the clear page saying why (tampered
    or another purpose, expired, reminder gone, already answered): nothing is done."""
    try:
        key = tokens.read(token)
    except tokens.TokenError as error:
        state = "expired" if error.expired else "invalid"
        return render(
            request, "reminders/answer.html", {"state": state, "error": error.message}, status=400
        )
    reminder = Reminder.objects.select_related("initiative").filter(key=key).first()
    if reminder is None:
        return render(request, "reminders/answer.html", {"state": "gone"}, status=410)
    context = {"reminder": reminder, "initiative": reminder.initiative, "answers": Answer}
    if reminder.answered:
        return render(request, "reminders/answer.html", context | {"state": "already"}, status=409)
    return reminder, context


def answer(request, token: str):
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    reminder, context = opened
    if request.method == "POST":
        choice = request.POST.get("answer", "")
        if choice not in {Answer.CURRENT, Answer.UPDATE, Answer.ENDED}:
            context |= {"state": "confirm", "bad_choice": True}
            return render(request, "reminders/answer.html", context, status=400)
        if choice == Answer.UPDATE:
            # The same link opens the update form; the reminder is answered when it is sent.
            return redirect("reminders:update", token=token)
        try:
            answered = services.reminder_answer(reminder=reminder, answer=choice)
        except (ValidationError, VersionConflict):
            # The fiche cannot be saved as it stands (older data, an edit at the same time):
            # nothing is recorded, the link still works, a curator will see the fiche.
            context |= {"state": "confirm", "save_failed": True}
            return render(request, "reminders/answer.html", context, status=409)
        if not answered:
            return render(
                request, "reminders/answer.html", context | {"state": "already"}, status=409
            )
        return render(request, "reminders/answer.html", context | {"state": choice})
    return render(request, "reminders/answer.html", context | {"state": "confirm"})


def update(request, token: str):
    """« À mettre à jour » without an account: the main fields of the published fiche, sent
    to the curators as a proposed update (cahier.contributions.updates); the link then
    answers nothing more."""
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    reminder, context = opened
    initiative = reminder.initiative
    if initiative.status != PublicationStatus.PUBLISHED:
        return render(request, "reminders/answer.html", {"state": "gone"}, status=410)
    if request.method == "POST":
        if rate_limited(request, group="submission"):
            return render(request, "contributions/429.html", status=429)
        form = LinkUpdateForm(request.POST)
        if form.is_valid() and not form.adds_row:
            cleaned = form.cleaned_data
            try:
                proposal = services.reminder_update_propose(
                    reminder=reminder,
                    data=form.apply(update_base(initiative, cleaned["version"])),
                    base_version=cleaned["version"],
                    proposer_email=cleaned["proposer_email"],
                    proposer_name=cleaned["proposer_name"],
                    note=cleaned["note"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                if proposal is None:
                    reminder.refresh_from_db()
                    context |= {"state": "already"}
                    return render(request, "reminders/answer.html", context, status=409)
                return render(request, "reminders/answer.html", context | {"state": "update"})
    else:
        initial = LinkUpdateForm.initial_for(initiative)
        if len(reminder.recipients) == 1:
            initial["proposer_email"] = reminder.recipients[0]
        form = LinkUpdateForm(initial=initial)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "reminders/update.html", context | {"form": form}, status=status)


@roles.action_required(roles.Action.CURATE)
def queue(request):
    now = timezone.now()
    to_check = list(selectors.to_check(now))
    pending = list(selectors.pending(now))
    history = selectors.history([r.initiative_id for r in to_check + pending])
    for reminder in to_check + pending:
        reminder.history = history.get(reminder.initiative_id, [])
    return render(
        request, "reminders/curation/queue.html", {"to_check": to_check, "pending": pending}
    )
