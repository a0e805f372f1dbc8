"""`cahier alerts send [--now ISO]`: send the e-mail alerts due (docs/essaimage.md)."""

from django.core.management.base import BaseCommand

from cahier.alerts.sending import alerts_send
from cahier.core.commands import add_now_option, count_text, now_option


class Command(BaseCommand):
    help = (
        "send : envoie les alertes dues (une par abonnement confirmé et par période), sans "
        "jamais envoyer deux fois la même fiche ; à lancer par cron ou un minuteur systemd."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["send"])
        add_now_option(parser)

    def handle(self, *args, action, now=None, **options):
        moment = now_option(now)
        report = alerts_send(now=moment)
        sent = count_text(report.sent, "courriel d’alerte envoyé", "courriels d’alerte envoyés")
        fiches = count_text(report.fiches, "fiche annoncée", "fiches annoncées")
        parts = [f"{sent}, {fiches}"]
        if report.failed:
            parts.append(
                count_text(report.failed, "refusé", "refusés")
                + " par le serveur de courriel (renvoyés au prochain passage)"
            )
        if report.purged:
            parts.append(
                count_text(
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
