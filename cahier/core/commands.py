"""Small pieces every `cahier` command shares: the `--now` option of the scheduled commands
(alerts, reminders) and French counts in their reports."""

from datetime import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def add_now_option(parser) -> None:
    """`--now ISO`: replay a run at a given instant (a missed day, tests)."""
    parser.add_argument(
        "--now",
        help="l’instant de l’envoi (ISO 8601, heure de Paris si sans fuseau) ; "
        "par défaut : maintenant",
    )


def now_option(text: str | None) -> datetime:
    """`--now 2026-12-01T08:00` → an aware datetime (the server's time zone when none is
    given; now without the option), or a CommandError that shows the expected form."""
    if not text:
        return timezone.now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now attend une date ISO 8601 (ex. 2026-12-01T08:00:00+01:00), pas « {text} »."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def count_text(number: int, singular: str, plural: str) -> str:
    """« 0 fiche », « 1 fiche », « 2 fiches » (French: 0 and 1 take the singular)."""
    return f"{number}\u00a0{singular if number < 2 else plural}"


def add_enqueue_option(parser) -> None:
    """`--enqueue`: the scheduled commands hand their work to `cahier worker` instead of doing
    it in the command (docs/living-catalogue.md, « Travaux en arrière-plan »)."""
    parser.add_argument(
        "--enqueue",
        action="store_true",
        help="mettre le travail en file pour `cahier worker` au lieu de le faire ici",
    )


def enqueued_text(result) -> str:
    """What a command says after `--enqueue`: queued for the worker, or already done when the
    tasks run inline (CAHIER_TASKS_INLINE=1)."""
    if result.is_finished:
        state = "faite" if result.status == "SUCCESSFUL" else "en échec"
        return f"Tâche {result.id} {state} sur place (tâches exécutées en ligne)."
    return f"Tâche {result.id} mise en file : `cahier worker` s’en chargera."
