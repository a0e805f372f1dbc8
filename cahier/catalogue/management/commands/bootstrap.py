"""`cahier bootstrap`: import the bundled 2019 cahier when the catalogue is empty (`make run`)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cahier.catalogue.models import Edition, Initiative


class Command(BaseCommand):
    help = "Importe le cahier 2019 fourni avec le projet si le catalogue est vide."

    def handle(self, *args, **options):
        if Edition.objects.exists() or Initiative.objects.exists():
            self.stdout.write("Catalogue déjà rempli : rien à importer.")
            return
        self.stdout.write(f"Catalogue vide : import de {settings.CAHIER_DEFAULT_DOCUMENT.name}…")
        call_command("import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=self.stdout)
