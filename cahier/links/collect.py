"""Which links of a fiche are checked, and where they sit on it (read by the services and the
selectors alike)."""

from dataclasses import dataclass

from cahier.catalogue.models import Initiative

from .enums import LinkField

MEDIA_PREFIX = "/media/"


@dataclass(frozen=True)
class FicheLink:
    field: str
    url: str


def is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def initiative_links(initiative: Initiative) -> list[FicheLink]:
    """The links of a fiche that can be checked: web addresses (http, https) and files
    uploaded here (/media/…), with the field they sit in; mailto: and the rest are left out."""
    found: list[FicheLink] = []
    candidates = [(LinkField.LINKS, link) for link in initiative.links or []]
    candidates += [
        (LinkField.RESOURCES, item.get("url")) for item in initiative.resources or [] if item
    ]
    candidates += [
        (LinkField.OUTCOMES, item.get("url")) for item in initiative.outcomes or [] if item
    ]
    candidates.append((LinkField.ORIGIN, initiative.origin_url))
    for name, url in candidates:
        url = (url or "").strip() if isinstance(url, str) else ""
        if is_web(url) or url.startswith(MEDIA_PREFIX):
            link = FicheLink(str(name), url[:2000])
            if link not in found:
                found.append(link)
    return found
