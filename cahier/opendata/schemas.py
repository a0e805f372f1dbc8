"""The open-data record as a django-ninja schema, for the OpenAPI description of
`GET /api/v1/initiatives/{slug}`. The record itself is `records.initiative_record` (the API
returns it as is); each field's description is the TableSchema's, so the two documentations
say the same thing."""

from ninja import Field, Schema
from pydantic import create_model

from cahier.catalogue.enums import CHECK_INTERVAL_MONTHS
from cahier.catalogue.structured import CONTACT_FIELDS, CONTACT_TEXT_KEYS, ContactKey
from cahier.opendata.tableschema import FIELDS, LIST_NOTE


def _described(name: str, *default) -> Field:
    # The CSV joins lists with « | »; in JSON they are arrays: that note is the CSV's only.
    return Field(*default, description=FIELDS[name]["description"].removesuffix(LIST_NOTE))


class Provenance(Schema):
    event: str | None = _described("provenance_event", None)
    year: int | None = _described("provenance_year", None)
    status: str | None = _described("provenance_status", None)
    category: str | None = _described("provenance_category", None)


class Budget(Schema):
    min: int | None = Field(None, description="Borne basse du budget annuel, en euros.")
    max: int | None = Field(None, description="Borne haute du budget annuel, en euros.")
    currency: str = Field("EUR", description="Toujours « EUR ».")


class Funder(Schema):
    name: str = Field(description="Nom du financeur.")
    type: str = Field(description="Type de financeur (catalogue.enums.FunderType).")


class Resource(Schema):
    title: str = Field(description="Titre de la ressource.")
    url: str = Field(description="Adresse de la ressource (lien, ou fichier déposé sur le site).")


class Transfer(Schema):
    success_conditions: str = _described("transfer_success_conditions")
    pitfalls: str = _described("transfer_pitfalls")
    budget: Budget | None = Field(None, description="Budget annuel (fourchette) ou null.")
    funders: list[Funder] = _described("transfer_funders")
    staff_fte: float | None = _described("transfer_staff_fte", None)
    setup_time: int | None = _described("transfer_setup_time", None)
    essential_partners: str = _described("transfer_essential_partners")
    prerequisites: str = _described("transfer_prerequisites")
    resources: list[Resource] = _described("transfer_resources")
    openness: str = _described("transfer_openness")
    offers: list[str] = _described("transfer_offers")


class Outcome(Schema):
    indicator: str = Field(description="Libellé de l’indicateur.")
    value: float | int | str | None = Field(description="Valeur (un nombre).")
    unit: str = Field(description="Unité (« % », « personnes »…).")
    base: str = Field(description="Population de référence.")
    period_start: str = Field(description="Début de la période (AAAA, AAAA-MM ou AAAA-MM-JJ).")
    period_end: str = Field(description="Fin de la période (même format).")
    source: str = Field(
        description="Source : « déclaratif », « données administratives », « évaluation externe »."
    )
    url: str = Field(description="Lien vers le rapport.")


class Origin(Schema):
    id: str | None = Field(None, description="Identifiant permanent de la fiche d’origine.")
    slug: str | None = Field(None, description="Identifiant lisible de la fiche d’origine.")
    title: str = Field(description="Titre de la fiche ou nom du projet extérieur.")
    url: str | None = Field(None, description="Lien d’un projet extérieur au catalogue.")
    adaptations: str = Field(description="Ce qui a été adapté.")


class Replication(Schema):
    id: str
    slug: str
    title: str
    region: str


def _contact_field(key: ContactKey) -> tuple:
    if key.personal:
        return (
            str | None,
            Field(None, description=f"{key.label}, seulement si le contact est public."),
        )
    return (str, Field(description=f"{key.label}."))


# The keys of `structured.CONTACT_FIELDS` (the one declaration of a contact) as published by
# `structured.public_contact`: the visibility flag itself is not published.
Contact = create_model(
    "Contact",
    __base__=Schema,
    role=(str, Field(description="« porteur » ou « referent » (référent de l’État).")),
    **{key.key: _contact_field(key) for key in CONTACT_FIELDS if key.key in CONTACT_TEXT_KEYS},
)


class Quality(Schema):
    score: int = Field(description="Score de qualité de la fiche, de 0 à 100.")
    missing: list[str] = Field(
        description="Identifiants des critères que la fiche ne remplit pas "
        "(voir docs/living-catalogue.md, « Score de qualité »)."
    )


class InitiativeRecord(Schema):
    """The open-data record of one initiative (same fields as the JSON and CSV exports)."""

    id: str = _described("id")
    number: int | None = _described("number", None)
    slug: str = _described("slug")
    title: str = _described("title")
    region: str = _described("region")
    territory: str = _described("territory")
    description: str = _described("description")
    added_value: list[str] = _described("added_value")
    porteur: str = _described("porteur")
    public: str = _described("public")
    partners: list[str] = _described("partners")
    links: list[str] = _described("links")
    referent_emails: list[str] = _described("referent_emails")
    results: str = _described("results")
    provenance: Provenance
    keywords: list[str] = _described("keywords")
    publics: list[str] = _described("publics")
    fundings: list[str] = _described("fundings")
    status: str = _described("status")
    started_year: int | None = _described("started_year", None)
    ended_year: int | None = _described("ended_year", None)
    updated_at: str | None = _described("updated_at", None)
    verified_at: str | None = _described("verified_at", None)
    transfer: Transfer
    outcomes: list[Outcome] = _described("outcomes")
    replication_of: Origin | None = _described("replication_of", None)
    replications: list[Replication] = _described("replications")
    contacts: list[Contact] = Field(description="Contacts du porteur et du référent de l’État.")
    quality: Quality
    # Optional in a file to load (older exports have none: the fiche keeps its interval).
    published_at: str | None = _described("published_at", None)
    check_interval_months: int = _described("check_interval_months", CHECK_INTERVAL_MONTHS)
    next_check_at: str | None = _described("next_check_at", None)
