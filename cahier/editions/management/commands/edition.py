"""`cahier edition build 2019 -o cahier-2019.pdf`: the printed cahier from the database.
`cahier edition current [2025 [--yes]]`: which edition the site shows, and changing it."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cahier.core.text import count_fr
from cahier.editions import services
from cahier.editions.pdf import edition_pdf, edition_pdf_cached
from cahier.editions.selectors import edition_current, edition_resolve, edition_switch_changes


class Command(BaseCommand):
    help = (
        "Éditions du cahier : `build` produit le PDF d’une édition ; `current` montre ou "
        "change l’édition de référence du site."
    )

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        build = subcommands.add_parser("build", help="Produire le PDF d’une édition.")
        build.add_argument("edition", help="Identifiant (slug) ou année de l’édition, ex. 2019.")
        build.add_argument(
            "-o", "--output", help="Fichier PDF à écrire (défaut : cahier-<identifiant>.pdf)."
        )
        build.add_argument(
            "--cache",
            action="store_true",
            help="Préparer le PDF que sert le site (cache sous MEDIA_ROOT) au lieu d’un fichier.",
        )

        current = subcommands.add_parser(
            "current",
            help="Montrer l’édition de référence (dont le site montre les numéros) ou en changer.",
        )
        current.add_argument("edition", nargs="?", help="Édition à choisir (identifiant ou année).")
        current.add_argument(
            "--yes",
            action="store_true",
            help="Confirmer le changement (sinon : ce qui changerait).",
        )

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "build":
            self.build(options["edition"], options.get("output"), options.get("cache", False))
        elif subcommand == "current":
            self.current(options.get("edition"), options.get("yes", False))

    def current(self, designation: str | None, confirmed: bool) -> None:
        now = edition_current()
        self.stdout.write(
            f"Édition de référence : {now.title} ({now.year}, {now.slug})."
            if now
            else "Aucune édition de référence : le site ne montre aucun numéro de fiche."
        )
        if designation is None:
            return
        edition = edition_resolve(designation)
        if edition is None:
            raise CommandError(f"Aucune édition « {designation} » (identifiant ou année).")
        changes = edition_switch_changes(edition)
        if changes.is_noop:
            self.stdout.write("C’est déjà l’édition de référence : rien ne change.")
            return
        self.stdout.write(
            f"Avec « {edition.title} » ({edition.year}) : "
            f"{count_fr(len(changes.lost), 'fiche', none='Aucune')} sans numéro désormais, "
            f"{count_fr(len(changes.renumbered), 'renumérotée', none='aucune')}, "
            f"{count_fr(len(changes.gained), 'numérotée', none='aucune')}, "
            f"{count_fr(changes.unchanged, 'inchangée', none='aucune')}."
        )
        for title, old, new in changes.renumbered[:5]:
            self.stdout.write(f"  {title} : n° {old} → n° {new}")
        if not confirmed:
            self.stdout.write("Rien n’a changé : relancez avec --yes pour confirmer.")
            return
        try:
            services.edition_make_current(edition=edition)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"« {edition.title} » est l’édition de référence."))

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
