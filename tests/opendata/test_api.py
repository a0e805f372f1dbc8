"""The open-data record on `GET /api/v1/initiatives/{slug}`, and the exports over HTTP."""

from cahier.catalogue.models import Initiative

API = "/api/v1"


def test_one_initiative_is_the_open_data_record(client, sample_edition):
    data = client.get(f"{API}/initiatives/fiche-6").json()
    assert data["number"] == 6 and data["title"] == "Working first 13"
    assert data["id"] == str(Initiative.objects.get(slug="fiche-6").uid)
    assert data["region"] == "Provence-Alpes-Côte d'Azur"
    assert data["provenance"] == {
        "event": "Trophées FSE",
        "year": 2019,
        "status": "retenu",
        "category": "Mobilité",
    }
    assert data["keywords"] == ["Alternance", "Mobilité"]
    missing = client.get(f"{API}/initiatives/inconnue")
    assert missing.status_code == 404 and "inconnue" in missing.json()["detail"]


def test_head_gives_the_headers_without_the_body(client, sample_edition):
    get = client.get(f"{API}/exports/initiatives.csv")
    head = client.head(f"{API}/exports/initiatives.csv")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
