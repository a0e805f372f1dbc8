"""The TableSchema (https://specs.frictionlessdata.io/table-schema/, as published on
schema.data.gouv.fr) of the CSV export. Its field list is checked against the CSV header by
the tests, so the two cannot drift apart."""

from cahier.catalogue.enums import EventKind, ProvenanceStatus
from cahier.catalogue.models import Region
from cahier.opendata.records import CSV_COLUMNS, LICENCE, LIST_SEPARATOR

LIST_NOTE = f" Plusieurs valeurs séparées par « {LIST_SEPARATOR.strip()} »."

FIELDS = {
    "number": {
        "title": "Numéro de fiche",
        "description": "Numéro de la fiche dans l'édition courante du cahier (vide si la fiche n'y figure pas).",
        "type": "integer",
        "example": "12",
        "constraints": {"minimum": 1},
    },
    "slug": {
        "title": "Identifiant",
        "description": "Identifiant lisible de la fiche, utilisé dans son adresse web ; pour relier "
        "des données dans le temps, préférer l'identifiant permanent (colonne id).",
        "type": "string",
        "example": "un-toit-un-emploi",
        "constraints": {"required": True, "unique": True, "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
    },
    "title": {
        "title": "Titre",
        "description": "Titre de l'initiative.",
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
        "description": "Territoire de mise en œuvre (ville, département, bassin d'emploi…).",
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
        "description": "Nom de l'organisme porteur, tel qu'écrit sur la fiche.",
        "type": "string",
        "example": "Association Aurore",
    },
    "public": {
        "title": "Public cible",
        "description": "Public visé, tel qu'écrit sur la fiche.",
        "type": "string",
        "example": "DE très éloignés de l'emploi en précarité de logement",
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
        "example": "En 2017 : 276 nouvelles orientations, 231 personnes accompagnées vers l'emploi.",
    },
    "provenance_event": {
        "title": "Événement de provenance",
        "description": "Événement par lequel la fiche a été recueillie.",
        "type": "string",
        "example": "JITE",
        "constraints": {"enum": [choice.value for choice in EventKind]},
    },
    "provenance_year": {
        "title": "Année de l'événement",
        "description": "Année de la JITE ou de l'appel Trophées FSE.",
        "type": "year",
        "example": "2018",
    },
    "provenance_status": {
        "title": "Statut de provenance",
        "description": "Sort du projet lors de l'événement.",
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
}


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
        "title": "Initiatives territoriales d'inclusion dans l'emploi",
        "description": (
            "Les fiches du « Cahier des initiatives INCLUSION » de la DGEFP : projets "
            "territoriaux d'accès à l'emploi des personnes qui en sont éloignées. Une ligne par "
            "initiative publiée ; fichier CSV encodé en UTF-8 avec BOM, séparateur virgule. "
            "Pour qu'un tableur n'exécute jamais une cellule comme une formule, une valeur "
            "texte qui commence par « = », « + », « - », « @ », une tabulation ou un retour "
            "chariot est précédée d'une apostrophe (« '=1+1 », « '- premier point ») ; "
            "retirez cette apostrophe pour retrouver la valeur exacte, que donne aussi "
            "l'export JSON."
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
        "lastModified": "2026-12-01",
        "version": "1.1.1",
        "contributors": [{"title": "DGEFP", "role": "author"}],
        "missingValues": [""],
        "primaryKey": "id",
        "fields": fields,
    }
