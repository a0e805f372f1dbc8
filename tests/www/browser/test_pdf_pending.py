"""« Le PDF de cette édition est en préparation » in a real browser: readable at 1280 and
375 px, no serious axe-core violation (no self-reload), a status line once the PDF is ready,
a way to read the edition meanwhile."""

import pytest

from cahier.editions import views
from cahier.editions.document import edition_fingerprint
from cahier.editions.models import Edition
from cahier.editions.pdf import edition_pdf_path
from tests.browser import axe_violations

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pending_page_is_accessible_and_says_when_the_pdf_is_ready(
    site, page, phone, task_queue, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path  # no PDF on disk: the worker (not run here) would build it
    monkeypatch.setattr(views, "PDF_RETRY_AFTER", 1)
    failures = {}
    for width, tab in (("bureau", page), ("telephone", phone)):
        answer = tab.goto(site + "/editions/2019/cahier.pdf")
        assert answer.status == 503 and answer.headers["retry-after"] == "1"
        assert tab.get_by_role("heading", level=1).inner_text() == (
            "Le PDF de cette édition est en préparation"
        )
        shot(tab, f"{width}-pdf-en-preparation")
        if violations := axe_violations(tab):
            failures[width] = violations
    assert failures == {}
    # The worker's file appears: the page says so, with a link, and does not move by itself.
    edition = Edition.objects.get(slug="2019")
    path = edition_pdf_path(edition, edition_fingerprint(edition))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7 ")
    status = phone.get_by_role("status")
    status.get_by_role("link", name="ouvrir le cahier (PDF)").wait_for(timeout=10_000)
    assert "Le PDF est prêt" in status.inner_text()
    assert phone.url.endswith("/editions/2019/cahier.pdf")
    phone.get_by_role("link", name="Lire l’édition en ligne").click()
    assert phone.url.endswith("/editions/2019/")
