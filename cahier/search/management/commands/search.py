import json

from django.core.management.base import BaseCommand, CommandError

from cahier.core.text import count_fr
from cahier.search import parameters
from cahier.search.engine import SearchParameterError, SearchQuery, search
from cahier.search.enums import RecoveryKind
from cahier.search.payload import result_payload

# The API's parameters (parameters.py), the words being the positional argument.
OPTIONS = tuple(p for p in parameters.surface(parameters.API) if p is not parameters.QUERY)


class Command(BaseCommand):
    help = "Cherche dans le catalogue, comme le site et l’API : cahier search « REQUÊTE »."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help="texte recherché")
        parameters.add_arguments(parser, OPTIONS)
        parser.set_defaults(limit="10")
        parser.add_argument("--json", action="store_true", help="sortie JSON (comme l’API)")

    def handle(self, *args, **options):
        try:
            values = parameters.read_mapping({**options, "q": options["query"]})
            result = search(SearchQuery(**values))
        except SearchParameterError as error:
            raise CommandError(error.message(parameters.CLI)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result_payload(result), ensure_ascii=False, indent=2))
            return
        if result.corrected_query:
            self.stdout.write(f"Résultats pour « {result.corrected_query} »")
        for recovery in result.recoveries:  # families, nearby regions, suggestions
            if recovery.kind != RecoveryKind.CORRECTION:
                self.stdout.write(recovery.label)
        if result.places:
            self.stdout.write("Lieux reconnus : " + ", ".join(result.places))
        for reading in result.understood:
            options = " ".join(f"--{name} {value!r}" for name, value in reading.filters)
            self.stdout.write(f"{reading.label} ({reading.count}) : {options}")
        plural = "s" if result.count > 1 else ""
        self.stdout.write(f"{result.count} fiche{plural} trouvée{plural}.")
        partial = result.count - result.count_relevant
        if partial:
            self.stdout.write(
                f"Dont {count_fr(result.count_relevant, 'pertinente', none='aucune')}, "
                f"puis {count_fr(partial, 'partielle')} (une partie de la recherche seulement)."
            )
        if not result.hits:
            for suggestion in result.suggestions:
                self.stdout.write(f"  Suggestion : {suggestion.label} ({suggestion.count} fiches)")
            return
        rows = [("N°", "Titre", "Région", "Score")]
        for index, hit in enumerate(result.hits):
            if hit.partial and (index == 0 or not result.hits[index - 1].partial):
                rows.append(("", "Résultats partiels :", "", ""))
            score = "" if hit.score is None else f"{hit.score:.3f}"
            title = hit.title if len(hit.title) <= 60 else hit.title[:59] + "…"
            rows.append((str(hit.number or "—"), title, hit.region, score))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for index, row in enumerate(rows):
            line = "  ".join(
                cell.rjust(widths[i]) if i in (0, 3) else cell.ljust(widths[i])
                for i, cell in enumerate(row)
            )
            self.stdout.write(line.rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
