"""The page of a reminder's signed link (no account): three answers, each a POST button, so
that a mail scanner opening the link answers nothing; and the curators' queue « À vérifier »."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from cahier.catalogue.services import VersionConflict
from cahier.core import roles

from . import selectors, services, tokens
from .enums import Answer
from .models import Reminder


def answer(request, token: str):
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
    if request.method == "POST":
        choice = request.POST.get("answer", "")
        if choice not in {Answer.CURRENT, Answer.UPDATE, Answer.ENDED}:
            context |= {"state": "confirm", "bad_choice": True}
            return render(request, "reminders/answer.html", context, status=400)
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
