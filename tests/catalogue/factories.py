"""Factories of the catalogue: reference rows (taxonomies, glossary, events, organisations) and
initiatives. Initiatives are created through `catalogue.services.initiative_create`, so the
search index follows as it does in the application: no test reindexes by hand."""

import factory

from cahier.catalogue import models, services
from cahier.catalogue.enums import (
    ContactRole,
    EventKind,
    FunderType,
    Openness,
    OutcomeSource,
    ProjectStatus,
    ProvenanceStatus,
    PublicationStatus,
    TransferOffer,
)


def region(slug: str = "bretagne") -> models.Region:
    """Regions are seeded by a migration: fetch, don't create."""
    return models.Region.objects.get(slug=slug)


class KeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Keyword
        django_get_or_create = ["label"]

    label = factory.Sequence(lambda n: f"Mot-clé {n}")
    slug = factory.Sequence(lambda n: f"mot-cle-{n}")
    position = factory.Sequence(int)


class PublicTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PublicType
        django_get_or_create = ["label"]

    label = factory.Sequence(lambda n: f"Public {n}")
    slug = factory.Sequence(lambda n: f"public-{n}")
    position = factory.Sequence(int)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Funding
        django_get_or_create = ["label"]

    label = factory.Sequence(lambda n: f"Financement {n}")
    slug = factory.Sequence(lambda n: f"financement-{n}")
    position = factory.Sequence(int)


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    """Saving a term re-indexes the fiches that mention it (search receivers)."""

    class Meta:
        model = models.GlossaryTerm
        django_get_or_create = ["acronym"]

    acronym = factory.Sequence(lambda n: f"SIG{n}")
    definition = factory.Sequence(lambda n: f"Définition {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        django_get_or_create = ["key"]

    name = factory.Sequence(lambda n: f"Association {n}")
    key = factory.LazyAttribute(lambda org: org.name.lower())
    spellings = factory.LazyAttribute(lambda org: [org.name])


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event
        django_get_or_create = ["kind", "year"]

    kind = EventKind.JITE
    year = 2018


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A published initiative with every field filled, written by `initiative_create`.

    Taxonomies with `keywords=[...]`, `publics=[...]`, `fundings=[...]`; the porteur is a name
    (the service finds or creates its organisation); `status=PublicationStatus.DRAFT` or the
    trait `draft=True` for an unpublished one; `edition=(edition, number)` numbers it in an
    edition. The same slug twice gives the same initiative."""

    class Meta:
        model = models.Initiative
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT)
        # Life of the project, transfer kit, outcomes and contacts filled (docs/essaimage.md).
        with_kit = factory.Trait(
            project_status=ProjectStatus.ONGOING,
            started_year=2016,
            success_conditions="Un portage politique fort et un binôme employeur-conseiller.",
            pitfalls="Mobiliser les employeurs prend plus de temps que prévu.",
            budget_min=50_000,
            budget_max=150_000,
            funders=factory.LazyFunction(
                lambda: [
                    {"name": "Conseil départemental", "type": FunderType.DEPARTMENT},
                    {"name": "FSE", "type": FunderType.ESF},
                ]
            ),
            staff_fte=2.5,
            setup_months=6,
            essential_partners="France Travail et la mission locale.",
            prerequisites="Une structure d'insertion sur le territoire.",
            resources=factory.LazyFunction(
                lambda: [
                    {"title": "Guide de mise en place", "url": "https://example.org/guide.pdf"}
                ]
            ),
            openness=Openness.WITH_SUPPORT,
            offers=factory.LazyFunction(lambda: [TransferOffer.VISIT, TransferOffer.DOCUMENTS]),
            outcomes=factory.LazyFunction(
                lambda: [
                    {
                        "indicator": "Personnes en emploi à 6 mois",
                        "value": 59,
                        "unit": "%",
                        "base": "120 participants",
                        "period_start": "2017",
                        "period_end": "2018",
                        "source": OutcomeSource.DECLARED,
                        "url": "",
                    }
                ]
            ),
            contacts=factory.LazyFunction(
                lambda: [
                    {
                        "role": ContactRole.HOLDER,
                        "organisation": "Association Horizon",
                        "service": "Direction",
                        "email": "direction@horizon.example",
                        "phone": "",
                        "public": False,
                    },
                    {
                        "role": ContactRole.REFERENT,
                        "organisation": "DREETS Bretagne",
                        "service": "Pôle 3E",
                        "email": "pole3e@dreets.example",
                        "phone": "02 99 00 00 00",
                        "public": True,
                    },
                ]
            ),
        )

    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    region = factory.LazyFunction(region)
    territory = "Pays de Rennes"
    description = "Un accompagnement vers l'emploi des personnes éloignées du marché du travail."
    added_value = factory.LazyFunction(lambda: ["Partenariat local fort", "Suivi dans la durée"])
    porteur = factory.Sequence(lambda n: f"Association {n}")
    public = "Demandeurs d'emploi de longue durée"
    partners = factory.LazyFunction(lambda: ["Pôle emploi", "Mission locale"])
    links = factory.LazyFunction(lambda: ["https://example.org/initiative"])
    referent_emails = factory.LazyFunction(lambda: ["bretag.direction@direccte.gouv.fr"])
    results = "120 personnes accompagnées, 60 % en emploi."
    event = factory.SubFactory(EventFactory)
    provenance_status = ProvenanceStatus.PRESENTED
    provenance_category = ""
    keywords = factory.LazyFunction(list)
    publics = factory.LazyFunction(list)
    fundings = factory.LazyFunction(list)
    status = PublicationStatus.PUBLISHED
    created_by = None

    @classmethod
    def _create(cls, model_class, *, slug, status, created_by, **fields):
        existing = model_class.objects.filter(slug=slug).first()
        if existing is not None:
            return existing
        return services.initiative_create(
            data=services.InitiativeData(**fields),
            status=status,
            slug=slug,
            created_by=created_by,
        )

    @factory.post_generation
    def edition(self, create, extracted, **kwargs):
        """`edition=(edition, number)` puts the initiative in an edition under that number."""
        if create and extracted:
            from tests.editions.factories import number_in

            edition, number = extracted
            number_in(edition=edition, initiative=self, number=number)
