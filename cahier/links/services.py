"""Link checking: the only code that writes LinkCheck rows.

`links_check` is the whole job (the `cahier links check` command and, later, a background task
call it): collect the links of the published fiches, check the web ones (`checker`) and the
files uploaded here (/media/…, on disk), then store one row per link and fiche. A re-run
updates the rows; links gone from a fiche lose their row. Nothing on the fiche changes."""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cahier.catalogue.models import Initiative

from .checker import CheckOptions, Outcome, check_urls
from .collect import MEDIA_PREFIX, FicheLink, initiative_links, is_web
from .enums import PROBLEMS, LinkStatus
from .models import LinkCheck


@dataclass
class LinksCheckReport:
    fiches: int = 0
    links: int = 0
    statuses: Counter = field(default_factory=Counter)

    @property
    def problems(self) -> int:
        return sum(count for status, count in self.statuses.items() if status in PROBLEMS)


def media_outcome(url: str) -> Outcome:
    """A file uploaded here: it must exist under MEDIA_ROOT (and stay inside it)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    relative = unquote(urlsplit(url).path)[len(MEDIA_PREFIX) :]
    path = (root / relative).resolve()
    if path.is_relative_to(root) and path.is_file():
        return Outcome(LinkStatus.OK, final_url=url)
    return Outcome(
        LinkStatus.BROKEN, final_url=url, message="Le fichier déposé n’existe plus sur le serveur."
    )


def default_options(**overrides) -> CheckOptions:
    """The checker's options from the settings (User-Agent naming the public site, private
    addresses refused unless CAHIER_LINKCHECK_ALLOW_PRIVATE), with *overrides* (None ignored)."""
    options = CheckOptions(
        user_agent=f"cahier-link-checker (+{settings.CAHIER_BASE_URL})",
        allow_private=settings.CAHIER_LINKCHECK_ALLOW_PRIVATE,
    )
    return replace(options, **{key: value for key, value in overrides.items() if value is not None})


def links_check(
    *,
    initiatives=None,
    now: datetime | None = None,
    timeout: float | None = None,
    concurrency: int | None = None,
    options: CheckOptions | None = None,
) -> LinksCheckReport:
    """Check every link of the published fiches (or of the published ones among
    *initiatives*) and store the outcomes. Returns counts by status."""
    now = now or timezone.now()
    options = options or default_options(timeout=timeout, concurrency=concurrency)
    fiches = Initiative.objects.published().order_by("pk")
    if initiatives is not None:
        fiches = fiches.filter(pk__in=[getattr(item, "pk", item) for item in initiatives])
    fiches = list(fiches)
    links = {fiche.pk: initiative_links(fiche) for fiche in fiches}
    web = [link.url for found in links.values() for link in found if is_web(link.url)]
    outcomes = check_urls(web, options)
    report = LinksCheckReport(fiches=len(fiches))
    for fiche in fiches:
        results = {
            link: outcomes[link.url] if is_web(link.url) else media_outcome(link.url)
            for link in links[fiche.pk]
        }
        link_checks_store(initiative=fiche, results=results, now=now)
        report.links += len(results)
        report.statuses.update(outcome.status for outcome in results.values())
    if initiatives is None:
        # A whole run also forgets the fiches that are no longer published.
        LinkCheck.objects.exclude(initiative__in=[fiche.pk for fiche in fiches]).delete()
    return report


@transaction.atomic
def link_checks_store(
    *, initiative: Initiative, results: dict[FicheLink, Outcome], now: datetime
) -> None:
    """Store what the check of one fiche's links found: one row per (field, url), updated on
    a re-run (failures counted in a row, reset by a success); rows of links the fiche no
    longer has are deleted."""
    existing = {(row.field, row.url): row for row in initiative.link_checks.all()}
    for link, outcome in results.items():
        row = existing.pop((link.field, link.url), None) or LinkCheck(
            initiative=initiative, field=link.field, url=link.url
        )
        failed = outcome.status in PROBLEMS
        row.consecutive_failures = (row.consecutive_failures + 1) if failed else 0
        row.status = outcome.status
        row.http_code = outcome.http_code
        row.final_url = outcome.final_url[:2000]
        row.message = outcome.message[:500]
        row.checked_at = now
        row.save()
    if existing:
        LinkCheck.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
