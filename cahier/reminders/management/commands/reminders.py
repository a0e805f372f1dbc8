"""`cahier reminders send [--now ISO] [--enqueue]`: send the update reminders due, here or through
`cahier worker` (docs/living-catalogue.md)."""

from django.core.management.base import BaseCommand

from cahier.core.commands import (
    add_enqueue_option,
    add_now_option,
    count_text,
    enqueued_text,
    now_option,
)
from cahier.reminders.services import reminders_send
from cahier.reminders.tasks import reminders_send_task


class Command(BaseCommand):
    help = (
        "send : envoie les rappels de mise à jour dus (un premier, une relance 15 jours plus "
        "tard), sans jamais envoyer deux fois ; à lancer chaque jour par cron ou systemd."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["send"])
        add_now_option(parser)
        add_enqueue_option(parser)

    def handle(self, *args, action, now=None, enqueue=False, **options):
        moment = now_option(now)
        if enqueue:
            # The worker's clock may differ by the time it runs: a replayed day is passed on.
            result = reminders_send_task.enqueue(now=moment.isoformat() if now else None)
            self.stdout.write(enqueued_text(result))
            return
        report = reminders_send(now=moment)
        parts = [count_text(report.sent, "rappel envoyé", "rappels envoyés")]
        if report.failed:
            parts.append(
                count_text(report.failed, "refusé", "refusés") + " par le serveur de courriel"
            )
        if report.queued:
            parts.append(
                count_text(
                    report.queued, "fiche sans contact porteur", "fiches sans contact porteur"
                )
                + " (file «\u00a0À vérifier\u00a0»)"
            )
        self.stdout.write(", ".join(parts) + ".")
