"""Search test fixtures. The index is rebuilt from the catalogue tables by the signal receivers;
per-process caches are dropped between tests because each test rolls the database back."""

import pytest

from cahier.search import state


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    state.clear_local()
    yield
    state.clear_local()


@pytest.fixture(scope="module")
def cahier_2019(django_db_setup, django_db_blocker):
    """The bundled 2019 cahier, imported once per test module (outside the per-test
    transactions) and removed afterwards so that other tests see an empty catalogue."""
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    from cahier.catalogue import models
    from cahier.contributions.models import AuditLogEntry
    from cahier.editions.models import Edition, EditionEntry
    from cahier.search.indexing import reindex_all
    from cahier.search.models import IndexedWord

    with django_db_blocker.unblock():
        call_command(
            "import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=StringIO(), stderr=StringIO()
        )
        state.clear_local()
        yield
        EditionEntry.objects.all().delete()
        Edition.objects.all().delete()
        AuditLogEntry.objects.all().delete()
        models.Initiative.objects.all().delete()
        for model in (
            models.Organisation,
            models.Event,
            models.GlossaryTerm,
            models.Keyword,
            models.PublicType,
            models.Funding,
            IndexedWord,
        ):
            model.objects.all().delete()
        reindex_all()
        state.clear_local()
