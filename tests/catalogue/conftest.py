import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture
def cahier_2019(db):
    """The bundled 2019 cahier, imported through the command as a user would."""
    call_command("import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=None, stderr=None)
