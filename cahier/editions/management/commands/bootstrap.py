"""`cahier bootstrap`: import the bundled 2019 cahier when the catalogue is empty (`make run`)."""

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cahier.catalogue.models import Initiative
from cahier.catalogue.services import glossary_additions_seed, institution_changes_seed
from cahier.editions.models import Edition
from cahier.editions.pdf_builds import edition_pdf_request


class Command(BaseCommand):
    help = "Importe le cahier 2019 fourni avec le projet si le catalogue est vide."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose-warnings", action="store_true", help="affiche chaque incohérence du document"
        )

    def handle(self, *args, verbose_warnings, **options):
        if Edition.objects.exists() or Initiative.objects.exists():
            self.stdout.write("Catalogue déjà rempli : rien à importer.")
            return
        # The reference data the migrations seeded, back after a flush (an existing row is kept).
        institution_changes_seed()
        glossary_additions_seed()
        document = settings.CAHIER_DEFAULT_DOCUMENT
        self.stdout.write(f"Catalogue vide : import de {document.name}…")
        warnings = io.StringIO()
        call_command(
            "import",
            str(document),
            stdout=self.stdout,
            stderr=self.stderr if verbose_warnings else warnings,
        )
        count = warnings.getvalue().count("Avertissement")
        if count:
            # The bundled document has known inconsistencies; list them on demand, not at every start.
            self.stdout.write(
                f"Le détail des {count} incohérences : cahier import {document} --dry-run"
            )
        edition = Edition.objects.order_by("-year").first()
        if edition is not None and edition_pdf_request(edition=edition) is not None:
            self.stdout.write(
                f"PDF de l’édition {edition.year} demandé : le worker de `cahier serve` "
                "(ou `cahier worker`) le prépare."
            )
