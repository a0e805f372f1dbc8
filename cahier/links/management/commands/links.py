"""`cahier links check [--only SLUG] [--timeout S] [--concurrency N] [--enqueue]`: check the links
of the published fiches and store the outcomes, here or through `cahier worker` (see
docs/living-catalogue.md)."""

from django.core.management.base import BaseCommand, CommandError

from cahier.catalogue.models import Initiative
from cahier.core.commands import add_enqueue_option, count_text, enqueued_text
from cahier.links import services
from cahier.links.enums import LinkStatus
from cahier.links.tasks import links_check_task


def _positive(kind):
    def parse(value):
        number = kind(value)
        if number <= 0:
            raise ValueError(value)
        return number

    parse.__name__ = kind.__name__
    return parse


class Command(BaseCommand):
    help = "Vérifie les liens des fiches publiées (check)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])
        parser.add_argument(
            "--only", metavar="SLUG", action="append", help="seulement cette fiche (répétable)"
        )
        parser.add_argument(
            "--timeout",
            type=_positive(float),
            metavar="S",
            help="secondes au plus par requête (20 par défaut)",
        )
        parser.add_argument(
            "--concurrency",
            type=_positive(int),
            metavar="N",
            help="requêtes simultanées au plus (8 par défaut ; 2 au plus par site)",
        )
        add_enqueue_option(parser)

    def handle(
        self, *args, action, only=None, timeout=None, concurrency=None, enqueue=False, **options
    ):
        initiatives = None
        if only:
            initiatives = list(Initiative.objects.published().filter(slug__in=only))
            missing = sorted(set(only) - {fiche.slug for fiche in initiatives})
            if missing:
                raise CommandError(
                    "Aucune fiche publiée pour : " + ", ".join(f"« {slug} »" for slug in missing)
                )
        if enqueue:
            result = links_check_task.enqueue(slugs=only, timeout=timeout, concurrency=concurrency)
            self.stdout.write(enqueued_text(result))
            return
        report = services.links_check(
            initiatives=initiatives, timeout=timeout, concurrency=concurrency
        )
        counts = ", ".join(
            f"{LinkStatus(status).label.lower()} : {count}"
            for status in LinkStatus
            if (count := report.statuses[status])
        )
        self.stdout.write(
            f"{count_text(report.links, 'lien vérifié', 'liens vérifiés')} sur "
            f"{count_text(report.fiches, 'fiche', 'fiches')}"
            + (f" ({counts})" if counts else "")
            + "."
        )
        if report.problems:
            answer = "ne répond pas" if report.problems == 1 else "ne répondent pas"
            self.stdout.write(
                f"{count_text(report.problems, 'lien', 'liens')} {answer} : "
                "voir Curation → Liens cassés."
            )
