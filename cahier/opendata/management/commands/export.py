"""`cahier export --format json|csv|xlsx|data-inclusion-services|data-inclusion-structures
[--edition SLUG] [-o FILE] [--q … --region …]`: the
catalogue as open data, or the fiches a search finds, through the same exporters and the same
filters as `/api/v1/exports/…` (same fiches, same bytes)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cahier.editions.models import Edition
from cahier.opendata.exporters import EXPORTERS
from cahier.search import parameters
from cahier.search.parameters import SearchParameterError, SearchQuery
from cahier.search.selectors import initiatives_matching


class Command(BaseCommand):
    help = (
        "Exporte les fiches publiées en données ouvertes, octet pour octet comme "
        "/api/v1/exports/initiatives.{json,csv,xlsx} et /api/v1/exports/data-inclusion/…."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=list(EXPORTERS),
            default="json",
            help="json : le document des données ouvertes ; csv : une ligne par fiche (UTF-8 "
            "avec BOM) ; xlsx : tableur (avec -o) ; data-inclusion-services, "
            "data-inclusion-structures : le schéma data·inclusion (fiches « en cours »)",
        )
        parser.add_argument("-o", "--output", type=Path, help="fichier de sortie (défaut : écran)")
        parser.add_argument(
            "--edition", help="numérotation de cette édition (défaut : l’édition courante)"
        )
        # The words and filters of the API exports (?q=…&region=…), as --q, --region….
        parameters.add_arguments(parser, parameters.CRITERIA)

    def handle(self, *args, format, output, edition, **options):
        exporter = EXPORTERS[format]
        if output is None and not exporter.is_text:
            raise CommandError(f"Le format {format} s’écrit dans un fichier : précisez -o FICHIER.")
        try:
            query = SearchQuery(**parameters.read_mapping(options, parameters.CRITERIA))
            queryset = initiatives_matching(query)
        except SearchParameterError as error:
            raise CommandError(error.message(parameters.CLI)) from None
        chosen = _edition(edition)
        content = exporter.export(queryset, edition=chosen)
        if output is None:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Écriture impossible dans {output} : {error.strerror}.") from error
        if exporter.json_shape is list:  # data·inclusion: the services or structures written
            written = f"{len(json.loads(content))} éléments exportés"
        else:
            written = f"{queryset.count()} initiatives exportées"
        self.stderr.write(f"{written} en {exporter.verbose_name} dans {output}.")


def _edition(slug: str | None) -> Edition | None:
    if not slug:
        return None
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        known = ", ".join(Edition.objects.values_list("slug", flat=True)) or "aucune"
        raise CommandError(f"Édition « {slug} » inconnue (éditions : {known}).")
    return edition
