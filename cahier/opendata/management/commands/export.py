"""`cahier export --format json|csv [-o FILE]`: the whole catalogue as open data."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cahier.editions.models import Edition
from cahier.opendata import records as export


class Command(BaseCommand):
    help = (
        "Exporte le catalogue (JSON : le contrat des données ouvertes ; CSV : une ligne par fiche)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["json", "csv", "xlsx"],
            default="json",
            help="json : le contrat des données ouvertes ; csv : une ligne par fiche ; xlsx : tableur",
        )
        parser.add_argument("-o", "--output", type=Path, help="fichier de sortie (défaut : écran)")
        parser.add_argument("--edition", help="identifiant de l'édition (défaut : la plus récente)")

    def handle(self, *args, format, output, edition, **options):
        chosen = None
        if edition:
            chosen = Edition.objects.filter(slug=edition).first()
            if chosen is None:
                known = ", ".join(Edition.objects.values_list("slug", flat=True)) or "aucune"
                raise CommandError(f"Édition « {edition} » inconnue (éditions : {known}).")
        if format == "xlsx":
            # The spreadsheet comes from the open-data exporters (same records, one interface).
            from cahier.catalogue.models import Initiative
            from cahier.opendata.exporters import EXPORTERS

            if output is None:
                raise CommandError("Le format xlsx s'écrit dans un fichier : précisez -o FICHIER.")
            content_bytes = EXPORTERS["xlsx"].export(Initiative.objects.published())
            try:
                output.write_bytes(content_bytes)
            except OSError as error:
                raise CommandError(
                    f"Écriture impossible dans {output} : {error.strerror}."
                ) from error
            self.stderr.write(f"Catalogue exporté en XLSX dans {output}.")
            return
        document = export.catalogue_document(chosen)
        if format == "json":
            content = export.to_json(document)
        else:
            content = export.to_csv(document["initiatives"])
        if output is None:
            self.stdout.write(content, ending="")
            return
        try:
            output.write_text(content, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Écriture impossible dans {output} : {error.strerror}.") from error
        self.stderr.write(
            f"{len(document['initiatives'])} initiatives exportées en {format.upper()} dans {output}."
        )
