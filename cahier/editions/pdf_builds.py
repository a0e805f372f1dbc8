"""Edition PDFs prepared in the background, once (docs/editions.md, « PDF en préparation »).

Building the PDF of the 2019 cahier takes seconds to tens of seconds of CPU: never in a web
request. A download of a PDF not yet on disk asks for it (`edition_pdf_request`) and gets the
« en préparation » page (or the previous file); `cahier worker` builds it (tasks.py →
`edition_pdf_build`). The database decides who queues the build: one `PdfBuild` row per
edition and content fingerprint (a unique pair), so six simultaneous downloads on one server,
or on several sharing the database, queue one task. Editing a fiche asks, on commit, for the
editions in preparation that print it (`on_initiatives_changed`)."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .document import edition_fingerprint
from .models import Edition, PdfBuild
from .pdf import edition_pdf_cached, edition_pdf_path
from .selectors import edition_is_frozen

logger = logging.getLogger(__name__)

# A build asked this long ago and still not done lost its worker (killed mid-build): ask again.
LOST_AFTER = timedelta(minutes=30)
# A failed build is tried again on a download this long after the failure.
RETRY_AFTER = timedelta(minutes=5)


def _needs_asking_again(build: PdfBuild, now) -> bool:
    if build.failed_at is not None:
        return now - build.failed_at >= RETRY_AFTER
    return now - build.requested_at >= LOST_AFTER


def edition_pdf_request(*, edition: Edition, fingerprint: str | None = None) -> PdfBuild | None:
    """Make sure the edition's PDF for its current content is on disk or on its way: None
    when the file is there, else the build row (new, or the one already asked for, whose
    task is queued once). Several callers at once queue one task: the insert of
    the unique (edition, fingerprint) row, or the compare-and-set of `requested_at` when a
    lost or failed build is asked again, succeeds for one of them only."""
    fingerprint = fingerprint or edition_fingerprint(edition)
    if edition_pdf_path(edition, fingerprint).exists():
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            build = PdfBuild.objects.create(
                edition=edition, fingerprint=fingerprint, requested_at=now
            )
    except IntegrityError:
        build = PdfBuild.objects.get(edition=edition, fingerprint=fingerprint)
        if not _needs_asking_again(build, now):
            return build
        asked = PdfBuild.objects.filter(pk=build.pk, requested_at=build.requested_at).update(
            requested_at=now, failed_at=None, error=""
        )
        build.refresh_from_db()
        if not asked:
            return build  # another process asked again first
    from .tasks import edition_pdf_build_task

    # Queued in the same transaction as the row, not on commit: the queue is a table of the
    # same database, so a rollback drops both and a crash cannot keep a row without its task.
    # With the inline backend (CAHIER_TASKS_INLINE=1) the PDF is built right here.
    edition_pdf_build_task.enqueue(edition_id=edition.pk, fingerprint=fingerprint)
    return build


def edition_pdf_build(*, edition: Edition, fingerprint: str) -> str:
    """The worker's side: build the edition's PDF for its content *now* (a later edit may
    have changed it since *fingerprint* was asked; the current content is what readers want)
    and forget the build rows it satisfies. A failure is written on the row (the page says so,
    and a download asks again RETRY_AFTER later), then raised for the task's result."""
    started = timezone.now()
    try:
        path = edition_pdf_cached(edition)
    except Exception as error:
        PdfBuild.objects.filter(edition=edition, fingerprint=fingerprint).update(
            failed_at=timezone.now(), error=f"{type(error).__name__}: {error}"[:500]
        )
        raise
    # Rows asked before this build started are satisfied by it; later ones have their task.
    PdfBuild.objects.filter(edition=edition, requested_at__lte=started).delete()
    logger.info("PDF de l’édition %s prêt : %s", edition.slug, path.name)
    return path.name


def edition_pdf_pending(edition: Edition, fingerprint: str) -> PdfBuild | None:
    """The build asked for this content, if any (the « en préparation » page reads it)."""
    return PdfBuild.objects.filter(edition=edition, fingerprint=fingerprint).first()


def on_initiatives_changed(sender, ids, **kwargs):
    """A fiche changed: once the change is committed, ask for the PDF of every edition in
    preparation that prints it (a published edition prints its snapshots: unchanged)."""
    edition_ids = set(
        Edition.objects.filter(entries__initiative_id__in=ids, snapshot__isnull=True)
        .exclude(is_published=True)
        .values_list("pk", flat=True)
    )
    if edition_ids:
        transaction.on_commit(lambda: _request_in_preparation(edition_ids))


def _request_in_preparation(edition_ids: set[int]) -> None:
    # Read again after the commit: the same transaction may have published one (an import).
    for edition in Edition.objects.filter(pk__in=edition_ids):
        if not edition_is_frozen(edition):
            edition_pdf_request(edition=edition)
