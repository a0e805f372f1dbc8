"""`cahier alerts send [--now ISO]`: send the e-mail alerts due (docs/essaimage.md)."""

from django.core.management.base import BaseCommand

from cahier.alerts.sending import alerts_send
from cahier.core.commands import add_now_option, count_text, now_option
from cahier.core.text import count_fr


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
                f"{count_fr(len(report.broken), 'alerte suit', 'alertes suivent', none='Aucune')} "
                "une recherche devenue invalide (valeur "
                f"de filtre supprimée) : abonnements {', '.join(map(str, report.broken))}."
            )
        if report.interrupted:
            self.stderr.write(
                "Envoi interrompu : "
                f"{count_fr(len(report.interrupted), 'courriel préparé', 'courriels préparés')} "
                "sans marque d’envoi. Rien n’est renvoyé, pour ne pas doubler un courriel "
                f"peut-être parti (courriels {', '.join(map(str, report.interrupted))})."
            )
