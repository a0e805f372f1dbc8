"""`cahier edition build 2019 -o cahier-2019.pdf`: the printed cahier from the database."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cahier.editions.pdf import edition_pdf, edition_pdf_cached
from cahier.editions.selectors import edition_resolve


class Command(BaseCommand):
    help = "Éditions du cahier : `build` produit le PDF d'une édition."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        build = subcommands.add_parser("build", help="Produire le PDF d'une édition.")
        build.add_argument("edition", help="Identifiant (slug) ou année de l'édition, ex. 2019.")
        build.add_argument(
            "-o", "--output", help="Fichier PDF à écrire (défaut : cahier-<identifiant>.pdf)."
        )
        build.add_argument(
            "--cache",
            action="store_true",
            help="Préparer le PDF que sert le site (cache sous MEDIA_ROOT) au lieu d'un fichier.",
        )

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "build":
            self.build(options["edition"], options.get("output"), options.get("cache", False))

    def build(self, designation: str, output: str | None, cache: bool) -> None:
        edition = edition_resolve(designation)
        if edition is None:
            raise CommandError(f"Aucune édition « {designation} » (identifiant ou année).")
        started = time.perf_counter()
        if cache:
            path = edition_pdf_cached(edition)
            data = path.read_bytes()
        else:
            path = Path(output or f"cahier-{edition.slug}.pdf")
            data = edition_pdf(edition)
            path.write_bytes(data)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{path} : {edition.entries.count()} fiches, {len(data) // 1024} Kio, {elapsed:.1f} s"
        )
