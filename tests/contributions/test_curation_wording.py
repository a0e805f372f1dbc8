"""Curation pages speak French: dates as « 1er décembre 2026 à 9 h 05 » (one filter,
cahier.core.dates) and journal actions by their names, never their codes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cahier.contributions import services
from cahier.contributions.models import AuditLogEntry, Submission

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_dates_and_actions_in_french(client, curator, submitted):
    moment = datetime(2026, 12, 1, 9, 5, tzinfo=PARIS)
    AuditLogEntry.objects.update(created_at=moment)
    Submission.objects.update(submitted_at=moment)
    services.comment_add(initiative=submitted, author=curator, text="Vu.")
    client.force_login(curator)

    journal = client.get("/curation/journal/").content.decode()
    assert "1er\u00a0décembre 2026" in journal and "Fiche soumise" in journal
    assert "initiative.submitted" not in journal

    detail = client.get(f"/curation/initiatives/{submitted.pk}/").content.decode()
    assert "Fiche soumise" in detail and "initiative.submitted" not in detail

    queue = client.get("/curation/file/").content.decode()
    assert "1er\u00a0décembre 2026" in queue and "1 Déc" not in queue
