"""data·inclusion: the catalogue in the schema of the offer of insertion (`data-inclusion-schema`,
version pinned in pyproject.toml), served by the exporters `data-inclusion-services` and
`data-inclusion-structures` (exporters.py).

Every mapping table lives here, as data: index terms → `thematiques` and `publics`, the
territory → `zone_eligibilite` (the gazetteer of cahier/core/places.py), the porteur → a
structure (with its SIRET when curators know it). Only fiches whose project is « en cours » are
services. What the schema has no place for is listed in NOT_CARRIED (and docs/open-data.md)."""

from collections.abc import Iterable, Iterator
from datetime import datetime
from urllib.parse import urlparse

import pydantic
from data_inclusion.schema.v1 import Public, Thematique
from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils.text import slugify

from cahier.catalogue.enums import ContactRole, ProjectStatus
from cahier.catalogue.models import Initiative, Organisation
from cahier.core.places import places_named, region_departments

from .records import catalogue_initiative_chunks, public_contact

SOURCE = "cahier"  # `source` of every record, prefix of every `id`
SCHEMA_PACKAGE = "data-inclusion-schema"
T, P = Thematique, Public

# Keyword slug (the cahier's index, « Repères pour la recherche ») → thematiques. A keyword
# absent here (or mapped to nothing) adds no thematique; curators who add a keyword add it here.
KEYWORD_THEMATIQUES: dict[str, tuple[Thematique, ...]] = {
    "alternance": (T.SE_FORMER__TROUVER_SA_FORMATION,),
    "appui-au-recrutement": (
        T.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
        T.TROUVER_UN_EMPLOI__CONVAINCRE_UN_RECRUTEUR_EN_ENTRETIEN,
    ),
    "btp": (T.CHOISIR_UN_METIER__DECOUVRIR_UN_METIER_OU_UN_SECTEUR_DACTIVITE,),
    "clause-dinsertionclause-sociale": (T.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,),
    "coaching-professionnel": (
        T.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES,
        T.REMOBILISATION__BIEN_ETRE_CONFIANCE_EN_SOI,
    ),
    "competences": (
        T.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES,
        T.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES,
    ),
    "egalite-femmes-hommes": (
        T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__CONNAITRE_SES_DROITS_FACE_A_UNE_DISCRIMINATION,
    ),
    "entrepreneuriat": (
        T.CREER_UNE_ENTREPRISE__DEFINIR_SON_PROJET_DE_CREATION_DENTREPRISE,
        T.CREER_UNE_ENTREPRISE__STRUCTURER_SON_PROJET_DE_CREATION_DENTREPRISE,
        T.CREER_UNE_ENTREPRISE__DEVELOPPER_SON_ENTREPRISE,
    ),
    "entreprises": (T.CHOISIR_UN_METIER__CONNAITRE_LES_OPPORTUNITES_DEMPLOI,),
    "ess": (),
    "formation": (T.SE_FORMER__TROUVER_SA_FORMATION, T.SE_FORMER__MONTER_SON_DOSSIER_DE_FORMATION),
    "garde-denfants": (T.FAMILLE__GARDE_DENFANTS,),
    "gegeiq": (T.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,),
    "handicap": (T.TROUVER_UN_EMPLOI__MAINTIEN_DANS_LEMPLOI,),
    "iae": (T.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,),
    "industrie": (T.CHOISIR_UN_METIER__DECOUVRIR_UN_METIER_OU_UN_SECTEUR_DACTIVITE,),
    "logement": (
        T.LOGEMENT_HEBERGEMENT__SINFORMER_SUR_LES_DEMARCHES_LIEES_A_LACCES_AU_LOGEMENT,
        T.LOGEMENT_HEBERGEMENT__RECHERCHER_UNE_SOLUTION_DHEBERGEMENT_TEMPORAIRE,
    ),
    "mobilite": (T.MOBILITE__ETRE_ACCOMPAGNE_DANS_SON_PARCOURS_MOBILITE,),
    "mutualisation-des-ressources": (),
    "neet": (T.REMOBILISATION__LIEN_SOCIAL,),
    "numerique": (T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE,),
    "parrainage": (T.PREPARER_SA_CANDIDATURE__DEVELOPPER_SON_RESEAU,),
    "plie": (T.PREPARER_SA_CANDIDATURE__ORGANISER_SES_DEMARCHES_DE_RECHERCHE_DEMPLOI,),
    "qpv": (),
    "sport": (T.REMOBILISATION__ACTIVITES_SPORTIVES_ET_CULTURELLES,),
    "transition-ecologique": (),
}

