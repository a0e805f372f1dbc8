"""`cahier import PATH`: import a cahier document (all or nothing, idempotent; a fiche edited
since its last import is kept, and the import refused, unless --force)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cahier.catalogue.importer import CahierParseError, ImportConflicts, parse_document
from cahier.catalogue.selectors import region_resolver
from cahier.catalogue.services import regions_seed
from cahier.editions.importer import load_cahier


def read_document(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"Fichier introuvable : {path}") from error
    except IsADirectoryError as error:
        raise CommandError(f"{path} est un dossier, pas un document.") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CommandError(
            f"{path}, ligne {line} : le document n'est pas en UTF-8 (octet {raw[error.start]:#x})."
        ) from error


class Command(BaseCommand):
    help = "Importe un cahier des initiatives (document Markdown/HTML) dans le catalogue."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="chemin du document (ex. data/cahier-….txt)")
        parser.add_argument("--edition", help="identifiant de l'édition (par défaut : l'année)")
        parser.add_argument("--year", type=int, help="année de l'édition (par défaut : déduite)")
        parser.add_argument(
            "--dry-run", action="store_true", help="analyse seulement, sans rien écrire"
        )
        parser.add_argument(
            "--strict", action="store_true", help="refuse le document s'il a des incohérences"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplace aussi les fiches modifiées depuis le dernier import "
            "(chaque modification remplacée reste dans l'historique)",
        )

    def handle(self, *args, path: Path, edition, year, dry_run, strict, force, **options):
        text = read_document(path)
        regions_seed()

        find_region = region_resolver()

        def resolve(name: str) -> str | None:
            region = find_region(name)
            return region.name if region else None

        try:
            parsed = parse_document(text, resolve_region=resolve)
        except CahierParseError as error:
            raise CommandError(
                f"{path}, {error} Document refusé ; rien n'a été modifié."
            ) from error

        for warning in parsed.warnings:
            self.stderr.write(self.style.WARNING(f"Avertissement : {path}, {warning}"))
        if strict and parsed.warnings:
            raise CommandError(
                f"{len(parsed.warnings)} incohérence(s) et --strict : rien n'a été modifié."
            )
        if dry_run:
            self.stdout.write(
                f"Analyse réussie : {len(parsed.fiches)} fiches, {len(parsed.glossary)} sigles, "
                f"{len(parsed.keywords)} mots-clés, {len(parsed.publics)} types de public, "
                f"{len(parsed.fundings)} financements. Rien n'a été écrit (--dry-run)."
            )
            return
        try:
            report = load_cahier(
                parsed, slug=edition, year=year, source=str(path.name), force=force
            )
        except CahierParseError as error:
            raise CommandError(
                f"{path}, {error} Document refusé ; rien n'a été modifié."
            ) from error
        except ImportConflicts as error:
            for conflict in error.conflicts:
                self.stderr.write(self.style.WARNING(f"Modifiée : {conflict.describe()}"))
            raise CommandError(str(error)) from error
        for warning in report.warnings[len(parsed.warnings) :]:
            self.stderr.write(self.style.WARNING(f"Avertissement : {warning}"))
        for line in report.summary_lines():
            self.stdout.write(self.style.SUCCESS(line))
        if parsed.warnings:
            self.stderr.write(f"{len(parsed.warnings)} incohérence(s) signalée(s) ci-dessus.")
