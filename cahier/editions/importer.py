"""`cahier import` of a printed cahier, all or nothing: its fiches through the catalogue's
loader, its edition through the editions services. (An open-data JSON export is loaded back by
`cahier.opendata.loader.catalogue_load_json`.)"""

from django.core.exceptions import ValidationError
from django.db import transaction

from cahier.catalogue.importer import CahierParseError, ImportReport, ParsedCahier
from cahier.catalogue.importer import load_cahier as load_fiches
from cahier.catalogue.signals import changes_batched

from . import services
from .models import Edition


class EditionRefused(CahierParseError):
    """The document is well formed but its edition refuses it (published, hence frozen)."""

    def __init__(self, message: str):
        Exception.__init__(self, message)
        self.line = 0
        self.message = message


@transaction.atomic
def load_cahier(
    parsed: ParsedCahier,
    *,
    slug: str | None = None,
    year: int | None = None,
    source: str = "",
    force: bool = False,
) -> ImportReport:
    """Create or update the edition described by *parsed* (default identifier: its year) and
    its fiches. A published edition is frozen: importing the same document again changes
    nothing, a document numbered differently is refused (EditionRefused). Fiches edited since
    their last import are kept and the import refused (ImportConflicts) unless *force*."""
    year = year or parsed.year
    if year is None:
        raise CahierParseError(1, "année de l’édition introuvable : précisez --year.")
    slug = slug or str(year)
    edition = Edition.objects.filter(slug=slug).first()
    numbered = (
        {
            entry.number: entry.initiative
            for entry in edition.entries.select_related("initiative", "initiative__updated_by")
        }
        if edition
        else {}
    )
    # The search indexes each fiche once, at the end, rather than after each of its writes.
    with changes_batched():
        report = load_fiches(parsed, numbered=numbered, source=source, force=force)
        # The cover prints « Le cahier des initiatives » over « INCLUSION »: together, the title.
        title = " ".join(part for part in (parsed.title, parsed.subtitle) if part)
        try:
            report.edition = services.edition_import(
                slug=slug,
                values={
                    "year": year,
                    "title": title,
                    "subtitle": "",
                    "publisher": parsed.publisher,
                    "edito": parsed.edito,
                    "edito_signature": parsed.edito_signature,
                    "source_path": source,
                },
                numbered=report.numbering,
                glossary=[acronym for acronym, _ in parsed.glossary],
            )
        except ValidationError as error:
            raise EditionRefused(" ".join(error.messages)) from error
    return report
