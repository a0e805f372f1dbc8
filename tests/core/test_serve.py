"""`cahier serve` with its worker, as real processes: the worker runs what is queued while
gunicorn answers; stopping serve (SIGTERM, Ctrl+C, or killed outright) stops both children."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CAHIER = str(Path(sys.executable).parent / "cahier")


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """A migrated SQLite database in its own var dir, as after `make run`'s first step."""
    path = tmp_path_factory.mktemp("serve-var")
    subprocess.run([CAHIER, "migrate", "--no-input", "-v0"], env=_env(path), check=True)
    return path


def _env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(CAHIER_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings.dev")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} : toujours pas après {timeout} s")


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def _task_statuses(var_dir: Path) -> list[str]:
    with sqlite3.connect(var_dir / "cahier.sqlite3") as db:
        return [
            row[0] for row in db.execute("select status from django_tasks_database_dbtaskresult")
        ]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_serve_runs_a_worker_beside_gunicorn_and_stops_it(var_dir, stop):
    env = _env(var_dir)
    subprocess.run([CAHIER, "contacts", "purge", "--enqueue"], env=env, check=True)
    port = _free_port()
    serve = subprocess.Popen(
        [CAHIER, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: _answers(port), 60, "le site ne répond pas")
        children = _wait_for(
            lambda: len(_children(serve.pid)) == 2 and _children(serve.pid), 10, "deux enfants"
        )
        worker = next(pid for pid in children if " worker" in _cmdline(pid))
        gunicorn = next(pid for pid in children if "gunicorn" in _cmdline(pid))
        # The task queued before the start is run by the worker.
        _wait_for(lambda: "READY" not in _task_statuses(var_dir), 30, "tâche non exécutée")
        assert set(_task_statuses(var_dir)) == {"SUCCESSFUL"}
        serve.send_signal(stop)
        _wait_for(lambda: not _alive(worker) and not _alive(gunicorn), 30, "enfants vivants")
        assert not _answers(port)
        if stop != signal.SIGKILL:
            assert serve.wait(timeout=10) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
        serve.wait()