# Public type slug → publics. « Conseillers » are professionals, not people the service is for.
PUBLIC_PUBLICS: dict[str, tuple[Public, ...]] = {
    "conseillers": (),
    "deld-detld-brsa": (P.DEMANDEURS_EMPLOI, P.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
    "detenus-sous-main-de-justice": (P.PERSONNES_EN_SITUATION_JURIDIQUE_SPECIFIQUE,),
    "femmes": (P.FEMMES,),
    "jeunes": (P.JEUNES,),
    "personnes-en-situation-de-handicap": (P.PERSONNES_EN_SITUATION_DE_HANDICAP,),
    "refugies-et-primo-arrivants": (P.PERSONNES_EXILEES,),
    "salaries-fragiles": (P.ACTIFS,),
    "salaries-des-siae": (P.ACTIFS,),
    "seniors": (P.SENIORS,),
}

# Keywords that name a public rather than a theme.
KEYWORD_PUBLICS: dict[str, tuple[Public, ...]] = {
    "handicap": (P.PERSONNES_EN_SITUATION_DE_HANDICAP,),
    "neet": (P.JEUNES,),
    "qpv": (P.RESIDENTS_QPV_FRR,),
}

# The whole country (the pseudo-region « National »), as the schema writes it.
FRANCE = "france"

# What a fiche holds and the schema has no field for (listed in docs/open-data.md too).
NOT_CARRIED: dict[str, str] = {
    "added_value": "valeur ajoutée de la démarche",
    "results": "résultats (texte) et résultats en chiffres (outcomes)",
    "provenance": "provenance : événement (JITE, Trophées FSE), année, statut, catégorie",
    "transfer": "kit « Pour essaimer » (conditions, vigilance, budget, financeurs, ETP, durée, "
    "partenaires indispensables, prérequis, ressources, ouverture, offres)",
    "lineage": "essaimages : projet d’origine, ce qui a été adapté, fiches qui le reproduisent",
    "partners": "partenaires mobilisés",
    "fundings": "financements spécifiques (FSE / IEJ…)",
    "number": "numéro de la fiche dans l’édition",
    "life": "années de début et de fin, date de vérification",
    "referent_emails": "adresses des référents de 2019 et contacts non publics",
}

_EMAIL = pydantic.TypeAdapter(pydantic.EmailStr)
_URL = pydantic.TypeAdapter(pydantic.HttpUrl)


def _valid(adapter: pydantic.TypeAdapter, value: str) -> str | None:
    """*value* if the schema's own type accepts it (the package validates the exports)."""
    try:
        adapter.validate_python(value)
    except pydantic.ValidationError:
        return None
    return value


def _text(value: str, low: int, high: int, fallback: str) -> str:
    text = (value or "").strip()
    if len(text) < low:
        text = fallback
    if len(text) > high:
        text = text[: high - 1].rstrip() + "…"
    return text


def _name(value: str, fallback: str) -> str:
    """A name as the schema wants it: 3 to 150 characters, no final full stop."""
    name = _text(value, 3, 150, fallback)
    return name[:-1].rstrip() if name.endswith(".") and not name.endswith("etc.") else name


def _ordered(values: Iterable) -> list[str]:
    return sorted({str(value.value if hasattr(value, "value") else value) for value in values})


def structure_id(organisation: Organisation) -> str:
    return f"{SOURCE}--{slugify(organisation.key)[:90] or organisation.pk}"


def service_id(initiative: Initiative) -> str:
    return f"{SOURCE}--{initiative.uid}"


def thematiques(initiative: Initiative) -> list[str]:
    return _ordered(
        thematique
        for keyword in initiative.index_terms("keywords")
        for thematique in KEYWORD_THEMATIQUES.get(keyword.slug, ())
    )


def publics(initiative: Initiative) -> list[str]:
    found = [
        p for term in initiative.index_terms("publics") for p in PUBLIC_PUBLICS.get(term.slug, ())
    ]
    found += [
        p for term in initiative.index_terms("keywords") for p in KEYWORD_PUBLICS.get(term.slug, ())
    ]
    return _ordered(found)


def zone_eligibilite(initiative: Initiative) -> list[str] | None:
    """The towns and departments the territory names (in the fiche's region), else every
    department of the region; « france » for national fiches. The schema has no region code:
    a region is the list of its departments."""
    region = initiative.region
    if region.is_national:
        return [FRANCE]
    if not region.insee_code:
        return None
    named = places_named(initiative.territory, region.insee_code)
    departments = {code for kind, code in named if kind == "department"}
    # A town inside a department already named adds nothing.
    towns = {
        code
        for kind, code in named
        if kind == "town" and not any(code.startswith(d) for d in departments)
    }
    codes = sorted(departments | towns)
    return codes or region_departments(region.insee_code) or None


def _contact(initiative: Initiative) -> dict:
    """The first public e-mail and phone, the holder's before the State referent's, and the
    name of the person they reach (the e-mail's contact, else the phone's): a non-public
    contact gives none of them (`public_contact`)."""
    shown = [public_contact(contact) for contact in initiative.contacts]
    shown.sort(key=lambda contact: contact["role"] != ContactRole.HOLDER)
    by_email = next((c for c in shown if c["email"] and _valid(_EMAIL, c["email"])), None)
    by_phone = next((c for c in shown if c["phone"]), None)
    reached = by_email or by_phone
    return {
        "courriel": by_email["email"] if by_email else None,
        "telephone": by_phone["phone"] if by_phone else None,
        "contact_nom_prenom": reached["name"] if reached else None,
    }


def _link(initiative: Initiative) -> str | None:
    for link in initiative.links:
        if urlparse(link).scheme in ("http", "https") and _valid(_URL, link):
            return link
    return None


def service_record(initiative: Initiative) -> dict:
    """One fiche as a data·inclusion service (a `data_inclusion.schema.v1.Service`)."""
    return {
        "source": SOURCE,
        "id": service_id(initiative),
        "structure_id": structure_id(initiative.porteur),
        "nom": _name(initiative.title, f"Initiative {initiative.title}"),
        "description": _text(
            initiative.description, 5, 10000, f"{initiative.title} ({initiative.region.name})"
        ),
        "lien_source": settings.CAHIER_BASE_URL + initiative.get_absolute_url(),
        "date_maj": initiative.updated_at.date().isoformat(),
        "thematiques": thematiques(initiative) or None,
        "publics": publics(initiative) or None,
        "publics_precisions": initiative.public or None,
        "zone_eligibilite": zone_eligibilite(initiative),
        **_contact(initiative),
        "lien_mobilisation": _link(initiative),
    }


def structure_record(organisation: Organisation, updated_at: datetime) -> dict:
    """A porteur as a data·inclusion structure (`data_inclusion.schema.v1.Structure`), dated by
    *updated_at*, the latest change of its exported fiches."""
    return {
        "source": SOURCE,
        "id": structure_id(organisation),
        "nom": _name(organisation.name, f"Organisme {organisation.name}"),
        "date_maj": updated_at.date().isoformat(),
        "siret": organisation.siret or None,
    }


def exported_queryset(queryset: QuerySet[Initiative] | None = None) -> QuerySet[Initiative]:
    """The services: fiches of *queryset* (default: every published one) whose project runs
    (« en cours ») and that name a porteur (a service belongs to a structure)."""
    queryset = Initiative.objects.published() if queryset is None else queryset
    return queryset.filter(project_status=ProjectStatus.ONGOING, porteur__isnull=False)


def service_chunks(queryset: QuerySet[Initiative] | None = None) -> Iterator[list[dict]]:
    """The services, a chunk of fiches at a time (bounded memory)."""
    for chunk in catalogue_initiative_chunks(queryset=exported_queryset(queryset)):
        yield [service_record(initiative) for initiative in chunk]


def services_document(queryset: QuerySet[Initiative] | None = None) -> list[dict]:
    return [record for chunk in service_chunks(queryset) for record in chunk]


def structures_document(queryset: QuerySet[Initiative] | None = None) -> list[dict]:
    """The porteurs of the exported services, once each, by name: one query for their latest
    changes, one for the porteurs (their fiches are not read)."""
    latest = dict(
        exported_queryset(queryset)
        .order_by()
        .values("porteur_id")
        .annotate(latest=Max("updated_at"))
        .values_list("porteur_id", "latest")
    )
    porteurs = Organisation.objects.in_bulk(list(latest))
    ordered = sorted(
        porteurs.values(), key=lambda organisation: (organisation.key, organisation.pk)
    )
    return [structure_record(o, latest[o.pk]) for o in ordered]
