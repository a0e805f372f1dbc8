"""`cahier worker`: runs the background tasks queued in the database (reminders, link checks,
edition PDFs); django-tasks-db's `db_worker`, with the defaults this project wants and its
options (--batch, --max-tasks, --interval…). See docs/living-catalogue.md, « Travaux en
arrière-plan »."""

import logging

from django.core.management.base import CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


def uses_worker() -> bool:
    """Are tasks queued in the database for a worker (the default), or run inline?"""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


class Command(DbWorkerCommand):
    help = (
        "Exécute les tâches de fond mises en file (rappels, vérification des liens, PDF des "
        "éditions) jusqu’à SIGTERM ou Ctrl+C : la tâche en cours se termine d’abord. "
        "`cahier serve` en lance un ; en production, lancez-le comme un service à part. "
        "--batch : tout ce qui attend, puis s’arrêter."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The library reloads on code changes when DEBUG is on: its reloader runs the worker
        # in a child process that a SIGTERM to the parent would leave behind. Off by default.
        parser.set_defaults(reload=False)
        if not uses_worker():
            # The library refuses a non-database backend while parsing; handle() says why.
            parser._option_string_actions["--backend"].type = str

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        # What the tasks report (« PDF de l'édition 2019 prêt… ») goes to the same output.
        logging.getLogger("cahier").setLevel(logging.INFO if verbosity else logging.WARNING)

    def handle(self, *args, **options):
        if not uses_worker():
            raise CommandError(
                "Les tâches s’exécutent déjà en ligne (CAHIER_TASKS_INLINE=1) : pas de worker "
                "à lancer."
            )
        if options["verbosity"]:
            mode = (
                "traite ce qui attend puis s’arrête" if options["batch"] else "Ctrl+C pour arrêter"
            )
            self.stdout.write(f"Worker des tâches de fond démarré ({mode}).")
        super().handle(*args, **options)
