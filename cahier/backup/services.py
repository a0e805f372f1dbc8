"""Backing up and restoring the whole instance (see docs/backup.md).

What the archive leaves out, and why, is declared once here (`NOT_CARRIED`); the round-trip
test compares every other model row by row."""

import datetime
import importlib.metadata
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model

from cahier.search.indexing import reindex_all

from .archive import FORMAT, FORMAT_VERSION, ArchiveError, read_archive, write_archive
from .serializer import FORMAT as SERIAL_FORMAT

# Model label (lower case) → why the archive does not carry it.
NOT_CARRIED = {
    # `cahier migrate` creates them; the archive names them by natural key.
    "contenttypes.contenttype": "recréés par `cahier migrate`",
    "auth.permission": "recréées par `cahier migrate`",
    # A session names its user by id: carried over, it could open another person's account.
    "sessions.session": "les sessions ne sont pas gardées : chacun se reconnecte",
    # Rebuilt with the full-text index (whose tables are not models) after each restore.
    "search.indexedword": "reconstruit avec l’index de recherche",
    # Which copy of the per-process caches is current: renewed when the index is rebuilt.
    "search.generation": "renouvelée quand l’index est reconstruit",
    # Which fiches each index change touched, for the processes to catch up: a restore
    # rebuilds the whole index, which every process follows by rebuilding its own copy.
    "search.indexchange": "journal des changements de l’index, repris à la reconstruction",
    # Background work of the instance the archive came from: what still matters is asked
    # again (a download asks for its PDF, the scheduled commands run again).
    "django_tasks_database.dbtaskresult": "la file des tâches de fond n’est pas gardée",
    "editions.pdfbuild": "les PDF en préparation sont redemandés au premier téléchargement",
}
# Filled by migrations: a database holding only these rows counts as empty.
SEEDED = {
    "catalogue.region",
    "catalogue.institutionchange",
    "catalogue.glossaryterm",  # the new names' acronyms (catalogue 0009), until an import
    "auth.group",
    "search.synonym",
    "search.generation",
    "search.indexchange",  # written with any index change, the empty one included
}
# Kept by a restore: what migrate created, that the archive refers to by natural key.
KEPT = {"contenttypes.contenttype", "auth.permission"}


class RestoreError(Exception):
    """A restore refused or failed before committing anything; the message is in French."""


@dataclass
class RestoreReport:
    counts: dict[str, int]
    media_files: int
    indexed: int
    created_at: str
    older_migrations: list[str] = field(default_factory=list)


def describe(counts: dict[str, int], media_files: int) -> str:
    """« 46 fiches, 3 comptes, 52 révisions, 2 éditions, 1 fichier » for the commands' output."""
    shown = [
        (counts.get("catalogue.initiative", 0), "fiche"),
        (counts.get("auth.user", 0), "compte"),
        (counts.get("contributions.revision", 0), "révision"),
        (counts.get("editions.edition", 0), "édition"),
        (media_files, "fichier"),
    ]
    return ", ".join(f"{n}\u00a0{word}{'s' if n > 1 else ''}" for n, word in shown)


def _label(model: type[Model]) -> str:
    return model._meta.label_lower


def _models() -> list[type[Model]]:
    """Every table Django manages, many-to-many links included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def carried_models() -> list[type[Model]]:
    return [model for model in _models() if _label(model) not in NOT_CARRIED]


def _counts() -> dict[str, int]:
    return {_label(model): model._base_manager.count() for model in carried_models()}


def _migration_state() -> dict[str, list[str]]:
    applied = MigrationExecutor(connection).loader.applied_migrations
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        state.setdefault(app_label, []).append(name)
    return state


def _version() -> str:
    try:
        return importlib.metadata.version("cahier")
    except importlib.metadata.PackageNotFoundError:
        return "inconnue"


def backup_write(*, path: Path) -> dict:
    """Write the whole instance to the archive *path*; returns its manifest. The rows are read
    in one transaction, so the archive is a consistent picture even while the site runs."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="cahier-backup-") as work:
        data_path = Path(work) / "data.json"
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # One snapshot for every table, while the site goes on writing.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                exclude=sorted(NOT_CARRIED),
                natural_foreign=True,
                use_base_manager=True,
                format=SERIAL_FORMAT,
                output=str(data_path),
                verbosity=0,
            )
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "cahier_version": _version(),
                "database": connection.vendor,
                "migrations": _migration_state(),
                "counts": _counts(),
                "not_carried": NOT_CARRIED,
            }
        return write_archive(
            path, manifest=manifest, data_path=data_path, media_root=Path(settings.MEDIA_ROOT)
        )


