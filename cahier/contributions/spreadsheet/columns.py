"""The columns of the spreadsheet of initiatives, declared once: the template writes them, the
reader finds them by their header, the checks convert each cell by its kind, the preview and
the docs (docs/integration.md, kept in step by a test) list them."""

from dataclasses import dataclass
from enum import StrEnum

from cahier.catalogue.enums import CHECK_INTERVAL_MONTHS
from cahier.core.text import name_key


class Kind(StrEnum):
    LINE = "line"  # one line of text
    TEXT = "text"  # text, line breaks kept
    LIST = "list"  # one item per line of the cell
    EMAILS = "emails"  # e-mail addresses, one per line or separated by « ; »
    LINKS = "links"  # web addresses, one per line or separated by « ; »
    CHOICE = "choice"  # one label of a vocabulary
    TERMS = "terms"  # labels of a vocabulary, one per line or separated by « ; »
    YEAR = "year"  # a year, four digits


# Kinds whose cell holds several values.
MULTIPLE = {Kind.LIST, Kind.EMAILS, Kind.LINKS, Kind.TERMS}


@dataclass(frozen=True)
class Column:
    """One column: the InitiativeData *field* it fills, its French *header*, how its cell
    reads (*kind*), the *vocabulary* its labels come from (vocabulary.Vocabulary), whether a
    proposal needs it (*required*: what `services.submission_missing_fields` asks before a
    submission), the *help* of the instructions sheet and an *example*."""

    field: str
    header: str
    kind: Kind
    help: str
    example: str = ""
    required: bool = False
    vocabulary: str = ""
    width: int = 30

    @property
    def key(self) -> str:
        return name_key(self.header)


COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        "Titre",
        Kind.LINE,
        "Le nom de l’initiative, tel qu’il sera affiché.",
        "Garage solidaire du Pays de Redon",
        required=True,
        width=40,
    ),
    Column(
        "region",
        "Région",
        Kind.CHOICE,
        "Une région de la liste (ou « National »).",
        "Bretagne",
        required=True,
        vocabulary="regions",
        width=25,
    ),
    Column(
        "territory",
        "Territoire",
        Kind.LINE,
        "Commune, département ou bassin d’emploi concerné.",
        "Pays de Redon (Ille-et-Vilaine)",
        required=True,
    ),
    Column(
        "description",
        "Descriptif du projet",
        Kind.TEXT,
        "Le projet, en quelques paragraphes (retour à la ligne : Alt+Entrée).",
        "Un garage associatif répare à bas coût les véhicules des personnes en insertion.",
        required=True,
        width=60,
    ),
    Column(
        "porteur",
        "Organisme porteur",
        Kind.LINE,
        "L’organisme qui porte l’initiative.",
        "Association Mobilités 35",
        required=True,
    ),
    Column(
        "public",
        "Public cible",
        Kind.TEXT,
        "Les personnes auxquelles l’initiative s’adresse.",
        "Demandeurs d’emploi sans véhicule",
        required=True,
    ),
    Column(
        "referent_emails",
        "Adresses des référents",
        Kind.EMAILS,
        "Une adresse électronique au moins ; plusieurs : une par ligne ou séparées par « ; ».",
        "contact@mobilites35.fr",
        required=True,
    ),
    Column(
        "added_value",
        "Valeur ajoutée",
        Kind.LIST,
        "Un apport de la démarche par ligne de la cellule.",
        "Réparations à prix coûtant",
    ),
    Column("partners", "Partenaires", Kind.LIST, "Un partenaire par ligne.", "Pôle emploi"),
    Column(
        "links",
        "Liens",
        Kind.LINKS,
        "Adresses web commençant par https:// (une par ligne ou séparées par « ; »).",
        "https://mobilites35.fr",
    ),
    Column("results", "Résultats", Kind.TEXT, "Les résultats obtenus, chiffrés si possible.", ""),
    Column(
        "keywords",
        "Mots-clés",
        Kind.TERMS,
        "Des mots-clés de la liste, un par ligne ou séparés par « ; ».",
        "Mobilité",
        vocabulary="keywords",
    ),
    Column(
        "publics",
        "Publics visés",
        Kind.TERMS,
        "Des types de public de la liste, un par ligne ou séparés par « ; ».",
        "",
        vocabulary="publics",
    ),
    Column(
        "fundings",
        "Financements spécifiques",
        Kind.TERMS,
        "Des financements de la liste, un par ligne ou séparés par « ; ».",
        "",
        vocabulary="fundings",
    ),
    Column(
        "event",
        "Événement",
        Kind.CHOICE,
        "L’événement d’où vient l’initiative (JITE ou Trophées FSE), s’il y en a un.",
        "",
        vocabulary="events",
        width=20,
    ),
    Column(
        "provenance_status",
        "Statut de provenance",
        Kind.CHOICE,
        "Avec un événement : « présenté » ou « recueilli non présenté » (JITE), "
        "« retenu » ou « non retenu » (Trophées FSE).",
        "",
        vocabulary="provenance_statuses",
        width=22,
    ),
    Column(
        "provenance_category",
        "Catégorie",
        Kind.LINE,
        "Trophées FSE, initiative « retenu » : la catégorie du prix.",
        "",
        width=20,
    ),
    Column(
        "project_status",
        "Statut du projet",
        Kind.CHOICE,
        "Le projet est-il en cours, terminé, en projet ? (vide : inconnu)",
        "En cours",
        vocabulary="project_statuses",
        width=18,
    ),
    Column(
        "started_year",
        "Année de début",
        Kind.YEAR,
        "L’année où le projet a commencé (quatre chiffres).",
        "2021",
        width=15,
    ),
    Column(
        "ended_year",
        "Année de fin",
        Kind.YEAR,
        "L’année où le projet s’est terminé, s’il est terminé.",
        "",
        width=15,
    ),
    Column(
        "check_interval_months",
        "Vérification (mois)",
        Kind.CHOICE,
        "Tous les combien de mois le porteur confirme, par un courriel de rappel, que la fiche "
        f"est à jour : 6, 12 ou 24 (vide : {CHECK_INTERVAL_MONTHS}).",
        "12 mois",
        vocabulary="check_intervals",
        width=18,
    ),
)

BY_KEY = {column.key: column for column in COLUMNS}
SHEET_TITLE = "Initiatives"
