"""`cahier contacts remind|purge`: the scheduled side of the contact requests (a cron line
each, see docs/essaimage.md). Both are idempotent: running them twice a day changes
and sends nothing more."""

from django.core.management.base import BaseCommand

from cahier.contacts import services, tasks
from cahier.core.commands import add_enqueue_option, enqueued_text


class Command(BaseCommand):
    help = (
        "remind : relance une fois les demandes de contact sans réponse depuis 15 jours et "
        "classe « sans réponse » celles relancées depuis 15 jours ; purge : efface les données "
        "personnelles des demandes de plus de 12 mois."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind", "purge"])
        add_enqueue_option(parser)

    def handle(self, *args, action, enqueue=False, **options):
        if enqueue:
            task = (
                tasks.contact_requests_remind_task
                if action == "remind"
                else tasks.contact_requests_purge_task
            )
            self.stdout.write(enqueued_text(task.enqueue()))
            return
        if action == "remind":
            result = services.contact_requests_remind()
            self.stdout.write(
                f"{result['reminded']} demande(s) relancée(s), "
                f"{result['closed']} classée(s) sans réponse."
            )
        else:
            count = services.contact_requests_purge()
            self.stdout.write(f"{count} demande(s) anonymisée(s).")
