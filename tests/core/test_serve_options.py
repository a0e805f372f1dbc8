"""`cahier serve` hands gunicorn the measured defaults (docs/performance.md), each one
overridable by an option or the environment."""

import os

import pytest
from django.core.management import call_command


@pytest.fixture
def gunicorn_argv(monkeypatch):
    """The argv `cahier serve --no-worker` would exec, instead of exec'ing it."""
    captured: list[list[str]] = []

    def execv(path, argv):
        captured.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execv", execv)

    def serve(*args: str) -> dict[str, str]:
        with pytest.raises(SystemExit):
            call_command("serve", "--no-worker", *args)
        argv = captured.pop()
        return {argv[i]: argv[i + 1] for i in range(len(argv) - 1) if argv[i].startswith("--")}

    return serve


def test_the_default_is_threaded_workers_one_per_core(gunicorn_argv, monkeypatch):
    for name in ("WEB_CONCURRENCY", "CAHIER_WEB_THREADS", "CAHIER_WEB_KEEPALIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    # The defaults are read when the options are declared: a fresh parser sees the patch.
    options = gunicorn_argv()
    assert options["--worker-class"] == "gthread"
    assert (options["--workers"], options["--threads"]) == ("2", "8")
    assert (options["--timeout"], options["--keep-alive"]) == ("60", "5")


def test_options_and_environment_override_the_defaults(gunicorn_argv, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("CAHIER_WEB_KEEPALIVE", "75")
    options = gunicorn_argv("--threads", "1", "--timeout", "120")
    assert options["--worker-class"] == "sync"
    assert (options["--workers"], options["--keep-alive"], options["--timeout"]) == (
        "3",
        "75",
        "120",
    )
