"""A bad, hostile or foreign file given to `cahier restore`: a clear French error, and the
database and the media files exactly as they were."""

import hashlib
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cahier.catalogue.enums import PublicationStatus
from cahier.contributions.models import Comment
from tests.catalogue import factories as f
from tests.contributions.factories import UserFactory

from .conftest import hits, media, tables

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def instance(media_root):
    """A small instance: two fiches (one published), an account, a comment, a cached PDF."""
    user = UserFactory(username="curatrice@example.org", curator=True)
    fiche = f.InitiativeFactory(title="Garage solidaire", status=PublicationStatus.PUBLISHED)
    f.InitiativeFactory(title="Atelier vélo")
    Comment.objects.create(initiative=fiche, author=user, text="À relire.")
    (media_root / "editions").mkdir(parents=True)
    (media_root / "editions" / "cahier-0123456789abcdef.pdf").write_bytes(b"%PDF-1.7\n")
    return media_root


@pytest.fixture
def archive(instance, tmp_path):
    path = tmp_path / "cahier.zip"
    call_command("backup", "-o", str(path), stdout=io.StringIO())
    return path


def rewrite(source, target, *, manifest=None, data=None, extra=()):
    """A copy of the archive *source* with its manifest or data changed (checksums kept
    consistent unless the manifest given says otherwise) and *extra* members added."""
    with zipfile.ZipFile(source) as original:
        members = {name: original.read(name) for name in original.namelist()}
    content = json.loads(members["manifest.json"])
    if data is not None:
        members["data.json"] = data
        content["data"] = {
            "name": "data.json",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    if manifest is not None:
        manifest(content)
    members["manifest.json"] = json.dumps(content).encode()
    with zipfile.ZipFile(target, "w") as copy:
        for name, value in [*members.items(), *extra]:
            copy.writestr(name, value)
    return target


def refused(path, *args) -> str:
    """Restore *path*, expect a refusal, check nothing changed; returns the message."""
    before, found, files = tables(), hits(), media(settings.MEDIA_ROOT)
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), *args, stdout=io.StringIO())
    assert tables() == before
    assert hits() == found
    assert media(settings.MEDIA_ROOT) == files
    return str(error.value)


def test_a_file_that_is_not_an_archive(instance, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Ceci n'est pas une sauvegarde.\n")
    assert "n’est pas une sauvegarde de cahier lisible" in refused(text, "--force")


def test_a_missing_file(instance, tmp_path):
    assert "n’existe pas" in refused(tmp_path / "absent.zip")


def test_a_truncated_archive(archive, tmp_path):
    cut = tmp_path / "coupee.zip"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    message = refused(cut, "--force")
    assert "n’est pas une sauvegarde de cahier lisible" in message
    assert "tronquée" in message


def test_an_archive_whose_data_was_altered(archive, tmp_path):
    with zipfile.ZipFile(archive) as original:
        members = {name: original.read(name) for name in original.namelist()}
    members["data.json"] = members["data.json"].replace(b"Garage", b"Garace")
    altered = tmp_path / "alteree.zip"
    with zipfile.ZipFile(altered, "w") as copy:
        for name, value in members.items():
            copy.writestr(name, value)
    assert "endommagée" in refused(altered, "--force")


def test_an_archive_from_a_newer_cahier(archive, tmp_path):
    def newer(manifest):
        manifest["migrations"]["catalogue"].append("9999_from_the_future")

    message = refused(rewrite(archive, tmp_path / "future.zip", manifest=newer), "--force")
    assert "version plus récente de cahier" in message
    assert "catalogue 9999_from_the_future" in message


def test_an_archive_in_a_newer_format(archive, tmp_path):
    def newer(manifest):
        manifest["format_version"] = 99

    message = refused(rewrite(archive, tmp_path / "format.zip", manifest=newer), "--force")
    assert "version plus récente de cahier" in message


def test_a_path_leaving_the_media_directory(archive, tmp_path):
    payload = b"owned"

    def escape(manifest):
        manifest["media"].append(
            {
                "name": "media/../../evil.txt",
                "size": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
            }
        )

    hostile = rewrite(
        archive,
        tmp_path / "zipslip.zip",
        manifest=escape,
        extra=[("media/../../evil.txt", payload)],
    )
    assert "chemin refusé" in refused(hostile, "--force")
    assert not (tmp_path.parent / "evil.txt").exists()


def test_an_unlisted_member(archive, tmp_path):
    hostile = rewrite(archive, tmp_path / "extra.zip", extra=[("media/intrus.pdf", b"x")])
    assert "ne correspond pas à son inventaire" in refused(hostile, "--force")


def test_data_that_cannot_be_loaded_rolls_everything_back(archive, tmp_path):
    """The database is emptied inside the transaction before loading: a failure in the
    middle of the load must give every row back."""
    with zipfile.ZipFile(archive) as original:
        rows = json.loads(original.read("data.json"))
    rows.append({"model": "catalogue.nosuchmodel", "pk": 1, "fields": {}})
    broken = rewrite(archive, tmp_path / "broken.zip", data=json.dumps(rows).encode())
    assert "ne peuvent pas être chargées" in refused(broken, "--force")


def test_data_that_does_not_match_its_inventory(archive, tmp_path):
    with zipfile.ZipFile(archive) as original:
        rows = json.loads(original.read("data.json"))
    rows = [row for row in rows if row["model"] != "contributions.comment"]
    short = rewrite(archive, tmp_path / "short.zip", data=json.dumps(rows).encode())
    assert "incohérente" in refused(short, "--force")


def test_a_database_holding_data_is_kept_unless_forced(archive):
    message = refused(archive)
    assert "La base contient déjà des données" in message
    assert "--force" in message

    call_command("restore", str(archive), "--force", stdout=io.StringIO())

    assert Comment.objects.get().text == "À relire."


def test_an_archive_from_an_older_cahier_is_restored_with_a_warning(archive, tmp_path):
    def older(manifest):
        manifest["migrations"]["contributions"].remove("0005_audit_imported_action")

    err = io.StringIO()
    path = rewrite(archive, tmp_path / "older.zip", manifest=older)

    call_command("restore", str(path), "--force", stdout=io.StringIO(), stderr=err)

    assert "version plus ancienne" in err.getvalue()
    assert "contributions 0005_audit_imported_action" in err.getvalue()


def test_a_backup_is_not_written_among_the_files_it_carries(instance):
    with pytest.raises(CommandError, match="hors du dossier des fichiers"):
        call_command("backup", "-o", str(instance / "cahier.zip"), stdout=io.StringIO())
