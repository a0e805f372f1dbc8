"""The archive file: what it holds, how it is written and how it is checked before use.

Reading checks everything before the database is touched: a ZIP file, the expected members
only (no path leaving the media directory), a manifest of a known format, a checksum for the
data and every media file, and enough free disk space for what the manifest declares."""

import hashlib
import json
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .serializer import FORMAT as SERIAL_FORMAT

FORMAT = "cahier-backup"
# Bumped when the archive's layout changes in a way an older `cahier restore` cannot read.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media"
# A manifest is a few kilobytes per thousand media files; anything far larger is not ours.
MANIFEST_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The file is not a usable cahier backup; the message says why, in French."""


@dataclass
class Archive:
    """A checked archive, its data and media extracted into a staging directory."""

    manifest: dict
    data_path: Path
    media_dir: Path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[tuple[str, Path]]:
    """(archive name, file) of every regular file under *root*, sorted; links are skipped
    (a link could point anywhere on the server)."""
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        found.append((f"{MEDIA}/{relative}", path))
    return found


def write_archive(path: Path, *, manifest: dict, data_path: Path, media_root: Path) -> dict:
    """Write the ZIP file at *path* (through a temporary file: a failed backup never leaves a
    half-written archive under the expected name); returns the manifest written."""
    media = media_files(media_root)
    manifest = {
        **manifest,
        "data": {"name": DATA, "size": data_path.stat().st_size, "sha256": sha256_file(data_path)},
        "media": [
            {"name": name, "size": file.stat().st_size, "sha256": sha256_file(file)}
            for name, file in media
        ],
    }
    partial = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            archive.write(data_path, DATA)
            for name, file in media:
                # PDFs are compressed already.
                archive.write(file, name, compress_type=zipfile.ZIP_STORED)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _safe_media_name(name: str) -> PurePosixPath | None:
    """The path under media/ an archive member names, or None if it would leave it."""
    path = PurePosixPath(name)
    if path.is_absolute() or "\\" in name or len(path.parts) < 2 or path.parts[0] != MEDIA:
        return None
    relative = PurePosixPath(*path.parts[1:])
    if any(part in {"", ".", ".."} for part in relative.parts):
        return None
    return relative


def _read_manifest(archive: zipfile.ZipFile, label: str) -> dict:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise ArchiveError(
            f"« {label} » n’est pas une sauvegarde de cahier : il y manque {MANIFEST}."
        ) from None
    if info.file_size > MANIFEST_MAX_BYTES:
        raise ArchiveError(f"« {label} » : {MANIFEST} est anormalement gros, fichier refusé.")
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ArchiveError(f"« {label} » : {MANIFEST} est illisible ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"« {label} » n’est pas une sauvegarde de cahier ({MANIFEST} inconnu).")
    version = manifest.get("format_version")
    if not isinstance(version, int):
        raise ArchiveError(f"« {label} » : version du format de sauvegarde absente.")
    if version > FORMAT_VERSION:
        raise ArchiveError(
            f"« {label} » a été faite par une version plus récente de cahier (format {version}, "
            f"cette version lit le format {FORMAT_VERSION}) : mettez cahier à jour pour la "
            "restaurer."
        )
    for key, kind in (("data", dict), ("media", list), ("migrations", dict), ("counts", dict)):
        if not isinstance(manifest.get(key), kind):
            raise ArchiveError(f"« {label} » : {MANIFEST} incomplet (« {key} » manque).")
    return manifest


def _expected_members(manifest: dict, label: str) -> dict[str, dict]:
    """Archive name → its manifest entry (size, sha256), the paths checked."""
    entries = [{**manifest["data"], "name": DATA}, *manifest["media"]]
    members: dict[str, dict] = {}
    for entry in entries:
        name, size, digest = entry.get("name"), entry.get("size"), entry.get("sha256")
        if not (isinstance(name, str) and isinstance(size, int) and isinstance(digest, str)):
            raise ArchiveError(f"« {label} » : {MANIFEST} décrit mal un fichier.")
        if size < 0 or (name != DATA and _safe_media_name(name) is None):
            raise ArchiveError(f"« {label} » : chemin refusé dans la sauvegarde : « {name} ».")
        members[name] = entry
    return members


def _extract(archive: zipfile.ZipFile, entry: dict, target: Path, label: str) -> None:
    """Copy one member to *target*, reading no more than the manifest declares, and check
    its size and checksum."""
    name, size = entry["name"], entry["size"]
    digest = hashlib.sha256()
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(name) as source, target.open("wb") as output:
        while chunk := source.read(min(_CHUNK, size - written + 1)):
            written += len(chunk)
            if written > size:
                break
            digest.update(chunk)
            output.write(chunk)
    if written != size or digest.hexdigest() != entry["sha256"]:
        raise ArchiveError(
            f"« {label} » est endommagée : « {name} » ne correspond pas à sa somme de contrôle."
        )


def read_archive(path: Path, staging: Path) -> Archive:
    """Check the archive at *path* and extract it under *staging*; ArchiveError otherwise."""
    label = path.name
    if not path.is_file():
        raise ArchiveError(f"« {path} » n’existe pas ou n’est pas un fichier.")
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read_manifest(archive, label)
            members = _expected_members(manifest, label)
            present = set(archive.namelist()) - {MANIFEST}
            if present != set(members):
                unexpected = sorted(present - set(members))[:5]
                missing = sorted(set(members) - present)[:5]
                raise ArchiveError(
                    f"« {label} » ne correspond pas à son inventaire "
                    f"(en trop : {', '.join(unexpected) or 'rien'} ; "
                    f"manquants : {', '.join(missing) or 'rien'})."
                )
            needed = sum(entry["size"] for entry in members.values())
            free = shutil.disk_usage(staging).free
            if needed > free:
                raise ArchiveError(
                    f"« {label} » annonce {needed} octets à extraire, "
                    f"il n’y a que {free} octets libres."
                )
            # loaddata picks the deserializer by extension (serializer.py keeps microseconds).
            data_path = staging / f"data.{SERIAL_FORMAT}"
            media_dir = staging / MEDIA
            media_dir.mkdir()
            for name, entry in members.items():
                relative = _safe_media_name(name)
                target = data_path if name == DATA else media_dir.joinpath(*relative.parts)
                _extract(archive, entry, target, label)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise ArchiveError(
            f"« {label} » n’est pas une sauvegarde de cahier lisible (archive ZIP "
            f"invalide ou tronquée : {error})."
        ) from None
    except (OSError, zlib.error, NotImplementedError, RuntimeError) as error:
        # zlib errors, an encrypted or oddly compressed member, a read error.
        raise ArchiveError(f"« {label} » ne peut pas être lue : {error}.") from None
    return Archive(manifest=manifest, data_path=data_path, media_dir=media_dir)
