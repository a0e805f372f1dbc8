"""The `import` and `bootstrap` commands on an empty catalogue: failures leave nothing behind."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cahier.catalogue.models import GlossaryTerm, Initiative
from cahier.editions.models import Edition

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    """Even past parsing, an error in the middle of the load leaves the database as it was."""
    from cahier.catalogue import services

    calls = {"n": 0}
    original = services.initiative_create
    glossary = set(GlossaryTerm.objects.values_list("acronym", flat=True))  # seeded: DREETS…

    def failing_create(**kwargs):
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("disque plein")
        return original(**kwargs)

    monkeypatch.setattr(services, "initiative_create", failing_create)
    with pytest.raises(RuntimeError):
        run_import(settings.CAHIER_DEFAULT_DOCUMENT)
    assert Initiative.objects.count() == 0
    assert Edition.objects.count() == 0
    assert set(GlossaryTerm.objects.values_list("acronym", flat=True)) == glossary


def test_not_utf8_and_missing_files_get_clear_errors(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("# Titre\n\nÉdito en latin-1\n".encode("latin-1"))
    with pytest.raises(CommandError, match="ligne 3 : le document n’est pas en UTF-8"):
        run_import(latin)
    with pytest.raises(CommandError, match="introuvable"):
        run_import(tmp_path / "absent.txt")


def test_bootstrap_imports_only_into_an_empty_catalogue():
    out = io.StringIO()
    call_command("bootstrap", stdout=out, stderr=io.StringIO())
    assert Initiative.objects.count() == 46
    call_command("bootstrap", stdout=out)
    assert "déjà rempli" in out.getvalue()
    assert Initiative.objects.count() == 46
    assert connection.vendor in ("sqlite", "postgresql")
