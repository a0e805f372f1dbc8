"""`cahier backup -o FILE`: the whole instance (accounts, roles, proposals, history, editions,
media…) in one portable archive; see docs/backup.md."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cahier.backup.services import backup_write, describe


class Command(BaseCommand):
    help = (
        "Sauvegarde toute l’instance (comptes, rôles, propositions, historique, journal, "
        "appels, éditions, fichiers) dans une archive portable (SQLite ↔ PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="archive à écrire (ex. cahier.zip)"
        )

    def handle(self, *args, output: Path, **options):
        if output.is_dir():
            raise CommandError(f"« {output} » est un dossier : donnez un nom de fichier.")
        if not output.parent.is_dir():
            raise CommandError(f"Le dossier « {output.parent} » n’existe pas.")
        if output.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
            # The next backup would carry this one, and so on.
            raise CommandError(
                f"Écrivez la sauvegarde hors du dossier des fichiers ({settings.MEDIA_ROOT})."
            )
        started = time.perf_counter()
        try:
            manifest = backup_write(path=output)
        except OSError as error:
            raise CommandError(f"Impossible d’écrire « {output} » : {error}") from None
        size = output.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans « {output} » ({_megabytes(size)}) en "
                f"{time.perf_counter() - started:.1f}\u00a0s : "
                f"{describe(manifest['counts'], len(manifest['media']))}."
            )
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}\u00a0Mo".replace(".", ",")
