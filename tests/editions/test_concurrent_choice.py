"""Two curators choosing the site's edition at the same moment, on two servers."""

import threading

import pytest
from django.db import connection, transaction

from cahier.editions import services
from cahier.editions.selectors import edition_current
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_the_second_choice_waits_for_the_first_and_wins(on_postgres):
    """Before: the second transaction did not see the first's new current edition and broke
    the one-current-edition constraint (an IntegrityError, a 500 for the curator)."""
    if not on_postgres:
        pytest.skip("SQLite serialises writers: no interleaving to test")
    fiche = f.InitiativeFactory(title="Garage solidaire")
    first = EditionFactory(slug="premiere", initiatives=[fiche], published=True)
    second = EditionFactory(slug="seconde", initiatives=[fiche], published=True, current=False)
    third = EditionFactory(slug="troisieme", initiatives=[fiche], published=True, current=False)
    assert edition_current() == first
    holding, errors = threading.Event(), []

    def choose_third():
        holding.wait()
        try:
            services.edition_make_current(edition=third)
        except Exception as error:  # reported below, whatever it is
            errors.append(error)
        finally:
            connection.close()

    other = threading.Thread(target=choose_third)
    other.start()
    with transaction.atomic():
        services.edition_make_current(edition=second)
        holding.set()
        # Let the other transaction reach its lock while this one holds it.
        other.join(timeout=1)
    other.join(timeout=30)
    assert errors == []
    assert edition_current() == third
