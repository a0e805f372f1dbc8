"""`cahier reminders send [--now ISO]`: send the update reminders due (docs/living-catalogue.md)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cahier.core.commands import count_text, now_option
from cahier.reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "send : envoie les rappels de mise à jour dus (un premier, une relance 15 jours plus "
        "tard), sans jamais envoyer deux fois ; à lancer chaque jour par cron ou systemd."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["send"])
        parser.add_argument(
            "--now",
            help="l'instant de l'envoi (ISO 8601, heure de Paris si sans fuseau) ; "
            "par défaut : maintenant",
        )

    def handle(self, *args, action, now=None, **options):
        moment = now_option(now) if now else timezone.now()
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
