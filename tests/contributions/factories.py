"""Factories of the accounts. Roles go through `contributions.accounts`, as `cahier curator
add` does: `UserFactory(curator=True)`, never a staff shortcut."""

import factory
from django.contrib.auth import get_user_model

from cahier.catalogue.services import InitiativeData
from cahier.contributions import accounts

PASSWORD = "motdepasse-solide-42"


class UserFactory(factory.django.DjangoModelFactory):
    """An active account (`password` = PASSWORD). Traits: `contributor=True` (signed up with
    an e-mail address as username, as the sign-up form makes them) and `curator=True` (granted
    the curator role)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    class Params:
        contributor = factory.Trait(
            username=factory.Sequence(lambda n: f"porteur{n}@example.org"),
            email=factory.LazyAttribute(lambda user: user.username),
        )

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def curator(self, create, extracted, **kwargs):
        if create and extracted:
            accounts.curator_grant(user=self)


def complete_data(**overrides) -> InitiativeData:
    """A proposal with every field a submission requires (fields overridable)."""
    from tests.catalogue.factories import region

    values = {
        "title": "Garage solidaire de Rennes",
        "region": region("bretagne"),
        "territory": "Rennes Métropole",
        "description": "Un garage solidaire pour la mobilité des demandeurs d'emploi.",
        "added_value": ["Lever le frein de la mobilité"],
        "porteur": "Association Roue Libre",
        "public": "Demandeurs d'emploi sans véhicule",
        "partners": ["Pôle emploi"],
        "links": ["https://example.org/garage"],
        "referent_emails": ["referent@example.org"],
        "results": "80 personnes aidées.",
    }
    values.update(overrides)
    return InitiativeData(**values)
