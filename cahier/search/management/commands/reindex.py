import time

from django.core.management.base import BaseCommand

from cahier.search.indexing import reindex_all


class Command(BaseCommand):
    help = "Reconstruit l’index de recherche (fiches publiées) ; à lancer après un import en masse."

    def handle(self, *args, **options):
        started = time.perf_counter()
        total = reindex_all()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Index reconstruit : {total} fiches publiées en {elapsed:.1f} s.")
        )
