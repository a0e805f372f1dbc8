"""`cahier serve`: the production server (gunicorn), static files served by WhiteNoise."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Sert le site avec gunicorn (production ou `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )

    def handle(self, *args, host, port, workers, **options):
        bind = f"{host}:{port}"
        self.stdout.write(f"Catalogue servi sur http://{bind}/ (Ctrl+C pour arrêter)")
        argv = [
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--timeout",
            "60",
        ]
        # Replace this process: signals (Ctrl+C) go straight to gunicorn.
        os.execv(sys.executable, [sys.executable, "-m", *argv])
