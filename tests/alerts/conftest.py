import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """django-ratelimit counts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bretagne_fiche(db):
    from tests.catalogue.factories import InitiativeFactory, region

    return InitiativeFactory(title="Garage solidaire de Lorient", region=region("bretagne"))
