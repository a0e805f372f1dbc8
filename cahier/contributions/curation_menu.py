"""The curation side menu, declared once: its entries (who sees them) and which one is the
current page (aria-current="page", the DSFR's active entry)."""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.urls import reverse

from cahier.core import roles

A = roles.Action


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    query: str = ""
    action: str = A.CURATE


# Order: what needs doing first, then the reference tables and the tools.
ENTRIES = (
    Entry("Accueil de la curation", "curation:home"),
    Entry("File d’examen", "curation:queue"),
    Entry("Fiches publiées", "curation:queue", "etat=published"),
    Entry("Créer une fiche", "curation:create"),
    Entry("Mises à jour proposées", "curation:updates"),
    Entry("À vérifier", "reminders:queue"),
    Entry("Liens cassés", "curation:links"),
    Entry("Demandes de contact", "contacts_curation:requests"),
    Entry("Référents régionaux", "contacts_curation:referents"),
    Entry("Consultations des fiches", "audience_curation:most_viewed"),
    Entry("Éditions", "editions:list", action=A.COMPOSE_EDITION),
    Entry("Appels", "curation:calls", action=A.MANAGE_CALLS),
    Entry("Événements", "curation:events", action=A.MANAGE_CALLS),
    Entry("Organismes porteurs", "curation:organisations"),
    Entry("Institutions renommées", "curation:institutions"),
    Entry("Inviter un contributeur", "curation:invite", action=A.INVITE),
    Entry("Importer un tableur", "curation:spreadsheet", action=A.IMPORT_SPREADSHEET),
    Entry("Journal", "curation:journal"),
)


def menu_items(user, path: str, query: dict) -> list[dict]:
    """The entries *user* may open, each {label, url, current}: *current* is « page » for the
    entry of this very page (same path, and the entry's own filter, if any, is the one
    applied; the most specific entry wins), « true » for the section of a page below it."""
    items = []
    for entry in ENTRIES:
        if not roles.can(user, entry.action):
            continue
        base = reverse(entry.url_name)
        url = f"{base}?{entry.query}" if entry.query else base
        wanted = dict(parse_qsl(entry.query))
        exact = path == base and all(query.get(k) == v for k, v in wanted.items())
        items.append({"label": entry.label, "url": url, "exact": exact, "wanted": wanted})
    exact = [item for item in items if item["exact"]]
    page = max(exact, key=lambda item: len(item["wanted"]), default=None)
    section = None
    if page is None:
        # A page below an entry (an invitation sent, a call's form): that entry's section.
        below = [i for i in items if len(urlsplit(i["url"]).path) > len(reverse("curation:home"))]
        below = [i for i in below if not i["wanted"] and path.startswith(urlsplit(i["url"]).path)]
        section = max(below, key=lambda item: len(item["url"]), default=None)
    return [
        {
            "label": item["label"],
            "url": item["url"],
            "current": "page" if item is page else ("true" if item is section else ""),
        }
        for item in items
    ]
