"""The printed cahier, rebuilt from the database with WeasyPrint.

Templates live in editions/pdf/; the print CSS (editions/pdf/print.css) holds the @page rules,
the table of contents (target-counter) and the PDF bookmarks (bookmark-level). Fonts are the
Marianne files bundled with django-dsfr, embedded (subset) in the PDF; DejaVu Sans (Debian
fonts-dejavu-core) is the fallback for the few glyphs Marianne lacks."""

import logging
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from cahier.catalogue.models import Initiative
from cahier.catalogue.selectors import glossary_matcher, institution_renames

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


def initiative_pdf(initiative: Initiative, number: int | None = None) -> bytes:
    """One fiche on its own, as printed in the cahier; as it is now, the first mention of an
    institution that changed names says its new name (« DIRECCTE (aujourd’hui DREETS) »)."""
    initiative.number = number
    marks = PrintMarks(glossary_matcher(), institution_renames().mentions())
    html = render_to_string(
        "editions/pdf/initiative.html", {"initiative": initiative, "acronym_pattern": marks}
    )
    return _write_pdf(html)


def _cache_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "editions"


def edition_pdf_cached(edition: Edition) -> Path:
    """The edition's PDF on disk, built once per content fingerprint (see
    document.edition_fingerprint): any change to what the edition prints gives a new file
    (for a published edition, only its own snapshots count); older files are removed."""
    directory = _cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{edition.slug}-{edition_fingerprint(edition)}.pdf"
    if path.exists():
        return path
    data = edition_pdf(edition)
    # Write then rename: a concurrent reader never sees half a file.
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".part", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)
    own = re.compile(rf"{re.escape(edition.slug)}-[0-9a-f]{{16}}\.pdf")
    for stale in directory.glob(f"{edition.slug}-*.pdf"):
        if stale != path and own.fullmatch(stale.name):
            stale.unlink(missing_ok=True)
    return path
