"""Factories of the editions, written through `editions.services`."""

import factory

from cahier.catalogue import models
from cahier.editions import services
from cahier.editions.models import Edition

# The sample edition's fiches (tests/conftest.py `sample_edition`), in fiche order.
TITLES = [
    ("auvergne-rhone-alpes", "Un toit, un emploi"),
    ("auvergne-rhone-alpes", "Anticiper les métiers de demain"),
    ("bretagne", "Mobilité"),
    ("bretagne", "Coordination garde d'enfants : Loustic Services"),
    ("la-reunion", "PréKap'r"),
    ("provence-alpes-cote-d-azur", "Working first 13"),
]


def number_in(*, edition: Edition, initiative: models.Initiative, number: int) -> None:
    """Give *initiative* *number* in *edition* through the one service that numbers fiches
    (it refuses a published edition, as the application does)."""
    services.edition_number_set(edition=edition, initiative=initiative, number=number)


def edition_publish(edition: Edition, *, current: bool = True) -> Edition:
    """Publish (freeze) *edition* through the services and, by default, make it the site's
    current edition, whose numbers pages, exports and the API show."""
    services.edition_publish(edition=edition)
    if current:
        services.edition_make_current(edition=edition)
    edition.refresh_from_db()
    return edition


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition in preparation made by `edition_create`, composed by `edition_compose` when
    given `initiatives=[...]` (numbered 1…n in the given order). Trait `published=True` freezes
    it with `edition_publish` and makes it current (`current=False` to keep the site's current
    edition); or number fiches first (`InitiativeFactory(edition=(e, 7))`) then call
    `edition_publish(e)`. The same slug twice gives the same edition."""

    class Meta:
        model = Edition

    slug = factory.Sequence(lambda n: f"edition-{n}")
    year = 2019
    title = factory.Sequence(lambda n: f"Le cahier des initiatives {n}")
    subtitle = ""
    edito = "Un édito."
    edito_signature = ""
    initiatives = factory.LazyFunction(list)
    # Not model fields: _create takes them out (a factory_boy Params would never reach it).
    published = False
    current = True

    @classmethod
    def _create(cls, model_class, *, initiatives, published=False, current=True, **fields):
        existing = model_class.objects.filter(slug=fields["slug"]).first()
        if existing is not None:
            return existing
        edition = services.edition_create(**fields)
        if initiatives:
            services.edition_compose(edition=edition, initiatives=initiatives, order="given")
        if published:
            edition_publish(edition, current=current)
        return edition
