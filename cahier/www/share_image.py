"""The share images (OpenGraph `og:image`, 1200 × 630 PNG): one per published fiche, one for
the rest of the site. Drawn on the server with Pillow, no network, in Marianne (the DSFR's
font, as django-dsfr ships it in WOFF2, which Pillow's FreeType reads), DejaVu Sans (Debian's
fonts-dejavu-core) if Marianne cannot be read.

An image is drawn once and kept on disk (settings.CAHIER_SHARE_IMAGE_DIR) under a key made of
what it shows: the fiche's uid, version and last change (`updated_at`), and the texts drawn
(a renamed keyword shows too). An edit gives a new key, hence a new file (the old one is
deleted) and a new `?v=` in the page's og:image, so that the networks fetch it again."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from cahier.core.prose import french_spacing, plain_text

WIDTH, HEIGHT = 1200, 630
DESIGN = "2"  # bump when the drawing changes: every image is drawn again

BLUE_FRANCE = (0, 0, 145)
RED_MARIANNE = (225, 0, 15)
GREY = (58, 58, 58)
LIGHT_BLUE = (236, 236, 254)
WHITE = (255, 255, 255)

MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN

_DSFR_FONTS = Path("dsfr") / "static" / "dsfr" / "dist" / "fonts"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@cache
def _font_file(bold: bool) -> str | None:
    import dsfr

    candidates = [
        Path(dsfr.__file__).parent.parent
        / _DSFR_FONTS
        / f"Marianne-{'Bold' if bold else 'Regular'}.woff2",
        _DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"),
    ]
    for candidate in candidates:
        try:
            ImageFont.truetype(str(candidate), 12)
        except OSError:
            continue
        return str(candidate)
    return None


@cache
def font(size: int, *, bold: bool = False):
    path = _font_file(bold)
    if path is None:  # pragma: no cover - Pillow's own font: the image is still made
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


@dataclass(frozen=True)
class ShareCard:
    """What an image shows; `key` names its file."""

    name: str  # file prefix: a fiche's uid, or « site »
    kicker: str  # small line above the title (the region)
    title: str
    lines: tuple[str, ...]  # under the title (porteur, keywords)
    stamp: str = ""  # the fiche's version and last change: an edit is a new image

    @property
    def key(self) -> str:
        text = "\n".join((DESIGN, self.stamp, self.kicker, self.title, *self.lines))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def filename(self) -> str:
        return f"{self.name}-{self.key}.png"


def initiative_card(initiative) -> ShareCard:
    """The card of a fiche (reads its region, porteur and keywords: use `with_relations`)."""
    porteur = initiative.porteur_label or str(initiative.porteur or "")
    keywords = " · ".join(keyword.label for keyword in initiative.keywords.all())
    return ShareCard(
        name=str(initiative.uid),
        kicker=initiative.region.name,
        title=french_spacing(initiative.title),
        lines=tuple(plain_text(line, 90) for line in (porteur, keywords) if line),
        stamp=f"{initiative.version}:{initiative.updated_at.isoformat()}",
    )


def site_card() -> ShareCard:
    return ShareCard(
        name="site",
        kicker="Ministère du Travail — DGEFP",
        title=french_spacing("Des initiatives territoriales pour l’accès à l’emploi"),
        lines=(
            french_spacing("Le catalogue vivant du « Cahier des initiatives inclusion »"),
            french_spacing("Cherchez, lisez, proposez : des projets dont s’inspirer"),
        ),
    )


def _wrap(draw, text: str, face, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap in *width* pixels; the last line ends in « … » if the text is longer."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=face) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and draw.textlength(last + "…", font=face) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:") + "…"
    return kept


def _title_lines(draw, title: str) -> tuple[list[str], object, int]:
    """The largest size at which the title fits in 4 lines (or 4 lines with « … »)."""
    for size in (68, 60, 52, 46):
        face = font(size, bold=True)
        lines = _wrap(draw, title, face, TEXT_WIDTH, 4)
        if not lines[-1].endswith("…") or size == 46:
            return lines, face, size
    raise AssertionError("unreachable")  # pragma: no cover


def render(card: ShareCard) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=BLUE_FRANCE)
    draw.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=LIGHT_BLUE)
    draw.rectangle((MARGIN, HEIGHT - 96, MARGIN + 120, HEIGHT - 90), fill=RED_MARIANNE)

    y = 64
    draw.text((MARGIN, y), card.kicker.upper(), font=font(28, bold=True), fill=BLUE_FRANCE)
    y += 64
    lines, face, size = _title_lines(draw, card.title)
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=BLUE_FRANCE)
        y += int(size * 1.18)
    y += 24
    for line in card.lines:
        if y > HEIGHT - 150:
            break
        text = _wrap(draw, line, font(30), TEXT_WIDTH, 1)[0]
        draw.text((MARGIN, y), text, font=font(30), fill=GREY)
        y += 44
    draw.text(
        (MARGIN, HEIGHT - 66),
        settings.CAHIER_SITE_NAME,
        font=font(30, bold=True),
        fill=BLUE_FRANCE,
    )
    return image


def image_path(card: ShareCard) -> Path:
    """The PNG of *card*, drawn now if not on disk yet; older images of the same fiche are
    deleted. Written to a temporary file then renamed: a reader never sees half an image."""
    folder = Path(settings.CAHIER_SHARE_IMAGE_DIR)
    path = folder / card.filename
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as output:
            render(card).save(output, format="PNG", optimize=True)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a front server may serve it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for old in folder.glob(f"{card.name}-*.png"):
        if old != path:
            old.unlink(missing_ok=True)
    return path
