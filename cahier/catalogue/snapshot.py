"""InitiativeData ⇄ JSON: revisions (restore), diffs (display), the import's record of a fiche."""

from dataclasses import fields

from . import structured
from .enums import CHECK_INTERVAL_MONTHS, CheckInterval, Openness, ProjectStatus, TransferOffer
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
    "project_status": "Statut du projet",
    "started_year": "Année de début",
    "ended_year": "Année de fin",
    "success_conditions": "Conditions de réussite",
    "pitfalls": "Points de vigilance",
    "budget_min": "Budget annuel minimal (€)",
    "budget_max": "Budget annuel maximal (€)",
    "funders": "Financeurs",
    "staff_fte": "Moyens humains (ETP)",
    "setup_months": "Durée de mise en place (mois)",
    "essential_partners": "Partenaires indispensables",
    "prerequisites": "Prérequis du territoire",
    "resources": "Ressources partageables",
    "openness": "Ouvert à l’essaimage",
    "offers": "Ce que le porteur propose",
    "outcomes": "Résultats en chiffres",
    "replication_of": "Essaimage de",
    "origin_name": "Projet d’origine (hors catalogue)",
    "origin_url": "Lien du projet d’origine",
    "adaptations": "Ce qui a été adapté",
    "contacts": "Contacts",
    "check_interval_months": "Rythme de vérification",
}

# Fields added after snapshots were first kept (revisions, import records), with the value a
# snapshot without them stands for (what json_to_data restores): an older snapshot does not
# read as a change of them.
ADDED_LATER = {"check_interval_months": CHECK_INTERVAL_MONTHS}


def snapshot_complete(snapshot: dict) -> dict:
    """*snapshot* with the fields added since it was written (ADDED_LATER); {} stays {}."""
    return {**ADDED_LATER, **snapshot} if snapshot else snapshot


# How one record of a list field reads in a diff.
RECORD_TEXT = {
    "funders": structured.funder_text,
    "outcomes": structured.outcome_text,
    "resources": structured.resource_text,
    "contacts": structured.contact_text,
}
CHOICE_LABELS = {
    "project_status": dict(ProjectStatus.choices),
    "openness": dict(Openness.choices),
    "offers": dict(TransferOffer.choices),
    "check_interval_months": dict(CheckInterval.choices),
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
        elif f.name == "replication_of":
            value = str(value.uid) if value else None
        elif isinstance(value, list):
            value = [dict(item) if isinstance(item, dict) else item for item in value]
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
        elif f.name == "replication_of":
            value = Initiative.objects.filter(uid=value).first() if value else None
        values[f.name] = value
    return InitiativeData(**values)


def _lookups(snapshot: dict) -> dict:
    """Labels the texts of a snapshot refer to by key: its region, index terms and origin
    (only the keys it holds are read: a diff of two snapshots costs a few small queries)."""
    origin = snapshot.get("replication_of")
    region = snapshot.get("region")
    lookups = {
        "region": dict(Region.objects.filter(slug=region).values_list("slug", "name"))
        if region
        else {},
        "replication_of": {
            str(uid): title
            for uid, title in Initiative.objects.filter(
                uid__in=[origin] if origin else []
            ).values_list("uid", "title")
        },
    }
    for name, model in TAXONOMIES.items():
        slugs = snapshot.get(name) or []
        lookups[name] = (
            dict(model.objects.filter(slug__in=slugs).values_list("slug", "label")) if slugs else {}
        )
    return lookups


def _field_text(name: str, value, lookups: dict) -> str:
    if name == "event":
        return f"{value['kind']} {value['year']}" if value else ""
    if name in TAXONOMIES:
        return "\n".join(lookups[name].get(slug, slug) for slug in value or [])
    if name in ("region", "replication_of"):
        return lookups[name].get(value, value or "")
    if name in RECORD_TEXT:
        return "\n".join(RECORD_TEXT[name](item) for item in value or [])
    if name in CHOICE_LABELS:
        items = value if isinstance(value, list) else [value] if value else []
        return "\n".join(CHOICE_LABELS[name].get(item, item) for item in items)
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(value)
    return str(value)


def display_values(snapshot: dict) -> dict[str, str]:
    """Each field as the text a person compares (labels, not slugs; one item per line)."""
    snapshot = snapshot_complete(snapshot)
    lookups = _lookups(snapshot)
    return {name: _field_text(name, snapshot.get(name), lookups) for name in FIELD_LABELS}
