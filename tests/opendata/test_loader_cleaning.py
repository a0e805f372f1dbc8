"""Issue 14, findings 5 and 6, through the open-data JSON loader: the same cleaning rule as
every other way in, and no link but http(s) or mailto."""

import json

import pytest
from django.core.exceptions import ValidationError

from cahier.catalogue.models import Initiative
from cahier.opendata.loader import catalogue_load_json

EXPORTS = "/api/v1/exports"


def test_texts_are_kept_whole_and_controls_removed(client, sample_edition):
    document = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    document["initiatives"][0]["description"] = "Contact <marie@asso.fr>\x00, si n<nmax\x1b"
    document["initiatives"][0]["results"] = "&amp;lt;img src=x onerror=alert(1)&amp;gt;"
    catalogue_load_json(document=document, force=True)
    fiche = Initiative.objects.get(slug=document["initiatives"][0]["slug"])
    assert fiche.description == "Contact <marie@asso.fr>, si n<nmax"
    assert fiche.results == "&amp;lt;img src=x onerror=alert(1)&amp;gt;"


def test_a_javascript_link_refuses_the_file_and_writes_nothing(client, sample_edition):
    document = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    slug = document["initiatives"][1]["slug"]
    document["initiatives"][0]["title"] = "Titre changé"
    document["initiatives"][1]["links"] = ["javascript:alert(1)"]
    with pytest.raises(ValidationError) as refused:
        catalogue_load_json(document=document, force=True)
    assert f"Fiche « {slug} »" in refused.value.messages[0]
    assert "javascript:alert(1)" in refused.value.messages[0]
    assert not Initiative.objects.filter(title="Titre changé").exists()
    assert "javascript:alert(1)" not in Initiative.objects.get(slug=slug).links
