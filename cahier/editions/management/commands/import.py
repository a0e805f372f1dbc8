"""`cahier import PATH`: import a cahier document (all or nothing, idempotent; a fiche edited
since its last import is kept, and the import refused, unless --force); by its extension, a
spreadsheet of initiatives (.xlsx, .csv: cahier.contributions.spreadsheet) or an open-data
JSON document (.json: cahier.opendata.command)."""

from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cahier.catalogue.importer import CahierParseError, ImportConflicts, parse_document
from cahier.catalogue.selectors import region_resolver
from cahier.catalogue.services import regions_seed
from cahier.contributions.spreadsheet.command import import_spreadsheet
from cahier.core import limits
from cahier.core.text import count_fr
from cahier.editions.importer import load_cahier
from cahier.opendata.command import import_json

CHUNK = 1 << 20
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".csv")


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f}\u00a0Mo" if size >= 1 << 20 else f"{size}\u00a0octets"


@contextmanager
def _opened(path: Path):
    """*path* opened for reading bytes, its failures as French messages."""
    try:
        with path.open("rb") as handle:
            yield handle
    except FileNotFoundError as error:
        raise CommandError(f"Fichier introuvable : {path}") from error
    except IsADirectoryError as error:
        raise CommandError(f"{path} est un dossier, pas un document.") from error
    except PermissionError as error:
        raise CommandError(f"{path} : lecture refusée (droits du fichier).") from error


def read_spreadsheet(path: Path) -> bytes:
    """The file's bytes, never more than the spreadsheet limit plus one (then refused by the
    spreadsheet reader with its message)."""
    with _opened(path) as handle:
        return handle.read(limits.SPREADSHEET_MAX_BYTES + 1)


def read_document(path: Path, *, max_bytes: int | None = None) -> str:
    """The document's text, read by chunks and never past *max_bytes*
    (settings.CAHIER_IMPORT_MAX_BYTES): a huge file, a device such as /dev/zero or a binary
    file is refused with a French message before it fills the memory."""
    max_bytes = settings.CAHIER_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    chunks, size, lines = [], 0, 0
    with _opened(path) as handle:
        while chunk := handle.read(CHUNK):
            if b"\x00" in chunk:
                line = lines + chunk[: chunk.index(b"\x00")].count(b"\n") + 1
                raise CommandError(
                    f"{path}, ligne {line} : octet nul, ce n’est pas un document texte "
                    "(un fichier binaire ?). Rien n’a été modifié."
                )
            size += len(chunk)
            if size > max_bytes:
                raise CommandError(
                    f"{path} dépasse la taille maximale d’un document ({_megabytes(max_bytes)}, "
                    "réglable par CAHIER_IMPORT_MAX_BYTES). Rien n’a été modifié."
                )
            lines += chunk.count(b"\n")
            chunks.append(chunk)
    raw = b"".join(chunks)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CommandError(
            f"{path}, ligne {line} : le document n’est pas en UTF-8 (octet {raw[error.start]:#x})."
        ) from error


class Command(BaseCommand):
    help = (
        "Importe un cahier des initiatives (document Markdown/HTML), un tableur d’initiatives "
        "(.xlsx, .csv) ou un export JSON des données ouvertes (.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="chemin du document (ex. data/cahier-….txt)")
        parser.add_argument("--edition", help="identifiant de l’édition (par défaut : l’année)")
        parser.add_argument("--year", type=int, help="année de l’édition (par défaut : déduite)")
        parser.add_argument(
            "--dry-run", action="store_true", help="analyse seulement, sans rien écrire"
        )
        parser.add_argument(
            "--strict", action="store_true", help="refuse le document s’il a des incohérences"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplace aussi les fiches modifiées depuis le dernier import "
            "(chaque modification remplacée reste dans l’historique)",
        )
        parser.add_argument(
            "--user",
            help="tableur : adresse du compte de curateur au nom duquel importer (provenance)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="tableur : publier directement les fiches (sinon : propositions à examiner)",
        )

    def handle(self, *args, path: Path, dry_run, force, user, publish, **options):
        suffix = path.suffix.lower()
        if suffix in SPREADSHEETS:
            return self._spreadsheet(path, user=user, publish=publish, dry_run=dry_run)
        if user or publish:
            raise CommandError("--user et --publish ne valent que pour un tableur (.xlsx, .csv).")
        if suffix == ".json":
            return self._json(path, force=force, dry_run=dry_run)
        return self._cahier(path, dry_run=dry_run, force=force, **options)

    def _spreadsheet(self, path: Path, *, user, publish, dry_run):
        count = import_spreadsheet(
            name=path.name,
            content=read_spreadsheet(path),
            email=user,
            publish=publish,
            dry_run=dry_run,
            write=self.stderr.write,
        )
        if count:
            state = "publiées" if publish else "proposées à l’examen (file de curation)"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{count_fr(count, 'fiche importée', 'fiches importées')}, {state}."
                )
            )

    def _json(self, path: Path, *, force, dry_run):
        counts = import_json(
            name=path.name,
            text=read_document(path),
            force=force,
            dry_run=dry_run,
            write=self.stderr.write,
        )
        if counts:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{count_fr(counts['initiatives'], 'fiche', none='Aucune')} : "
                    f"{count_fr(counts['created'], 'créée', none='aucune')}, "
                    f"{count_fr(counts['updated'], 'mise à jour', 'mises à jour', none='aucune')}, "
                    f"{count_fr(counts['unchanged'], 'inchangée', none='aucune')}."
                )
            )

    def _cahier(self, path: Path, *, edition, year, dry_run, strict, force, **options):
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
                f"{path}, {error} Document refusé ; rien n’a été modifié."
            ) from error

        for warning in parsed.warnings:
            self.stderr.write(self.style.WARNING(f"Avertissement : {path}, {warning}"))
        if strict and parsed.warnings:
            raise CommandError(
                f"{count_fr(len(parsed.warnings), 'incohérence')} et --strict : rien n’a été modifié."
            )
        if dry_run:
            self.stdout.write(
                f"Analyse réussie : {len(parsed.fiches)} fiches, {len(parsed.glossary)} sigles, "
                f"{len(parsed.keywords)} mots-clés, {len(parsed.publics)} types de public, "
                f"{len(parsed.fundings)} financements. Rien n’a été écrit (--dry-run)."
            )
            return
        try:
            report = load_cahier(
                parsed, slug=edition, year=year, source=str(path.name), force=force
            )
        except CahierParseError as error:
            raise CommandError(
                f"{path}, {error} Document refusé ; rien n’a été modifié."
            ) from error
        except ValidationError as error:
            raise CommandError(
                f"{path} : {' '.join(error.messages)} Document refusé ; rien n’a été modifié."
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
            self.stderr.write(
                f"{count_fr(len(parsed.warnings), 'incohérence signalée', 'incohérences signalées')} "
                "ci-dessus."
            )
