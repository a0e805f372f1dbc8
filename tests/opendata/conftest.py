"""Open-data fixtures (the sample edition and the 2019 cahier are in tests/conftest.py)."""

import pytest

from tests.editions.factories import EditionFactory


@pytest.fixture
def draft_edition(sample_edition):
    """A later edition in preparation that numbers the six sample fiches the other way round:
    the current edition stays the published 2019 one."""
    from cahier.catalogue.models import Initiative
    from cahier.editions.services import edition_compose

    edition = EditionFactory(slug="cahier-2021", year=2021, title="Le cahier 2021")
    fiches = Initiative.objects.order_by("-slug")
    edition_compose(edition=edition, initiatives=fiches, order="given")
    return edition
