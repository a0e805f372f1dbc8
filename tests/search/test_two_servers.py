"""Two real servers on one PostgreSQL database (each with its own var directory, as two
machines would be) agree with each other within a second of a change committed by a third
process — here the test itself: the search caches are invalidated through the database
(cahier/search/state.py), not through a per-machine cache."""

import os
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from django.db import connection

from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.services import InitiativeData
from tests.catalogue import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DEADLINE = 1.0  # seconds: the budget for a change to reach every server
WORD = "zorglubesque"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgresql://{user}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def two_servers(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several servers share one database only on PostgreSQL")
    servers = []
    try:
        for name in ("a", "b"):
            port = _free_port()
            env = {
                **os.environ,
                "DATABASE_URL": _database_url(),
                "CAHIER_VAR_DIR": str(tmp_path / name),
                "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                "SECRET_KEY": "two-servers-test",
                "DEBUG": "0",
            }
            command = [str(Path(sys.executable).with_name("cahier")), "serve", "--workers", "2"]
            process = subprocess.Popen(
                [*command, "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append((process, f"http://127.0.0.1:{port}"))
        for process, base in servers:
            _wait_until_up(process, base)
        yield [base for _, base in servers]
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(process, base: str) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise AssertionError(f"le serveur {base} s'est arrêté ({process.returncode})")
        try:
            if httpx.get(f"{base}/api/v1/initiatives", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"le serveur {base} ne répond pas")


def _search(base: str, **params) -> dict:
    response = httpx.get(f"{base}/api/v1/initiatives", params=params, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def _seen_by_all(bases: list[str], check, **params) -> float:
    """Seconds until *check* holds on every server's answer (several requests each, so that
    every gunicorn worker is likely asked); fails after twice the deadline."""
    start = time.monotonic()
    while time.monotonic() - start < 2 * DEADLINE:
        answers = [_search(base, **params) for base in bases for _ in range(3)]
        if all(check(answer) for answer in answers):
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"pas vu par tous les serveurs en {2 * DEADLINE} s : {answers}")


def test_a_change_reaches_both_servers_within_a_second(two_servers):
    fiche = f.InitiativeFactory(title="Garage solidaire", description="Des voitures prêtées.")
    f.InitiativeFactory(title="Atelier vélo")
    # Both servers (every worker) have built their caches: the word is unknown, 2 fiches.
    for _ in range(4):
        for base in two_servers:
            assert _search(base, q=WORD)["count"] == 0
            assert _search(base)["count"] == 2

    data = InitiativeData.from_initiative(fiche)
    services.initiative_update(
        initiative=fiche,
        data=replace(data, description=f"Des voitures prêtées, un accueil {WORD}."),
        expected_version=fiche.version,
    )
    found = _seen_by_all(two_servers, lambda answer: answer["count"] == 1, q=WORD)
    assert found <= DEADLINE

    fiche.refresh_from_db()
    services.initiative_set_status(initiative=fiche, status=PublicationStatus.ARCHIVED)

    def coherent_after_archive(answer):
        return answer["count"] == len(answer["results"]) == 1

    gone = _seen_by_all(two_servers, coherent_after_archive)
    assert gone <= DEADLINE
    for base in two_servers:
        assert _search(base, q=WORD)["count"] == 0
