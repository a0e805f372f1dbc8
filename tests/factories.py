"""factory_boy factories shared by every app's tests."""

import factory
from django.contrib.auth import get_user_model

from cahier.catalogue import models
from cahier.catalogue.enums import EventKind, ProvenanceStatus, PublicationStatus
from cahier.editions import services as editions
from cahier.editions.models import Edition


def region(slug: str = "bretagne") -> models.Region:
    """Regions are seeded by a migration: fetch, don't create."""
    return models.Region.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("motdepasse-solide-42")


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


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition in preparation: number fiches in it (`InitiativeFactory(edition=(e, 7))`),
    then `edition_publish(e)` freezes it and makes it the site's current edition."""

    class Meta:
        model = Edition
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"edition-{n}")
    year = 2019
    title = factory.Sequence(lambda n: f"Le cahier des initiatives {n}")
    edito = "Un édito."


def edition_publish(edition: Edition, *, current: bool = True) -> Edition:
    """Publish (freeze) *edition* through the services and, by default, make it current."""
    editions.edition_publish(edition=edition)
    if current:
        editions.edition_make_current(edition=edition)
    return edition


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A published initiative with every field filled; taxonomies via `keywords=[...]` etc."""

    class Meta:
        model = models.Initiative
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    region = factory.LazyFunction(region)
    territory = "Pays de Rennes"
    description = "Un accompagnement vers l'emploi des personnes éloignées du marché du travail."
    added_value = factory.LazyFunction(lambda: ["Partenariat local fort", "Suivi dans la durée"])
    porteur = factory.SubFactory(OrganisationFactory)
    porteur_label = factory.LazyAttribute(lambda initiative: initiative.porteur.name)
    public = "Demandeurs d'emploi de longue durée"
    partners = factory.LazyFunction(lambda: ["Pôle emploi", "Mission locale"])
    links = factory.LazyFunction(lambda: ["https://example.org/initiative"])
    referent_emails = factory.LazyFunction(lambda: ["bretag.direction@direccte.gouv.fr"])
    results = "120 personnes accompagnées, 60 % en emploi."
    event = factory.SubFactory(EventFactory)
    provenance_status = ProvenanceStatus.PRESENTED
    status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def keywords(self, create, extracted, **kwargs):
        if create and extracted:
            self.keywords.set(extracted)

    @factory.post_generation
    def publics(self, create, extracted, **kwargs):
        if create and extracted:
            self.publics.set(extracted)

    @factory.post_generation
    def fundings(self, create, extracted, **kwargs):
        if create and extracted:
            self.fundings.set(extracted)

    @factory.post_generation
    def edition(self, create, extracted, **kwargs):
        """`edition=(edition, number)` puts the initiative in an edition."""
        if create and extracted:
            edition, number = extracted
            editions.edition_number_set(edition=edition, initiative=self, number=number)
