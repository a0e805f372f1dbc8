"""InitiativeData ⇄ JSON: revisions (restore), diffs (display), the import's record of a fiche."""

from dataclasses import fields

from .models import Event, Funding, Initiative, Keyword, PublicType, Region
from .services import InitiativeData

TAXONOMIES = {"keywords": Keyword, "publics": PublicType, "fundings": Funding}

# Field order and labels as the fiche prints them.
FIELD_LABELS = {
    "title": "Titre",
    "region": "Région",
    "territory": "Territoire",
    "description": "Descriptif du projet",
    "added_value": "Valeur ajoutée de la démarche",
    "porteur": "Organisme porteur",
    "public": "Public cible",
    "partners": "Partenaires mobilisés",
    "links": "Liens",
    "referent_emails": "Référents",
    "results": "Résultats",
    "event": "Événement de provenance",
    "provenance_status": "Statut de provenance",
    "provenance_category": "Catégorie",
    "keywords": "Mots-clés",
    "publics": "Publics visés",
    "fundings": "Financements spécifiques",
}


def data_to_json(data: InitiativeData) -> dict:
    result = {}
    for f in fields(InitiativeData):
        value = getattr(data, f.name)
        if f.name == "region":
            value = value.slug if value else None
        elif f.name == "event":
            value = {"kind": value.kind, "year": value.year} if value else None
        elif f.name in TAXONOMIES:
            value = [term.slug for term in value]
        elif isinstance(value, list):
            value = list(value)
        result[f.name] = value
    return result


def initiative_to_json(initiative: Initiative) -> dict:
    return data_to_json(InitiativeData.from_initiative(initiative))


def json_to_data(snapshot: dict) -> InitiativeData:
    """Rebuild InitiativeData; terms or events deleted since are dropped silently."""
    values = {}
    for f in fields(InitiativeData):
        if f.name not in snapshot:
            continue
        value = snapshot[f.name]
        if f.name == "region":
            value = Region.objects.filter(slug=value).first()
        elif f.name == "event":
            value = Event.objects.filter(**value).first() if value else None
        elif f.name in TAXONOMIES:
            model = TAXONOMIES[f.name]
            by_slug = {term.slug: term for term in model.objects.filter(slug__in=value)}
            value = [by_slug[slug] for slug in value if slug in by_slug]
        values[f.name] = value
    return InitiativeData(**values)


def display_values(snapshot: dict) -> dict[str, str]:
    """Each field as the text a person compares (labels, not slugs; one item per line)."""
    regions = dict(Region.objects.values_list("slug", "name"))
    labels = {
        name: dict(model.objects.values_list("slug", "label")) for name, model in TAXONOMIES.items()
    }
    shown = {}
    for name in FIELD_LABELS:
        value = snapshot.get(name)
        if name == "region":
            text = regions.get(value, value or "")
        elif name == "event":
            text = f"{value['kind']} {value['year']}" if value else ""
        elif name in TAXONOMIES:
            text = "\n".join(labels[name].get(slug, slug) for slug in value or [])
        elif isinstance(value, list):
            text = "\n".join(value)
        else:
            text = value or ""
        shown[name] = text
    return shown
