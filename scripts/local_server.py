"""Start `cahier serve` on loopback for a measurement, wait until it answers, stop it: shared by
scripts/loadtest.py and the server mode of scripts/bench_search.py.

The server runs with the production settings (config.settings.prod, HTTPS redirect off since
it is plain HTTP on loopback), no background worker, its own CAHIER_VAR_DIR (file cache, log) so that
it never shares a cache with another server; the static files are collected once, under
var/loadtest/static, and again only after a source file changed."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CAHIER = str(Path(sys.executable).parent / "cahier")
STATIC_ROOT = ROOT / "var" / "loadtest" / "static"


def database_url(database: str) -> str:
    """A PostgreSQL URL as given; anything else is the path of a SQLite file."""
    if database.startswith(("postgres://", "postgresql://")):
        return database
    return f"sqlite:///{Path(database).resolve()}"


def server_env(url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=url,
        CAHIER_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="loadtest-only-not-a-secret",  # noqa: S106 (a throwaway server on loopback)
        SECURE_SSL_REDIRECT="0",
        # One collected copy for every var dir (collectstatic takes minutes on a busy machine).
        STATIC_ROOT=str(STATIC_ROOT),
    )
    return env


def prepare(url: str, var_dir: Path, *, bootstrap: bool) -> None:
    """Static files for the pages (the manifest the templates need), and with `bootstrap` a
    migrated database holding the 2019 cahier (nothing is imported when it has fiches)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(url, var_dir)
    commands = [] if _static_fresh() else [["collectstatic", "--no-input", "-v0"]]
    if bootstrap:
        commands = [["migrate", "--no-input", "-v0"], ["bootstrap"], *commands]
    for command in commands:
        subprocess.run([CAHIER, *command], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def _static_fresh() -> bool:
    """The static files were collected after the last change of a source file."""
    manifest = STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = (p for p in (ROOT / "cahier").glob("*/static/**/*") if p.is_file())
    return max((p.stat().st_mtime for p in sources), default=0) < manifest.stat().st_mtime


def start(url: str, port: int, var_dir: Path, serve_args: list[str]) -> subprocess.Popen:
    """`cahier serve --no-worker` on 127.0.0.1:port; its output goes to var_dir/serve.log. The
    file caches of var_dir (data and pages) are emptied first: every run starts from the same
    state, not from the pages an earlier run left."""
    for name in ("cache", "cache-pages"):
        shutil.rmtree(var_dir / name, ignore_errors=True)
    log = (var_dir / "serve.log").open("ab")
    command = [CAHIER, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(
        [*command, *serve_args],
        env=server_env(url, var_dir),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_ready(base: str, process: subprocess.Popen | None, timeout: float = 180) -> None:
    """Until /robots.txt answers 200 (a worker has loaded the application)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"le serveur s’est arrêté (code {process.returncode})")
        try:
            if httpx.get(f"{base}/robots.txt", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"le serveur ne répond pas après {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_rss_mib(process: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (children of the master), in MiB (Linux)."""
    try:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes
