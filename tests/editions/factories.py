"""Factories of the editions, written through `editions.services`."""

import factory
from django.utils import timezone

from cahier.catalogue import models
from cahier.catalogue.signals import initiatives_changed
from cahier.editions import services


def number_in(*, edition: models.Edition, initiative: models.Initiative, number: int) -> None:
    """Give *initiative* any *number* in *edition*, published or not: a test shortcut, since
    `edition_compose` numbers 1…n and refuses a published edition. The catalogue's signal
    tells the search index, as the services do."""
    models.EditionEntry.objects.create(edition=edition, initiative=initiative, number=number)
    initiatives_changed.send(sender=models.Initiative, ids=[initiative.pk])


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition made by `edition_create`, composed by `edition_compose` when given
    `initiatives=[...]` (numbered 1…n in the given order) and published by `edition_publish`
    (`is_published=False` for a draft edition). The same slug twice gives the same edition."""

    class Meta:
        model = models.Edition

    class Params:
        draft = factory.Trait(is_published=False)

    slug = factory.Sequence(lambda n: f"edition-{n}")
    year = 2019
    title = factory.Sequence(lambda n: f"Le cahier des initiatives {n}")
    subtitle = ""
    edito = "Un édito."
    edito_signature = ""
    is_published = True
    initiatives = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, *, is_published, initiatives, **fields):
        existing = model_class.objects.filter(slug=fields["slug"]).first()
        if existing is not None:
            return existing
        edition = services.edition_create(**fields)
        if initiatives:
            services.edition_compose(edition=edition, initiatives=initiatives, order="given")
        if is_published and initiatives:
            services.edition_publish(edition=edition)
        elif is_published:
            # `edition_publish` refuses an empty edition; tests that number fiches into it
            # afterwards (InitiativeFactory(edition=(edition, n))) need it published first.
            model_class.objects.filter(pk=edition.pk).update(
                is_published=True, published_at=timezone.now()
            )
            edition.refresh_from_db()
        return edition