def _check_migrations(manifest: dict) -> list[str]:
    """Refuse an archive from a newer schema (or a database not migrated); returns the
    migrations applied here that the archive's database lacked (an older backup)."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RestoreError(
            "La base de données n’est pas à jour : lancez d’abord `cahier migrate`, puis "
            "recommencez la restauration."
        )
    here = set(executor.loader.applied_migrations)
    there = {
        (app_label, name)
        for app_label, names in manifest["migrations"].items()
        if isinstance(names, list)
        for name in names
    }
    unknown = sorted(there - here)
    if unknown:
        listed = ", ".join(f"{app} {name}" for app, name in unknown[:5])
        raise RestoreError(
            "Cette sauvegarde vient d’une version plus récente de cahier (migrations "
            f"inconnues ici : {listed}{' …' if len(unknown) > 5 else ''}) : mettez cahier à "
            "jour et lancez `cahier migrate` avant de la restaurer. Rien n’a été modifié."
        )
    return [f"{app} {name}" for app, name in sorted(here - there)]


def _existing_rows() -> dict[str, int]:
    """Rows a restore would replace, migrations' own rows and link tables aside."""
    rows = {}
    for model in carried_models():
        if model._meta.auto_created or _label(model) in SEEDED:
            continue
        if count := model._base_manager.count():
            rows[str(model._meta.verbose_name_plural)] = count
    return rows


def _flush() -> None:
    """Delete every row but content types and permissions, without signals or cascades:
    foreign keys are checked at commit, when nothing points to a deleted row any more."""
    for model in _models():
        if _label(model) not in KEPT:
            model._base_manager.all()._raw_delete(connection.alias)


def _reset_sequences() -> None:
    # loaddata resets the sequences of the models it loaded rows into; every table is done
    # here, so that none keeps a sequence from the emptied database (PostgreSQL; no-op on SQLite).
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _load(archive) -> None:
    try:
        call_command("loaddata", str(archive.data_path), verbosity=0)
    except (
        CommandError,
        DatabaseError,
        DeserializationError,
        FieldDoesNotExist,
        LookupError,
        TypeError,
        ValidationError,
        ValueError,
    ) as error:
        raise RestoreError(
            f"Les données de la sauvegarde ne peuvent pas être chargées ({error}). "
            "Rien n’a été modifié."
        ) from None


def _install_media(source: Path) -> int:
    """Put the archive's media in place of MEDIA_ROOT (cached PDFs of the replaced database
    would be wrong); returns how many files."""
    target = Path(settings.MEDIA_ROOT)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=target.parent))
    try:
        shutil.copytree(source, staged, dirs_exist_ok=True)
    except OSError:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if target.exists():
        old = target.with_name(f".{target.name}-replaced")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        staged.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staged.rename(target)
    return sum(1 for path in target.rglob("*") if path.is_file())


def backup_restore(*, path: Path, force: bool = False) -> RestoreReport:
    """Replace the database and the media with the archive at *path*, then rebuild the
    search index. Refuses (RestoreError, nothing changed) a bad archive, one from a newer
    schema, and a database that already holds data unless *force*."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="cahier-restore-") as work:
        try:
            archive = read_archive(path, Path(work))
        except ArchiveError as error:
            raise RestoreError(str(error)) from None
        older = _check_migrations(archive.manifest)
        existing = _existing_rows()
        if existing and not force:
            summary = " ; ".join(
                f"{label}\u00a0: {count}" for label, count in sorted(existing.items())
            )
            raise RestoreError(
                f"La base contient déjà des données ({summary}) : la restauration les "
                "remplacerait. Relancez avec --force pour les effacer et restaurer la "
                "sauvegarde."
            )
        with transaction.atomic():
            _flush()
            _load(archive)
            _reset_sequences()
            counts = _counts()
            expected = archive.manifest["counts"]
            differing = sorted(
                label
                for label in set(counts) | set(expected)
                if counts.get(label, 0) != expected.get(label, 0)
            )
            if differing:
                raise RestoreError(
                    "La sauvegarde est incohérente : les lignes chargées ne correspondent "
                    f"pas à son inventaire ({', '.join(differing[:5])}). Rien n’a été modifié."
                )
            indexed = reindex_all()
        try:
            media = _install_media(archive.media_dir)
        except OSError as error:
            raise RestoreError(
                f"La base est restaurée, mais pas les fichiers ({error}) : corrigez ce problème "
                f"(place, droits sur {settings.MEDIA_ROOT}) puis relancez la restauration avec "
                "--force."
            ) from None
    return RestoreReport(
        counts=counts,
        media_files=media,
        indexed=indexed,
        created_at=str(archive.manifest.get("created_at", "")),
        older_migrations=older,
    )
