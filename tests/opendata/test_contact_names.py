"""The name of a fiche's contact (issue 15, « Nom et prénom »): published with the contact
when the holder made it public, never otherwise — on the fiche page, in the PDF, the API
record, the JSON, CSV and XLSX exports, the data·inclusion export and the feed — and carried
by the reload of a JSON export."""

import json
import uuid

import pytest

from cahier.catalogue.enums import ContactRole
from cahier.catalogue.models import Initiative
from cahier.catalogue.structured import contact_text
from cahier.editions.pdf import initiative_pdf
from cahier.opendata.loader import catalogue_load_json
from tests.catalogue import factories as f
from tests.editions.pdftext import pdf_pages

pytestmark = pytest.mark.django_db

PUBLIC_NAME, HIDDEN_NAME = "Paul Lefèvre", "Claire Martin"
CONTACTS = [
    {
        "role": ContactRole.HOLDER,
        "name": HIDDEN_NAME,
        "organisation": "Association Horizon",
        "service": "Chargée de mission insertion",
        "email": "claire.martin@horizon.example",
        "phone": "",
        "public": False,
    },
    {
        "role": ContactRole.REFERENT,
        "name": PUBLIC_NAME,
        "organisation": "DREETS Bretagne",
        "service": "Pôle 3E",
        "email": "paul.lefevre@dreets.example",
        "phone": "02 99 00 00 00",
        "public": True,
    },
]
EXPORTS = "/api/v1/exports"


@pytest.fixture
def fiche():
    return f.InitiativeFactory(
        with_kit=True,
        slug="garage",
        title="Garage solidaire",
        porteur="Association Horizon",
        contacts=CONTACTS,
    )


def test_the_record_gives_the_name_of_a_public_contact_only(client, fiche):
    record = client.get(f"/api/v1/initiatives/{fiche.slug}").json()
    holder, referent = record["contacts"]
    assert referent["name"] == PUBLIC_NAME and referent["service"] == "Pôle 3E"
    # Who the hidden contact is stays: their organisation and function, not their name.
    assert holder == {
        "role": "porteur",
        "name": None,
        "organisation": "Association Horizon",
        "service": "Chargée de mission insertion",
        "email": None,
        "phone": None,
    }
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Contact"]
    assert set(schema["properties"]) == set(referent)
    assert "seulement si le contact est public" in schema["properties"]["name"]["description"]


def test_data_inclusion_names_the_public_contact_it_gives_the_address_of(client, fiche):
    [service] = json.loads(client.get(f"{EXPORTS}/data-inclusion/services.json").getvalue())
    assert service["courriel"] == "paul.lefevre@dreets.example"
    assert service["contact_nom_prenom"] == PUBLIC_NAME


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/initiatives/garage",
        f"{EXPORTS}/initiatives.json",
        f"{EXPORTS}/initiatives.csv",
        f"{EXPORTS}/initiatives-tableur.csv",
        f"{EXPORTS}/data-inclusion/services.json",
        "/initiatives/flux.atom",
        "/initiatives/garage/",
    ],
)
def test_a_hidden_name_is_in_no_public_output(client, fiche, path):
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert HIDDEN_NAME.encode() not in body
    assert b"claire.martin" not in body


def test_the_fiche_page_and_the_pdf_name_the_public_contact(client, fiche):
    page = client.get("/initiatives/garage/").content.decode()
    assert f"{PUBLIC_NAME}, DREETS Bretagne, Pôle 3E" in page
    assert "Association Horizon, Chargée de mission insertion" in page
    text = " ".join(pdf_pages(initiative_pdf(Initiative.objects.with_relations().get(pk=fiche.pk))))
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    assert f"{PUBLIC_NAME}, DREETS Bretagne, Pôle 3E, paul.lefevre@dreets.example" in text
    assert HIDDEN_NAME not in text and "Association Horizon, Chargée de mission" in text


@pytest.mark.postgres
def test_a_json_export_reloaded_as_a_new_fiche_keeps_the_public_name(client, fiche):
    document = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    record = document["initiatives"][0]
    record.update(id=str(uuid.uuid4()), slug="garage-copie", title="Garage solidaire (copie)")
    catalogue_load_json(document=document)
    copy = Initiative.objects.get(slug="garage-copie")
    holder, referent = copy.contacts
    assert referent["name"] == PUBLIC_NAME and referent["public"] is True
    # What the file did not carry was not public: the copy has no name for it.
    assert holder["name"] in ("", None) and holder["public"] is False


def test_a_revision_names_the_contact_and_says_whether_it_is_public():
    assert contact_text(CONTACTS[0]) == (
        "Porteur du projet\u00a0: Claire Martin, Association Horizon, Chargée de mission "
        "insertion, claire.martin@horizon.example (non public)"
    )
