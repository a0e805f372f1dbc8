"""`cahier alerts send [--now ISO]`: send the e-mail alerts due (docs/essaimage.md)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cahier.alerts.sending import alerts_send


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now attend une date ISO 8601 (ex. 2026-12-01T08:00:00+01:00), pas « {text} »."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number}\u00a0{singular if number <= 1 else plural}"


class Command(BaseCommand):
    help = (
        "send : envoie les alertes dues (une par abonnement confirmé et par période), sans "
        "jamais envoyer deux fois la même fiche ; à lancer par cron ou un minuteur systemd."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["send"])
        parser.add_argument(
            "--now",
            help="l'instant de l'envoi (ISO 8601, heure de Paris si sans fuseau) ; "
            "par défaut : maintenant",
        )

    def handle(self, *args, action, now=None, **options):
        moment = _moment(now) if now else timezone.now()
        report = alerts_send(now=moment)
        sent = _count(report.sent, "courriel d’alerte envoyé", "courriels d’alerte envoyés")
        fiches = _count(report.fiches, "fiche annoncée", "fiches annoncées")
        parts = [f"{sent}, {fiches}"]
        if report.failed:
            parts.append(
                _count(report.failed, "refusé", "refusés")
                + " par le serveur de courriel (renvoyés au prochain passage)"
            )
        if report.purged:
            parts.append(
                _count(
                    report.purged,
                    "demande non confirmée effacée",
                    "demandes non confirmées effacées",
                )
            )
        self.stdout.write(", ".join(parts) + ".")
        if report.broken:
            self.stderr.write(
                f"{len(report.broken)} alerte(s) suivent une recherche devenue invalide (valeur "
                f"de filtre supprimée) : abonnements {', '.join(map(str, report.broken))}."
            )
        if report.interrupted:
            self.stderr.write(
                f"{len(report.interrupted)} courriel(s) préparé(s) mais jamais marqué(s) envoyé(s) "
                "(envoi interrompu) : non renvoyés, pour ne pas doubler un courriel peut-être "
                f"parti (courriels {', '.join(map(str, report.interrupted))})."
            )
