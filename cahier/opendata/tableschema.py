"""The TableSchema (https://specs.frictionlessdata.io/table-schema/, as published on
schema.data.gouv.fr) of the CSV export. Its field list is checked against the CSV header by
the tests, so the two cannot drift apart."""

from cahier.catalogue.enums import (
    CHECK_INTERVAL_MONTHS,
    CheckInterval,
    EventKind,
    FunderType,
    Openness,
    ProjectStatus,
    ProvenanceStatus,
    TransferOffer,
)
from cahier.catalogue.models import Region
from cahier.opendata.records import CSV_COLUMNS, LICENCE, LIST_SEPARATOR

LIST_NOTE = f" Plusieurs valeurs séparées par « {LIST_SEPARATOR.strip()} »."

FIELDS = {
    "number": {
        "title": "Numéro de fiche",
        "description": "Numéro de la fiche dans l’édition courante du cahier (vide si la fiche n’y figure pas).",
        "type": "integer",
        "example": "12",
        "constraints": {"minimum": 1},
    },
    "slug": {
        "title": "Identifiant",
        "description": "Identifiant lisible de la fiche, utilisé dans son adresse web ; pour relier "
        "des données dans le temps, préférer l’identifiant permanent (colonne id).",
        "type": "string",
        "example": "un-toit-un-emploi",
        "constraints": {"required": True, "unique": True, "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
    },
    "title": {
        "title": "Titre",
        "description": "Titre de l’initiative.",
        "type": "string",
        "example": "Un toit un emploi",
        "constraints": {"required": True},
    },
    "region": {
        "title": "Région",
        "description": "Nom officiel de la région, ou « National ».",
        "type": "string",
        "example": "Auvergne-Rhône-Alpes",
        "constraints": {"required": True},
    },
    "territory": {
        "title": "Territoire",
        "description": "Territoire de mise en œuvre (ville, département, bassin d’emploi…).",
        "type": "string",
        "example": "Aurillac",
    },
    "description": {
        "title": "Descriptif du projet",
        "description": "Texte ; paragraphes séparés par une ligne vide, « - » en début de ligne pour une liste.",
        "type": "string",
        "example": "Lancé en 2015, « Un Toit Un emploi » propose un accompagnement…",
    },
    "added_value": {
        "title": "Valeur ajoutée de la démarche",
        "description": "Points forts de la démarche." + LIST_NOTE,
        "type": "string",
        "example": "Une mobilisation des bénéficiaires… | Pour les publics bénéficiaires…",
    },
    "porteur": {
        "title": "Organisme porteur du projet",
        "description": "Nom de l’organisme porteur, tel qu’écrit sur la fiche.",
        "type": "string",
        "example": "Association Aurore",
    },
    "public": {
        "title": "Public cible",
        "description": "Public visé, tel qu’écrit sur la fiche.",
        "type": "string",
        "example": "DE très éloignés de l’emploi en précarité de logement",
    },
    "partners": {
        "title": "Partenariats mobilisés",
        "description": "Partenaires du projet." + LIST_NOTE,
        "type": "string",
        "example": "Aurore | Polygone | CAF",
    },
    "links": {
        "title": "Liens",
        "description": "Adresses web de présentation du projet." + LIST_NOTE,
        "type": "string",
        "example": "https://www.fndsa.org/centres/parcours-perle.html",
    },
    "referent_emails": {
        "title": "Référent DIRECCTE / DREETS",
        "description": "Adresse(s) électronique(s) du service référent." + LIST_NOTE,
        "type": "string",
        "example": "ara.direction@direccte.gouv.fr",
    },
    "results": {
        "title": "Résultats",
        "description": "Résultats obtenus ; même convention de texte que le descriptif.",
        "type": "string",
        "example": "En 2017 : 276 nouvelles orientations, 231 personnes accompagnées vers l’emploi.",
    },
    "provenance_event": {
        "title": "Événement de provenance",
        "description": "Événement par lequel la fiche a été recueillie.",
        "type": "string",
        "example": "JITE",
        "constraints": {"enum": [choice.value for choice in EventKind]},
    },
    "provenance_year": {
        "title": "Année de l’événement",
        "description": "Année de la JITE ou de l’appel Trophées FSE.",
        "type": "year",
        "example": "2018",
    },
    "provenance_status": {
        "title": "Statut de provenance",
        "description": "Sort du projet lors de l’événement.",
        "type": "string",
        "example": "présenté",
        "constraints": {"enum": [choice.value for choice in ProvenanceStatus]},
    },
    "provenance_category": {
        "title": "Catégorie",
        "description": "Catégorie des Trophées FSE dans laquelle le projet a été retenu.",
        "type": "string",
        "example": "Mobilité",
    },
    "keywords": {
        "title": "Mots-clés",
        "description": "Mots-clés des « Repères pour la recherche »." + LIST_NOTE,
        "type": "string",
        "example": "IAE | Logement | Mobilité",
    },
    "publics": {
        "title": "Types de public visé",
        "description": "Types de public des « Repères pour la recherche »." + LIST_NOTE,
        "type": "string",
        "example": "DELD / DETLD / BRSA",
    },
    "fundings": {
        "title": "Financements spécifiques",
        "description": "Financements spécifiques." + LIST_NOTE,
        "type": "string",
        "example": "FSE / IEJ",
    },
    "id": {
        "title": "Identifiant permanent",
        "description": "Identifiant permanent de la fiche (UUID) : il ne change jamais, même "
        "quand son titre, son adresse ou son numéro changent, et la fiche le garde quand un "
        "export est chargé dans une autre instance du catalogue.",
        "type": "string",
        "format": "uuid",
        "example": "3b0f5c1e-8d2a-4e6b-9c7d-1a2b3c4d5e6f",
        "constraints": {"required": True, "unique": True},
    },
    "status": {
        "title": "Statut du projet",
        "description": "Le projet fonctionne-t-il encore ? « inconnu » tant que personne ne l’a "
        "dit (les fiches de 2019 le sont sauf si leur texte le dit).",
        "type": "string",
        "example": "en cours",
        "constraints": {"required": True, "enum": [choice.value for choice in ProjectStatus]},
    },
    "started_year": {
        "title": "Année de début",
        "description": "Année de lancement du projet.",
        "type": "year",
        "example": "2015",
    },
    "ended_year": {
        "title": "Année de fin",
        "description": "Année où le projet s’est terminé (vide s’il continue ou si on l’ignore).",
        "type": "year",
        "example": "2020",
    },
    "updated_at": {
        "title": "Mise à jour",
        "description": "Date et heure (UTC, ISO 8601) de la dernière modification de la fiche.",
        "type": "datetime",
        "example": "2026-12-01T09:05:00Z",
    },
    "verified_at": {
        "title": "Vérification",
        "description": "Date et heure (UTC, ISO 8601) de la dernière confirmation, par le "
        "porteur ou un curateur, que la fiche est à jour (vide : jamais vérifiée).",
        "type": "datetime",
        "example": "2026-12-01T09:05:00Z",
    },
    "transfer_success_conditions": {
        "title": "Conditions de réussite",
        "description": "Pour essaimer : ce sans quoi le projet n’aurait pas marché.",
        "type": "string",
        "example": "Un portage politique fort de la commune.",
    },
    "transfer_pitfalls": {
        "title": "Points de vigilance",
        "description": "Pour essaimer : difficultés rencontrées, erreurs à éviter.",
        "type": "string",
        "example": "Prévoir le temps de mobilisation des employeurs.",
    },
    "transfer_budget_min": {
        "title": "Budget annuel minimal (€)",
        "description": "Borne basse du budget annuel du projet, en euros.",
        "type": "integer",
        "example": "50000",
        "constraints": {"minimum": 0},
    },
    "transfer_budget_max": {
        "title": "Budget annuel maximal (€)",
        "description": "Borne haute du budget annuel, en euros (vide : pas de borne haute).",
        "type": "integer",
        "example": "150000",
        "constraints": {"minimum": 0},
    },
    "transfer_funders": {
        "title": "Financeurs",
        "description": "Financeurs, chacun « nom (type) » ; types : "
        + ", ".join(f"« {label} »" for label in FunderType.labels)
        + " (codes dans le JSON : "
        + ", ".join(FunderType.values)
        + ")."
        + LIST_NOTE,
        "type": "string",
        "example": "Conseil départemental du Cantal (Département) | FSE (FSE / FSE+)",
    },
    "transfer_staff_fte": {
        "title": "Moyens humains (ETP)",
        "description": "Équivalents temps plein consacrés au projet.",
        "type": "number",
        "example": "2.5",
        "constraints": {"minimum": 0},
    },
    "transfer_setup_time": {
        "title": "Durée de mise en place (mois)",
        "description": "Mois entre la décision et l’accueil des premières personnes.",
        "type": "integer",
        "example": "6",
        "constraints": {"minimum": 0},
    },
    "transfer_essential_partners": {
        "title": "Partenaires indispensables",
        "description": "Pour essaimer : les partenaires sans lesquels le projet ne se reproduit pas.",
        "type": "string",
        "example": "France Travail, la mission locale.",
    },
    "transfer_prerequisites": {
        "title": "Prérequis du territoire",
        "description": "Pour essaimer : ce que le territoire doit déjà avoir.",
        "type": "string",
        "example": "Une structure d’insertion par l’activité économique.",
    },
    "transfer_resources": {
        "title": "Ressources partageables",
        "description": "Guides et outils partagés, chacun « titre — adresse »." + LIST_NOTE,
        "type": "string",
        "example": "Guide de mise en place — https://exemple.fr/guide.pdf",
    },
    "transfer_openness": {
        "title": "Ouvert à l’essaimage",
        "description": "Le porteur accueille-t-il les territoires qui veulent reproduire le projet ?",
        "type": "string",
        "example": "oui avec accompagnement",
        "constraints": {"required": True, "enum": [choice.value for choice in Openness]},
    },
    "transfer_offers": {
        "title": "Ce que le porteur propose",
        "description": "Parmi "
        + ", ".join(f"« {value} »" for value in TransferOffer.values)
        + "."
        + LIST_NOTE,
        "type": "string",
        "example": "visite | documents",
    },
    "outcomes": {
        "title": "Résultats en chiffres",
        "description": "Indicateurs, chacun « libellé : valeur unité (population, période, "
        "source) » ; le JSON les donne champ par champ." + LIST_NOTE,
        "type": "string",
        "example": "Personnes en emploi à 6 mois : 59 % (2017–2018, déclaratif)",
    },
    "replication_of": {
        "title": "Essaimage de",
        "description": "Le projet d’origine : identifiant (slug) d’une fiche du catalogue, ou "
        "adresse ou nom d’un projet extérieur.",
        "type": "string",
        "example": "un-toit-un-emploi",
    },
    "replications": {
        "title": "Essaimages",
        "description": "Identifiants (slug) des fiches publiées qui reproduisent celle-ci."
        + LIST_NOTE,
        "type": "string",
        "example": "un-toit-un-emploi-lozere",
    },
    "published_at": {
        "title": "Publication",
        "description": "Date et heure (UTC, ISO 8601) de la première publication de la fiche.",
        "type": "datetime",
        "example": "2026-12-01T09:05:00Z",
    },
    "check_interval_months": {
        "title": "Rythme de vérification (mois)",
        "description": "Tous les combien de mois le porteur est invité, par un courriel, à "
        f"confirmer que la fiche est à jour : 6, 12 ou 24 ({CHECK_INTERVAL_MONTHS} par défaut).",
        "type": "integer",
        "example": "12",
        "constraints": {"required": True, "enum": list(CheckInterval.values)},
    },
    "next_check_at": {
        "title": "Prochaine vérification",
        "description": "Date et heure (UTC, ISO 8601) où la fiche devra être confirmée : son "
        "rythme de vérification compté depuis sa dernière vérification, à défaut depuis sa "
        "publication (vide : jamais publiée). Passée, la fiche est à revérifier ; aucun rappel "
        "n’est envoyé pour un projet terminé.",
        "type": "datetime",
        "example": "2027-12-01T09:05:00Z",
    },
}


def column_titles() -> list[str]:
    """The French title of every CSV column, in order: the header of the « tableur » CSV and
    of the XLSX (exporters.py)."""
    return [FIELDS[name]["title"] for name in CSV_COLUMNS]


def table_schema() -> dict:
    fields = []
    for name in CSV_COLUMNS:
        spec = dict(FIELDS[name])
        if name == "region":
            spec["constraints"] = {
                **spec["constraints"],
                "enum": list(Region.objects.order_by("position").values_list("name", flat=True)),
            }
        fields.append({"name": name, **spec})
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "cahier-initiatives-inclusion",
        "title": "Initiatives territoriales d’inclusion dans l’emploi",
        "description": (
            "Les fiches du « Cahier des initiatives INCLUSION » de la DGEFP : projets "
            "territoriaux d’accès à l’emploi des personnes qui en sont éloignées. Une ligne par "
            "initiative publiée ; fichier CSV encodé en UTF-8 avec BOM, séparateur virgule. "
            "Pour qu’un tableur n’exécute jamais une cellule comme une formule, une valeur "
            "texte qui commence par « = », « + », « - », « @ », une tabulation ou un retour "
            "chariot est précédée d’une apostrophe (« '=1+1 », « '- premier point ») ; "
            "retirez cette apostrophe pour retrouver la valeur exacte, que donne aussi "
            "l’export JSON."
        ),
        "countryCode": "FR",
        "homepage": "https://schema.data.gouv.fr/",
        "path": "/api/v1/exports/initiatives.csv",
        "licenses": [{"title": LICENCE["name"], "name": LICENCE["id"], "path": LICENCE["url"]}],
        "resources": [
            {
                "title": "Export CSV du catalogue",
                "path": "/api/v1/exports/initiatives.csv",
            }
        ],
        "created": "2026-11-27",
        "lastModified": "2026-12-02",
        "version": "1.3.1",
        "contributors": [{"title": "DGEFP", "role": "author"}],
        "missingValues": [""],
        "primaryKey": "id",
        "fields": fields,
    }
