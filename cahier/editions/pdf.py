"""The printed cahier, rebuilt from the database with WeasyPrint.

Templates live in editions/pdf/; the print CSS (editions/pdf/print.css) holds the @page rules,
the table of contents (target-counter) and the PDF bookmarks (bookmark-level). Fonts are the
Marianne files bundled with django-dsfr, embedded (subset) in the PDF; DejaVu Sans (Debian
fonts-dejavu-core) is the fallback for the few glyphs Marianne lacks."""

import fcntl
import hashlib
import logging
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from cahier.catalogue.models import Initiative
from cahier.catalogue.selectors import glossary_matcher, institution_renames
from cahier.core.http import public_url

from .document import edition_document, edition_fingerprint
from .models import Edition
from .templatetags.editions import PrintMarks

logger = logging.getLogger(__name__)

_FONT_FILES = {
    ("normal", 400): "Marianne-Regular.woff2",
    ("italic", 400): "Marianne-Regular_Italic.woff2",
    ("normal", 500): "Marianne-Medium.woff2",
    ("normal", 700): "Marianne-Bold.woff2",
    ("italic", 700): "Marianne-Bold_Italic.woff2",
}


def font_faces_css() -> str:
    """@font-face rules pointing at the local Marianne files (never at the network)."""
    rules = []
    for (style, weight), filename in _FONT_FILES.items():
        path = finders.find(f"dsfr/dist/fonts/{filename}")
        if not path:
            logger.warning("Police %s introuvable : repli sur DejaVu Sans", filename)
            continue
        rules.append(
            "@font-face { font-family: 'Marianne'; "
            f"src: url('{Path(path).as_uri()}') format('woff2'); "
            f"font-style: {style}; font-weight: {weight}; }}"
        )
    return "\n".join(rules)


def _write_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which the web workers need
    # only when they build a PDF.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheet = render_to_string("editions/pdf/print.css")
    return HTML(string=html, base_url=str(Path.cwd())).write_pdf(
        stylesheets=[CSS(string=font_faces_css() + stylesheet, font_config=font_config)],
        font_config=font_config,
        pdf_identifier=False,
        # Tagged PDF (structure for screen readers), as public documents should be.
        pdf_tags=True,
    )


def edition_pdf(edition: Edition) -> bytes:
    """The whole edition: cover, contents, edito, list, indexes, glossary, one page per fiche."""
    document = edition_document(edition)
    html = render_to_string(
        "editions/pdf/edition.html",
        {"doc": document, "edition": edition, "generated_at": timezone.now()},
    )
    return _write_pdf(html)


def initiative_pdf_html(initiative: Initiative, number: int | None = None) -> str:
    """The HTML WeasyPrint prints for one fiche (fast: the slow part is the PDF)."""
    initiative.number = number
    marks = PrintMarks(glossary_matcher(), institution_renames().mentions())
    return render_to_string(
        "editions/pdf/initiative.html",
        {
            "initiative": initiative,
            "acronym_pattern": marks,
            # In the page footer: the printed fiche says where it lives and how recent it is.
            "page_url": public_url(initiative.get_absolute_url()),
        },
    )


def initiative_pdf(initiative: Initiative, number: int | None = None) -> bytes:
    """One fiche on its own, as printed in the cahier; as it is now, the first mention of an
    institution that changed names says its new name (« DIRECCTE (aujourd’hui DREETS) »)."""
    return _write_pdf(initiative_pdf_html(initiative, number))


def _cache_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "editions"


def _write_atomically(directory: Path, path: Path, data: bytes, own: re.Pattern, glob: str):
    """Write then rename (a concurrent reader never sees half a file), then remove the older
    files of the same edition or fiche."""
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".part", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)
    for stale in directory.glob(glob):
        if stale != path and own.fullmatch(stale.name):
            stale.unlink(missing_ok=True)


def initiative_pdf_key(initiative: Initiative, html: str) -> str:
    """Names one fiche's PDF: its id and version, and a digest of what it prints (its number,
    the glossary, the renamed institutions and its replications show on it too)."""
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    return f"{initiative.pk}-v{initiative.version}-{digest}"


def _fiche_files(initiative: Initiative) -> re.Pattern:
    return re.compile(rf"fiche-{initiative.pk}-v[0-9]+-[0-9a-f]{{16}}\.pdf")


def _fiches_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "fiches"


@contextmanager
def _build_lock(initiative: Initiative, *, wait: bool):
    """One build of a fiche's PDF at a time on this server (an advisory lock on a file next to
    the PDFs, released by the system if the process dies): six readers downloading a fiche
    just edited start one build, not six. Yields whether the lock is held."""
    directory = _fiches_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f".fiche-{initiative.pk}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def initiative_pdf_previous(initiative: Initiative) -> Path | None:
    """The fiche's PDF built before its last change, while the new one is being built."""
    own = _fiche_files(initiative)
    found = [p for p in _fiches_dir().glob(f"fiche-{initiative.pk}-*.pdf") if own.fullmatch(p.name)]
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def initiative_pdf_cached(
    initiative: Initiative, html: str, key: str, *, wait: bool = True
) -> Path | None:
    """The fiche's PDF on disk (MEDIA_ROOT/fiches/fiche-<key>.pdf), built on the first download
    after each change (about a second: small enough for the request), once at a time; older
    ones removed. While another request builds it: None if not *wait*, else it waits for that
    build."""
    path = _fiches_dir() / f"fiche-{key}.pdf"
    if path.exists():
        return path
    with _build_lock(initiative, wait=wait) as held:
        if not held:
            return None
        if not path.exists():  # not built by the request this one waited for
            own, glob = _fiche_files(initiative), f"fiche-{initiative.pk}-*.pdf"
            _write_atomically(_fiches_dir(), path, _write_pdf(html), own, glob)
    return path


def edition_pdf_path(edition: Edition, fingerprint: str) -> Path:
    """Where the edition's PDF for this content fingerprint is (or will be) kept."""
    return _cache_dir() / f"{edition.slug}-{fingerprint}.pdf"


def _edition_files(edition: Edition) -> re.Pattern:
    return re.compile(rf"{re.escape(edition.slug)}-[0-9a-f]{{16}}\.pdf")


def edition_pdf_previous(edition: Edition) -> Path | None:
    """The edition's PDF built for an earlier content, if one is still on disk: what a reader
    gets while the current one is being prepared."""
    own = _edition_files(edition)
    found = [p for p in _cache_dir().glob(f"{edition.slug}-*.pdf") if own.fullmatch(p.name)]
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def edition_pdf_available(edition: Edition) -> Path | None:
    """The PDF a download of *edition* serves at once: the one of its current content, or
    while that one is being prepared, the previous one; None when the download would have to
    wait for the worker (the « en préparation » page). Pages show its size next to the link."""
    path = edition_pdf_path(edition, edition_fingerprint(edition))
    return path if path.exists() else edition_pdf_previous(edition)


def edition_pdf_cached(edition: Edition) -> Path:
    """The edition's PDF on disk, built once per content fingerprint (see
    document.edition_fingerprint): any change to what the edition prints gives a new file
    (for a published edition, only its own snapshots count); older files are removed. Slow
    (about 0.1 s per fiche): the site asks `cahier worker` for it (pdf_builds.py)."""
    path = edition_pdf_path(edition, edition_fingerprint(edition))
    if not path.exists():
        data = edition_pdf(edition)
        _write_atomically(
            _cache_dir(), path, data, _edition_files(edition), f"{edition.slug}-*.pdf"
        )
    return path
