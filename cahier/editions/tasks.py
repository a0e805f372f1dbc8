"""Background task of the editions: building an edition's PDF (pdf_builds.py)."""

from django_tasks import task


@task()
def edition_pdf_build_task(edition_id: int, fingerprint: str) -> str:
    """Build the PDF of an edition (queued once per content by pdf_builds.edition_pdf_request).
    Returns the file's name, kept with the task's result."""
    # Imported here: pdf_builds queues this task, and the worker imports this module first.
    from .models import Edition
    from .pdf_builds import edition_pdf_build

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return ""  # deleted since: nothing to print
    return edition_pdf_build(edition=edition, fingerprint=fingerprint)
