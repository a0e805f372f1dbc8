"""Issue 14, findings 6 and 9, in the importer: character references decoded once into text
(never twice, never into markup to remove), links limited to http(s) and mailto."""

import pytest

from cahier.catalogue.importer import parse_document

from .documents import document, line_of


def _parsed(text):
    cahier = parse_document(text)
    return cahier.fiches[0], [str(warning) for warning in cahier.warnings]


def test_a_double_encoding_in_the_document_is_decoded_once_into_text():
    text = document().replace(
        "<p>Description de Premier projet.</p>",
        "<p>A &amp;lt;img src=x onerror=alert(1)&amp;gt; B =&gt; C &lt;b&gt;gras&lt;/b&gt;</p>",
    )
    fiche, _ = _parsed(text)
    first = fiche.description.split("\n\n")[0]
    # What the document's HTML says, as characters: no « <img », and « <b> » not removed.
    assert first == "A &lt;img src=x onerror=alert(1)&gt; B => C <b>gras</b>"


def test_an_e_mail_autolink_keeps_its_address():
    text = document().replace(
        "**Public cible :** Jeunes", "**Public cible :** Jeunes (contact <marie.dupont@asso.fr>)"
    )
    fiche, _ = _parsed(text)
    assert fiche.public == "Jeunes (contact marie.dupont@asso.fr)"


def test_a_javascript_link_is_dropped_with_a_warning_naming_its_line():
    text = document().replace(
        "**Lien :** <https://example.org/premier-projet>",
        "**Lien :** [Cliquez](javascript:location='//evil.example') <https://example.org/premier-projet>",
    )
    fiche, warnings = _parsed(text)
    assert fiche.links == ["https://example.org/premier-projet"]
    line = line_of(text, "javascript:")
    assert any(
        w.startswith(f"ligne {line} :") and "« javascript:location='//evil.example' » écarté" in w
        for w in warnings
    ), warnings


def test_a_sentence_given_as_link_goes_to_the_description_with_a_warning():
    sentence = "Les activités sont relayées sur la page Facebook de l'association"
    text = document().replace(
        "**Lien :** <https://example.org/premier-projet>", f"**Lien :** {sentence}"
    )
    fiche, warnings = _parsed(text)
    assert fiche.links == []
    assert fiche.description.endswith("\n\n" + sentence)
    assert any(
        "n’est pas une adresse web ; texte reporté à la fin du descriptif" in w for w in warnings
    )


FICHE_33_SENTENCE = (
    "Les activités sont relayés sur le facebook (ecomobil972) de l'association via les "
    "activités du Repair Café"
)


@pytest.mark.django_db
def test_a_curator_saves_imported_fiche_33_unchanged(cahier_2019, client, curator):
    """Finding 9: the 2019 fiche 33 printed a sentence as its « Lien »; imported as a link,
    the curator's form refused it on every save."""
    from django.urls import reverse

    from cahier.catalogue.services import InitiativeData
    from cahier.contributions import services
    from cahier.editions.models import EditionEntry

    _, err = cahier_2019
    fiche = EditionEntry.objects.get(number=33).initiative
    assert fiche.links == []
    assert fiche.description.endswith("\n\n" + FICHE_33_SENTENCE)
    assert "texte reporté à la fin du descriptif" in err

    services.initiative_save(
        initiative=fiche,
        data=InitiativeData.from_initiative(fiche),
        actor=curator,
        expected_version=fiche.version,
    )
    fiche.refresh_from_db()
    client.force_login(curator)
    posted = {
        "title": fiche.title,
        "region": fiche.region_id,
        "territory": fiche.territory,
        "description": fiche.description,
        "added_value": "\n".join(fiche.added_value),
        "porteur": fiche.porteur_label,
        "public": fiche.public,
        "partners": "\n".join(fiche.partners),
        "links": "\n".join(fiche.links),
        "referent_emails": "\n".join(fiche.referent_emails),
        "results": fiche.results,
        "event": fiche.event_id or "",
        "provenance_status": fiche.provenance_status,
        "provenance_category": fiche.provenance_category,
        "keywords": list(fiche.keywords.values_list("pk", flat=True)),
        "publics": list(fiche.publics.values_list("pk", flat=True)),
        "fundings": list(fiche.fundings.values_list("pk", flat=True)),
        "version": fiche.version,
    }
    response = client.post(reverse("curation:edit", kwargs={"pk": fiche.pk}), posted)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.django_db
def test_no_link_of_the_2019_document_breaks_the_rule(cahier_2019):
    from cahier.catalogue.models import Initiative
    from cahier.core.cleaning import link_error

    links = [link for links in Initiative.objects.values_list("links", flat=True) for link in links]
    assert len(links) == 22  # 21 « Lien » fields, one with two addresses, fiche 33 none
    assert [link for link in links if link_error(link)] == []
