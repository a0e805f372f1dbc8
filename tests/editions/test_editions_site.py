"""Curators compose and publish editions; readers download them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cahier.catalogue.enums import PublicationStatus
from cahier.editions import services
from cahier.editions.models import Edition
from cahier.editions.selectors import edition_current
from tests.catalogue import factories as f
from tests.contributions.factories import UserFactory
from tests.editions.factories import EditionFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_compose_numbers_by_region_then_title(db):
    edition = services.edition_create(slug="cahier-2025", year=2025, title="Le cahier")
    zeta = f.InitiativeFactory(title="Zêta", region=f.region("bretagne"))
    alpha = f.InitiativeFactory(title="Alpha", region=f.region("bretagne"))
    lyon = f.InitiativeFactory(title="Lyon", region=f.region("auvergne-rhone-alpes"))
    services.edition_compose(edition=edition, initiatives=[zeta, alpha, lyon])
    numbers = dict(edition.entries.values_list("initiative__title", "number"))
    assert numbers == {"Lyon": 1, "Alpha": 2, "Zêta": 3}


@pytest.mark.postgres
def test_compose_refuses_unpublished_and_frozen_editions(db):
    edition = services.edition_create(slug="cahier-2025", year=2025, title="Le cahier")
    draft = f.InitiativeFactory(status=PublicationStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.edition_compose(edition=edition, initiatives=[draft])
    published = f.InitiativeFactory()
    services.edition_compose(edition=edition, initiatives=[published])
    services.edition_publish(edition=edition)
    with pytest.raises(ValidationError, match="est publiée"):
        services.edition_compose(edition=edition, initiatives=[])
    # Publishing is not choosing: the site's numbering changes only by edition_make_current.
    assert edition_current() is None


def test_publish_needs_fiches_and_slug_must_be_free(db):
    edition = services.edition_create(slug="vide", year=2025, title="Le cahier")
    with pytest.raises(ValidationError):
        services.edition_publish(edition=edition)
    with pytest.raises(ValidationError):
        services.edition_create(slug="vide", year=2025, title="Autre")
    with pytest.raises(ValidationError):
        services.edition_create(slug="nouvelle", year=2025, title="Autre")


def test_readers_see_published_editions_only(client, sample_edition, media):
    hidden = EditionFactory(slug="brouillon")
    page = client.get(reverse("editions:list")).content.decode()
    assert (
        "Le cahier des initiatives" in page
        and reverse("editions:pdf", args=["cahier-2019"]) in page
    )
    assert "brouillon" not in page
    assert client.get(reverse("editions:pdf", args=[hidden.slug])).status_code == 404
    # A curator's page: anonymous readers are asked to log in (and come back to it).
    compose = reverse("editions:compose", args=["cahier-2019"])
    assert client.get(compose)["Location"] == f"/connexion/?next={compose}"
    response = client.get(reverse("editions:pdf", args=["cahier-2019"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    pdf_url = reverse("editions:pdf", args=["cahier-2019"])
    assert client.get(pdf_url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_single_fiche_download(client, sample_edition, media):
    response = client.get(reverse("editions:initiative_pdf", args=["fiche-2"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    draft = f.InitiativeFactory(slug="brouillon", status=PublicationStatus.DRAFT)
    assert client.get(reverse("editions:initiative_pdf", args=[draft.slug])).status_code == 404


def test_curator_composes_and_publishes_through_the_pages(client, curator, media):
    client.force_login(curator)
    one = f.InitiativeFactory(title="Beta", region=f.region("bretagne"))
    two = f.InitiativeFactory(title="Alpha", region=f.region("bretagne"))
    response = client.post(
        reverse("editions:create"),
        {"slug": "cahier-2025", "year": 2025, "title": "Le cahier des initiatives"},
    )
    assert response.status_code == 302
    edition = Edition.objects.get(slug="cahier-2025")
    response = client.post(
        reverse("editions:compose", args=[edition.slug]),
        {
            "edition-year": 2025,
            "edition-title": "Le cahier des initiatives",
            "edition-edito": "Un nouvel édito : bonne lecture !",
            "compose-initiatives": [one.pk, two.pk],
        },
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.edito.startswith("Un nouvel édito")
    assert list(edition.entries.values_list("initiative__title", flat=True)) == ["Alpha", "Beta"]
    client.post(reverse("editions:publish", args=[edition.slug]), {"action": "publish"})
    edition.refresh_from_db()
    assert edition.is_published and edition.published_at
    page = client.get(reverse("editions:detail", args=[edition.slug])).content.decode()
    assert "1 – " in page and "Alpha" in page


def test_the_compose_edition_permission_is_enough(client, db):
    from django.contrib.auth.models import Permission

    from cahier.core import roles

    user = UserFactory(username="editrice")
    user.user_permissions.add(Permission.objects.get(codename=roles.Action.COMPOSE_EDITION))
    client.force_login(user)
    assert client.get(reverse("editions:create")).status_code == 200
    client.force_login(UserFactory(username="lecteur"))
    assert client.get(reverse("editions:create")).status_code == 403


def test_the_publication_date_is_written_the_french_way(client, sample_edition):
    from datetime import UTC, datetime

    Edition.objects.filter(pk=sample_edition.pk).update(
        published_at=datetime(2026, 12, 1, 10, tzinfo=UTC)
    )
    html = client.get(reverse("editions:detail", args=[sample_edition.slug])).content.decode()
    assert "Édition publiée le 1er\u00a0décembre 2026" in html
