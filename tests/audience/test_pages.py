"""What holders and curators see of the readings: the holder their own fiches only, the
curators every fiche, with numbers equal to the sums in the database."""

import csv
import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format

from cahier.audience import services
from cahier.audience.models import FicheViews
from cahier.core.dates import add_months
from tests.catalogue.factories import InitiativeFactory

from .conftest import holder_fiche

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


def readings(initiative, n: int, *, days_ago: int = 0) -> None:
    day = timezone.localdate() - timedelta(days=days_ago)
    for _ in range(n):
        services.fiche_view_record(slug=initiative.slug, day=day)


def months_ago(n: int):
    today = timezone.localdate()
    return add_months(datetime.combine(today.replace(day=15), time()), -n).date()


def text(response) -> str:
    # Only ASCII blanks: the narrow no-break space of « 1 021 » must stay.
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode().replace("&nbsp;", " "))


@pytest.fixture
def fiches(holder, curator):
    mine = holder_fiche(holder, curator, "Garage solidaire")
    quiet = holder_fiche(holder, curator, "Épicerie solidaire")
    theirs = InitiativeFactory(slug="atelier-velo", title="Atelier vélo")
    readings(mine, 5)
    readings(mine, 7, days_ago=40)
    readings(theirs, 9)
    return mine, quiet, theirs


def test_mes_initiatives_shows_each_own_fiche_s_readings(client, holder, fiches):
    client.force_login(holder)
    page = text(client.get("/mes-initiatives/"))
    assert '<th scope="col">Consultations</th>' in page
    assert "5 sur 30 jours, 12 au total" in page
    assert "aucune" in page  # Épicerie solidaire, never read
    assert "Atelier vélo" not in page and "9 sur 30 jours" not in page


def test_the_holder_s_fiche_page_has_a_table_by_month(client, holder, fiches):
    mine = fiches[0]
    services.fiche_view_record(slug=mine.slug, day=months_ago(3))
    services.fiche_view_record(slug=mine.slug, day=months_ago(13))  # in the total only
    client.force_login(holder)
    page = text(client.get(f"/mes-initiatives/{mine.pk}/"))
    assert "Consultations : 5 sur 30 jours, 14 au total." in page
    assert (
        "<caption>Consultations de la fiche publique par mois, sur 12 mois (le plus récent en premier)</caption>"
        in page
    )
    assert page.count('<th scope="row">') == 12
    assert "(en cours)</th><td>5</td>" in page  # the current month so far
    three = date_format(months_ago(3), "F Y").capitalize()
    assert f"{three}</th><td>1</td>" in page
    assert page.index("(en cours)") < page.index(three)  # the most recent month first


def test_a_holder_cannot_see_another_s_fiche(client, other_holder, fiches):
    client.force_login(other_holder)
    assert client.get(f"/mes-initiatives/{fiches[0].pk}/").status_code == 404
    assert "5 sur 30 jours" not in text(client.get("/mes-initiatives/"))


def test_a_draft_says_readings_start_at_publication(client, holder):
    from cahier.contributions import services as contributions
    from tests.contributions.factories import complete_data

    draft = contributions.initiative_save(data=complete_data(title="Brouillon"), actor=holder)
    client.force_login(holder)
    page = text(client.get(f"/mes-initiatives/{draft.pk}/"))
    assert "seront comptées dès sa publication" in page


def test_the_curation_detail_shows_the_readings(client, curator, fiches):
    client.force_login(curator)
    page = text(client.get(f"/curation/initiatives/{fiches[0].pk}/"))
    assert "Consultations : 5 sur 30 jours, 12 au total." in page


def test_the_curators_page_ranks_fiches_with_the_database_sums(client, curator, fiches):
    mine, _, theirs = fiches
    readings(mine, 1000, days_ago=200)
    client.force_login(curator)
    response = client.get("/curation/consultations/")
    assert response.status_code == 200
    page = text(response)
    recent, year = page.split('id="12-mois"')
    today = timezone.localdate()

    def total(since):
        return FicheViews.objects.filter(day__gte=since).aggregate(n=Sum("views"))["n"]

    assert f"{total(today - timedelta(days=29))} consultations en tout" in recent
    assert f"1{NNBSP}021 consultations en tout" in year
    assert total(add_months(datetime.combine(today, time()), -12).date()) == 1021
    # 30 days: Atelier vélo (9) before Garage solidaire (5); 12 months: Garage (1 012) first.
    assert recent.index("Atelier vélo") < recent.index("Garage solidaire")
    assert "<td>9</td>" in recent and "<td>5</td>" in recent
    assert year.index("Garage solidaire") < year.index("Atelier vélo")
    assert f"<td>1{NNBSP}012</td>" in year
    assert "Épicerie solidaire" not in page


def test_the_curators_csv_lists_every_fiche_read_in_the_period(client, curator, fiches):
    client.force_login(curator)
    response = client.get("/curation/consultations/12-mois.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Fiche", "Consultations"], ["Garage solidaire", "12"], ["Atelier vélo", "9"]]
    assert client.get("/curation/consultations/inconnue.csv").status_code == 404


def test_the_public_statistics_do_not_show_readings(client, fiches):
    assert "Consultations" not in client.get("/statistiques/").content.decode()


def test_the_about_page_says_what_is_kept(client):
    page = text(client.get("/a-propos/"))
    assert "Mesure des consultations" in page
    assert "la fiche, le jour et le nombre de lectures. Aucun cookie" in page
