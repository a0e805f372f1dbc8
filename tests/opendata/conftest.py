"""Open-data fixtures. The sample edition and the 2019 cahier are shared with the editions and
catalogue tests: imported from there, not copied (one fixture, one place)."""

import pytest

from tests import factories as f
from tests.catalogue.conftest import cahier_2019  # noqa: F401
from tests.editions.conftest import _fresh_search_caches, sample_edition  # noqa: F401


@pytest.fixture
def draft_edition(request):
    """A later edition in preparation that numbers the six sample fiches the other way round:
    the current edition stays the published 2019 one."""
    from cahier.catalogue.models import Initiative
    from cahier.editions.services import edition_compose

    request.getfixturevalue("sample_edition")
    edition = f.EditionFactory(
        slug="cahier-2021", year=2021, title="Le cahier 2021", is_published=False
    )
    fiches = Initiative.objects.order_by("-slug")
    edition_compose(edition=edition, initiatives=fiches, order="given")
    return edition
