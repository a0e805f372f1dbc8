"""`cahier import` on hostile files: a size cap read by chunks, binary files refused, nothing
written (finding: `cahier import /dev/zero` died with MemoryError)."""

import importlib
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from cahier.catalogue.models import Initiative

pytestmark = pytest.mark.django_db

# « import » is a keyword: the module is reached by name.
command = importlib.import_module("cahier.editions.management.commands.import")


def run_import(path):
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_nul_bytes_are_refused_as_binary(tmp_path):
    path = tmp_path / "cahier.txt"
    path.write_bytes(b"# Cahier\n\nUne ligne\n\x00\x01\x02 binaire")
    with pytest.raises(CommandError, match="ligne 4 : octet nul, ce n’est pas un document texte"):
        run_import(path)
    assert not Initiative.objects.exists()


def test_a_document_past_the_cap_is_refused(tmp_path, settings):
    settings.CAHIER_IMPORT_MAX_BYTES = 1_000
    path = tmp_path / "cahier.txt"
    path.write_text("# Cahier\n" + "du texte " * 200, encoding="utf-8")
    with pytest.raises(CommandError, match="dépasse la taille maximale d’un document"):
        run_import(path)
    assert not Initiative.objects.exists()


class Endless(io.RawIOBase):
    """A file that never ends (like /dev/zero, or a pipe fed forever), counting reads."""

    def __init__(self, byte: bytes):
        self.byte, self.read_bytes = byte, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        buffer[:] = self.byte * len(buffer)
        self.read_bytes += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("byte", [b"a", b"\x00"])
def test_an_endless_input_is_read_only_up_to_the_cap(byte):
    endless = Endless(byte)
    path = mock.MagicMock(spec=Path)
    path.open.return_value = io.BufferedReader(endless)
    with pytest.raises(CommandError, match="octet nul|taille maximale"):
        command.read_document(path, max_bytes=3 * command.CHUNK)
    assert endless.read_bytes <= 5 * command.CHUNK


def test_dev_zero_is_refused_at_once():
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(CommandError, match="ligne 1 : octet nul"):
        command.read_document(zero, max_bytes=command.CHUNK)


def test_not_utf8_keeps_its_message(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("# Cahier\n\nInitiative créée\n".encode("latin-1"))
    with pytest.raises(CommandError, match="ligne 3 : le document n’est pas en UTF-8"):
        command.read_document(path)
