"""scripts/loadtest.py: it refuses a target off the machine and an unbounded run, and a short run
of two readers against the live server reads the mix without an error."""

import importlib.util
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.catalogue.factories import InitiativeFactory, KeywordFactory

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "loadtest.py"


@pytest.fixture(scope="module")
def loadtest():
    spec = importlib.util.spec_from_file_location("loadtest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "https://cahier.example/",
        "http://10.0.0.5:8000",
        "http://192.168.1.2",
        "http://localhost.example.org",
        "http://[2001:db8::1]:8000",
    ],
)
def test_a_target_off_the_machine_is_refused(loadtest, url, capsys):
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--url", url])
    assert "boucle locale" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8160", "http://[::1]"])
def test_loopback_targets_are_accepted(loadtest, url):
    assert loadtest.parse_args(["--url", url]).url == url


@pytest.mark.parametrize(
    "bounds",
    [
        ["--duration", "0"],
        ["--duration", "inf"],
        ["--duration", "86400"],
        ["--max-requests", "0"],
        ["--max-requests", "100000000"],
        ["--readers", "0"],
        ["--readers", "50,100000"],
        ["--think", "-1"],
    ],
)
def test_a_run_is_always_bounded(loadtest, bounds):
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--url", "http://127.0.0.1:8000", *bounds])


def test_a_target_is_required(loadtest):
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--readers", "2"])


@pytest.mark.django_db(transaction=True)
def test_two_readers_read_the_whole_mix_without_error(loadtest, live_server):
    keyword = KeywordFactory()
    for number in range(3):
        InitiativeFactory(title=f"Garage solidaire numéro {number}", keywords=[keyword])
    argv = ["--url", live_server.url, "--readers", "2", "--duration", "2", "--warmup", "0"]
    argv += ["--max-requests", "400", "--seed", "1"]
    # In its own thread: a browser test earlier in the same worker process (Playwright's sync
    # API) may have left an event loop running in this one, where asyncio.run() refuses to start.
    with ThreadPoolExecutor(max_workers=1) as pool:
        [result] = pool.submit(loadtest.main, argv).result()
    assert result["requests"] > 0
    assert result["errors"] == 0, result["error_kinds"]
    assert set(result["by_type"]) <= set(loadtest.WEIGHTS)
