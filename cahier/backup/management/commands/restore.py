"""`cahier restore FILE [--force]`: put back what `cahier backup` saved, into a migrated
database, in one transaction, then rebuild the search index; see docs/backup.md."""

import time
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cahier.backup.services import RestoreError, backup_restore, describe
from cahier.core.dates import french_datetime


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par `cahier backup` (base et fichiers) puis reconstruit "
        "l’index de recherche. Refuse une base qui contient déjà des données, sauf --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="archive écrite par `cahier backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="efface les données présentes (base et fichiers) avant de restaurer",
        )

    def handle(self, *args, path: Path, force: bool, **options):
        started = time.perf_counter()
        try:
            report = backup_restore(path=path, force=force)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        if report.older_migrations:
            self.stderr.write(
                "Attention : la sauvegarde vient d’une version plus ancienne de cahier "
                f"(migrations appliquées depuis : {', '.join(report.older_migrations)}) ; "
                "vérifiez les données restaurées."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {_when(report.created_at)} restaurée en "
                f"{time.perf_counter() - started:.1f}\u00a0s : "
                f"{describe(report.counts, report.media_files)} ; index de recherche "
                f"reconstruit ({report.indexed}\u00a0fiches publiées). Chacun doit se reconnecter."
            )
        )


def _when(created_at: str) -> str:
    try:
        return french_datetime(datetime.fromisoformat(created_at))
    except ValueError:
        return created_at or "(date inconnue)"
