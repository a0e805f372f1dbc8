"""Edition PDFs prepared by the worker, once: the « en préparation » page, then the file;
several downloads queue one build; failed or lost builds are asked again; an edited fiche
asks for the editions in preparation; a fiche's own PDF is kept until it changes."""

import threading
from dataclasses import replace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cahier.catalogue import services as catalogue_services
from cahier.editions import pdf, pdf_builds, services
from cahier.editions.models import Edition, PdfBuild

PDF_URL = reverse("editions:pdf", args=["cahier-2019"])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def builds(monkeypatch):
    """WeasyPrint replaced by a fast stand-in that counts its builds (the real PDF is tested
    in test_pdf.py); `builds.fail = True` makes the next builds raise."""

    class Builds(list):
        fail = False

    made = Builds()

    def fake_edition_pdf(edition):
        if made.fail:
            raise RuntimeError("police introuvable")
        made.append(edition.slug)
        return b"%PDF-1.7 " + edition.edito.encode()

    monkeypatch.setattr(pdf, "edition_pdf", fake_edition_pdf)
    return made


def test_a_missing_pdf_is_prepared_once_then_served(
    client, sample_edition, media, builds, task_queue
):
    answers = [client.get(PDF_URL) for _ in range(6)]
    assert {answer.status_code for answer in answers} == {503}
    page = answers[0]
    assert page["Retry-After"] == "10" and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "Le PDF de cette édition est en préparation" in html
    # No reload (axe « meta-refresh »): a status region says when the PDF is ready.
    assert 'id="cahier-pdf-ready" role="status"' in html and "pdf_pending.js" in html
    assert f'href="{reverse("editions:detail", args=["cahier-2019"])}"' in html
    # Six downloads, one build queued.
    assert PdfBuild.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert builds == []
    [done] = task_queue()
    assert done.status == "SUCCESSFUL" and builds == ["cahier-2019"]
    assert not PdfBuild.objects.exists()
    response = client.get(PDF_URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(PDF_URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert builds == ["cahier-2019"] and DBTaskResult.objects.count() == 1


def test_the_inline_backend_builds_in_the_request(client, sample_edition, media, builds):
    response = client.get(PDF_URL)
    assert response.status_code == 200 and builds == ["cahier-2019"]
    assert not PdfBuild.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_from_several_processes_queue_one_build(
    sample_edition, media, settings
):
    """Six connections at once (as six web workers, or several servers on one database)."""
    if connection.vendor == "sqlite":
        pytest.skip("une base SQLite en mémoire n'est pas partagée entre connexions")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    barrier = threading.Barrier(6)
    errors = []

    def download():
        try:
            edition = Edition.objects.get(pk=sample_edition.pk)
            fingerprint = pdf_builds.edition_fingerprint(edition)
            barrier.wait()
            pdf_builds.edition_pdf_request(edition=edition, fingerprint=fingerprint)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=download) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert PdfBuild.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_a_failed_build_says_so_then_is_asked_again(
    client, sample_edition, media, builds, task_queue
):
    builds.fail = True
    client.get(PDF_URL)
    [failed] = task_queue()
    assert failed.status == "FAILED"
    build = PdfBuild.objects.get()
    assert build.failed_at and "police introuvable" in build.error
    page = client.get(PDF_URL)
    assert page.status_code == 503 and "La préparation du PDF a échoué" in page.content.decode()
    assert DBTaskResult.objects.count() == 1  # not asked again at once
    PdfBuild.objects.update(failed_at=build.failed_at - pdf_builds.RETRY_AFTER)
    builds.fail = False
    assert client.get(PDF_URL).status_code == 503
    assert DBTaskResult.objects.count() == 2
    task_queue()
    assert client.get(PDF_URL).status_code == 200


def test_a_build_whose_worker_was_lost_is_asked_again(sample_edition, media, task_queue):
    first = pdf_builds.edition_pdf_request(edition=sample_edition)
    assert pdf_builds.edition_pdf_request(edition=sample_edition) == first
    assert DBTaskResult.objects.count() == 1
    PdfBuild.objects.update(requested_at=timezone.now() - pdf_builds.LOST_AFTER)
    pdf_builds.edition_pdf_request(edition=sample_edition)
    assert DBTaskResult.objects.count() == 2 and PdfBuild.objects.count() == 1


@pytest.fixture
def in_preparation(sample_edition):
    """An edition curators are composing (not published): it prints the fiches as they are."""
    edition = services.edition_create(slug="cahier-2026", year=2026, title="Le cahier 2026")
    services.edition_compose(edition=edition, initiatives=sample_edition.initiatives.all())
    return edition


def _edit(initiative, **changes):
    data = replace(catalogue_services.InitiativeData.from_initiative(initiative), **changes)
    return catalogue_services.initiative_update(
        initiative=initiative, data=data, expected_version=initiative.version
    )


def test_editing_a_fiche_asks_for_the_editions_in_preparation_on_commit(
    in_preparation, media, task_queue, django_capture_on_commit_callbacks
):
    fiche = in_preparation.initiatives.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _edit(fiche, title="Un nouveau titre")
    assert not PdfBuild.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    # The edition in preparation only: the published 2019 one prints its snapshots.
    assert list(PdfBuild.objects.values_list("edition__slug", flat=True)) == ["cahier-2026"]
    assert DBTaskResult.objects.count() == 1


def test_the_previous_pdf_is_served_while_the_new_one_is_prepared(
    client, curator, in_preparation, media, builds, task_queue
):
    client.force_login(curator)
    url = reverse("editions:pdf", args=["cahier-2026"])
    client.get(url)
    task_queue()
    first = client.get(url)
    assert b"".join(first.streaming_content) == b"%PDF-1.7 "
    services.edition_update(edition=in_preparation, year=2026, title="Le cahier 2026", edito="Bis")
    meanwhile = client.get(url)
    assert meanwhile.status_code == 200 and meanwhile["Cache-Control"] == "no-cache"
    assert meanwhile["ETag"] == first["ETag"]
    assert b"".join(meanwhile.streaming_content) == b"%PDF-1.7 "
    task_queue()
    ready = client.get(url)
    assert ready["ETag"] != first["ETag"] and b"".join(ready.streaming_content).endswith(b"Bis")
    assert len(list((media / "editions").glob("cahier-2026-*.pdf"))) == 1


def test_publishing_asks_for_the_pdf(client, curator, in_preparation, media, task_queue):
    client.force_login(curator)
    response = client.post(
        reverse("editions:publish", args=["cahier-2026"]), {"action": "publish"}, follow=True
    )
    assert "son PDF est en préparation" in response.content.decode()
    assert PdfBuild.objects.filter(edition=in_preparation).exists()


def test_a_fiche_pdf_is_built_once_until_the_fiche_changes(client, sample_edition, media):
    fiche = sample_edition.initiatives.get(slug="fiche-2")
    url = reverse("editions:initiative_pdf", args=[fiche.slug])
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    [kept] = (media / "fiches").glob(f"fiche-{fiche.pk}-*.pdf")
    built_at = kept.stat().st_mtime_ns
    again = client.get(url)
    assert again["ETag"] == first["ETag"] and kept.stat().st_mtime_ns == built_at
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    _edit(fiche, title="Un titre tout neuf")
    changed = client.get(url)
    assert changed["ETag"] != first["ETag"]
    assert b"".join(changed.streaming_content).startswith(b"%PDF")
    [replaced] = (media / "fiches").glob(f"fiche-{fiche.pk}-*.pdf")
    assert replaced != kept and f"-v{fiche.version + 1}-" in replaced.name


def test_six_simultaneous_downloads_of_a_fiche_build_its_pdf_once(
    sample_edition, media, monkeypatch
):
    fiche = sample_edition.initiatives.get(slug="fiche-2")
    builds = []

    def slow_build(html):
        builds.append(html)
        threading.Event().wait(0.3)  # long enough for the others to arrive meanwhile
        return b"%PDF-1.7 fiche"

    monkeypatch.setattr(pdf, "_write_pdf", slow_build)
    html = pdf.initiative_pdf_html(fiche)
    key = pdf.initiative_pdf_key(fiche, html)
    paths = []
    readers = [
        threading.Thread(target=lambda: paths.append(pdf.initiative_pdf_cached(fiche, html, key)))
        for _ in range(6)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(builds) == 1
    assert len(paths) == 6 and all(path.read_bytes() == b"%PDF-1.7 fiche" for path in paths)


def test_while_a_fiche_pdf_is_built_readers_get_the_previous_one(client, sample_edition, media):
    fiche = sample_edition.initiatives.get(slug="fiche-2")
    url = reverse("editions:initiative_pdf", args=[fiche.slug])
    first = client.get(url)
    _edit(fiche, title="Un titre tout neuf")
    fiche.refresh_from_db()
    with pdf._build_lock(fiche, wait=True):  # another request is building the new one
        meanwhile = client.get(url)
    assert meanwhile.status_code == 200
    assert meanwhile["ETag"] == first["ETag"] and meanwhile["Cache-Control"] == "no-cache"
    after = client.get(url)
    assert after["ETag"] != first["ETag"] and after["Cache-Control"] == "public, max-age=300"
