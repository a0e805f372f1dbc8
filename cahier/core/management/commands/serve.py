"""`cahier serve`: the production server (gunicorn), static files served by WhiteNoise, and
beside it a `cahier worker` for the background tasks, so that `make run` needs nothing else.

With the worker, this process only supervises: gunicorn and the worker are its children, in
their own process group (a Ctrl+C reaches this process only, which stops each child once and
gracefully: the worker ends its current task first; a second Ctrl+C hurries both). When
gunicorn stops, the worker is stopped; when the worker dies, it is started again. On Linux a
child also gets SIGTERM if this process is killed outright (PR_SET_PDEATHSIG). Production runs
the worker as its own service: `cahier serve --no-worker` (docs/living-catalogue.md)."""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

from .worker import uses_worker

# gunicorn's defaults for `cahier serve`, each overridable by an option or the environment
# (docs/deployment.md; measured with scripts/loadtest.py in docs/performance.md).
WORKERS_PER_CORE = 1  # measured on 2 cores: 2 × 8 beat 4 × 8 (docs/performance.md)
THREADS = 8  # > 1: the gthread worker class (a thread per request, keep-alive possible)
TIMEOUT = 60  # seconds a request may take before its worker is restarted
KEEPALIVE = 5  # seconds an idle connection is kept (direct clients, or a proxy's upstream pool)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def default_workers() -> int:
    return _env_int("WEB_CONCURRENCY", WORKERS_PER_CORE * (os.cpu_count() or 1))


# The worker yields the CPU to the web workers: a PDF build must not slow the pages down.
WORKER_NICENESS = 10
# A worker that dies is started again, at most this often (seconds).
RESTART_DELAY = 5.0
# After the second signal, how long the children get before SIGKILL (seconds).
HURRY_TIMEOUT = 10.0
_PR_SET_PDEATHSIG = 1


def _child_setup(niceness: int = 0):
    def setup() -> None:  # runs in the child, between fork and exec
        # Not Linux: no such call, the children are stopped by supervise() only.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if niceness:
            os.nice(niceness)

    return setup


class Command(BaseCommand):
    help = (
        "Sert le site avec gunicorn et lance à côté le worker des tâches de fond "
        "(production ou `make run`) ; --no-worker : le site seul."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help=f"processus gunicorn (WEB_CONCURRENCY ; {WORKERS_PER_CORE} par cœur par défaut)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=_env_int("CAHIER_WEB_THREADS", THREADS),
            help=f"fils par processus (CAHIER_WEB_THREADS, {THREADS}) ; 1 : workers « sync »",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=_env_int("CAHIER_WEB_TIMEOUT", TIMEOUT),
            help=f"secondes avant de relancer un processus bloqué (CAHIER_WEB_TIMEOUT, {TIMEOUT})",
        )
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=_env_int("CAHIER_WEB_KEEPALIVE", KEEPALIVE),
            help=f"secondes de connexion inactive gardée (CAHIER_WEB_KEEPALIVE, {KEEPALIVE})",
        )
        parser.add_argument(
            "--no-worker",
            dest="with_worker",
            action="store_false",
            help="ne pas lancer `cahier worker` à côté (en production, c’est un service à part)",
        )

    def handle(
        self, *args, host, port, workers, threads, timeout, keep_alive, with_worker, **options
    ):
        self.verbosity = options["verbosity"]
        bind = f"{host}:{port}"
        worker_class = "gthread" if threads > 1 else "sync"
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--timeout",
            str(timeout),
            "--keep-alive",
            str(keep_alive),
        ]
        with_worker = with_worker and uses_worker()
        self.stdout.write(
            f"Catalogue servi sur http://{bind}/"
            + (", tâches de fond par un worker" if with_worker else "")
            + " (Ctrl+C pour arrêter)"
        )
        self.stdout.flush()
        if not with_worker:
            # Replace this process: signals (Ctrl+C) go straight to gunicorn.
            os.execv(sys.executable, argv)
        sys.exit(self.supervise(argv))

    def supervise(self, server_argv: list[str]) -> int:
        signals: list[int] = []

        def on_signal(signum, frame):
            signals.append(signum)

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, on_signal)
        server = self._start(server_argv, 0)
        worker = self._start_worker()
        worker_started = time.monotonic()
        while not signals and server.poll() is None:
            if worker.poll() is not None and time.monotonic() - worker_started >= RESTART_DELAY:
                self.stderr.write(f"Le worker s’est arrêté (code {worker.returncode}) : relancé.")
                worker = self._start_worker()
                worker_started = time.monotonic()
            time.sleep(0.2)
        if signals:
            self.stdout.write(
                "Arrêt demandé : le worker finit d’abord sa tâche en cours, s’il en a une "
                "(Ctrl+C encore pour l’interrompre)."
            )
        self._stop(server, worker, signals)
        return server.returncode or 0

    def _start(self, argv: list[str], niceness: int) -> subprocess.Popen:
        # S603: fixed argv (this interpreter, gunicorn or `cahier worker`), no shell.
        return subprocess.Popen(  # noqa: S603
            argv, process_group=0, preexec_fn=_child_setup(niceness)
        )

    def _start_worker(self) -> subprocess.Popen:
        verbosity = str(self.verbosity)
        argv = [sys.executable, "-m", "cahier.cli", "worker", "--verbosity", verbosity]
        return self._start(argv, WORKER_NICENESS)

    def _stop(self, server, worker, signals: list[int]) -> None:
        """SIGTERM to each child once (gunicorn and the worker both stop gracefully); a second
        signal to this process hurries them (the worker then abandons its task, recorded as
        failed), and HURRY_TIMEOUT later whatever is left is killed."""
        children = [child for child in (server, worker) if child.poll() is None]
        for child in children:
            child.send_signal(signal.SIGTERM)
        seen = len(signals)
        hurried_at = None
        while any(child.poll() is None for child in children):
            if hurried_at is None and len(signals) > seen:
                hurried_at = time.monotonic()
                for child in children:
                    if child.poll() is None:
                        child.send_signal(signal.SIGQUIT if child is server else signal.SIGTERM)
            if hurried_at is not None and time.monotonic() - hurried_at > HURRY_TIMEOUT:
                for child in children:
                    if child.poll() is None:
                        child.kill()
            time.sleep(0.1)
