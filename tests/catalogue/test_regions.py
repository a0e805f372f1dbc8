import pytest

from cahier.catalogue.models import Region
from cahier.catalogue.selectors import region_resolve

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_every_region_and_national_are_seeded():
    assert Region.objects.filter(is_national=False).count() == 18
    assert Region.objects.get(is_national=True).name == "National"
    assert Region.objects.get(slug="la-reunion").is_overseas


@pytest.mark.parametrize(
    "printed, official",
    [
        ("PACA", "Provence-Alpes-Côte d'Azur"),
        ("Ile-de-France", "Île-de-France"),
        ("La Réunion", "La Réunion"),
        ("grand est", "Grand Est"),
        ("National", "National"),
    ],
)
def test_printed_region_names_resolve_to_official_ones(printed, official):
    assert region_resolve(printed).name == official


def test_unknown_region_resolves_to_nothing():
    assert region_resolve("Atlantide") is None
