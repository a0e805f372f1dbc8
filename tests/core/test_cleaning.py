"""The one cleaning rule for stored text (cahier.core.cleaning): plain text in, plain text
stored, through every way in."""

from dataclasses import replace

import pytest

from cahier.core.cleaning import clean_line, clean_lines, clean_text, link_error

# Issue 14, findings 5 and 6: text after « < » was cut; a double encoding became markup.
KEPT_WHOLE = [
    "Contact : Marie Dupont <marie.dupont@asso.fr>, tél. 01 23 45 67 89",
    "si n<nmax, puis étendre",
    "Moins de 5 % <  10 % & plus => seniors",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


@pytest.mark.parametrize("text", KEPT_WHOLE)
def test_text_is_stored_as_typed_and_never_decoded(text):
    assert clean_text(text) == text
    assert clean_line(text) == " ".join(text.split())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Un\r\n\r\nDeux  \rTrois\u2028Quatre  ", "Un\n\nDeux\nTrois\nQuatre"),
        ("A\x00B\x1bC\x7fD\x85E", "ABCDE"),
        ("Nom\u202eesrever\u202c", "Nomesrever"),
        ("\tListe :\n\t- un", "Liste :\n\t- un"),
        ("", ""),
    ],
)
def test_controls_go_and_whitespace_is_normalised(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        *KEPT_WHOLE,
        "  Un\r\n\r\nDeux  \rTrois\u2028 ",
        "A\x00\r\n\x00B",
        "\x00 \n \x1b x",
        "<p>Un</p>\r\n\r\n<p>Deux</p>",
    ],
)
def test_cleaning_twice_is_cleaning_once(text):
    for clean in (clean_text, clean_line):
        once = clean(text)
        assert clean(once) == once
    once = clean_lines(text.split("\n"))
    assert clean_lines(once) == once


def test_links_are_web_or_mailto_addresses_only():
    for link in ("https://example.org/a?b=1", "http://tapaj.org/", "mailto:a@example.org"):
        assert link_error(link) is None, link
    for link in (
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "mailto:pas-une-adresse",
        "https://",
        "www.example.org",
        "Les activités sont relayées sur le facebook de l'association",
    ):
        assert "n’est pas une adresse" in link_error(link), link


@pytest.mark.django_db
def test_every_way_in_gets_the_rule_through_initiative_data():
    """InitiativeData cleans as it is made: forms, import, JSON load and restore all build one,
    and the catalogue service cleans again what was set afterwards."""
    from cahier.catalogue.models import Region
    from cahier.catalogue.services import InitiativeData, initiative_create

    region = Region.objects.first()
    data = InitiativeData(
        title=" Titre\r\n<b>gras</b>\x00 ",
        region=region,
        description="si n<nmax\r\n\x1b",
        partners=[" Pôle\nemploi ", "", "\x00"],
        links=["https://example.org/ "],
    )
    assert (data.title, data.description) == ("Titre <b>gras</b>", "si n<nmax")
    assert (data.partners, data.links) == (["Pôle emploi"], ["https://example.org/"])
    data.results = "après coup\x00 "
    initiative = initiative_create(data=data)
    initiative.refresh_from_db()
    assert initiative.title == "Titre <b>gras</b>"
    assert initiative.results == "après coup"
    assert replace(data).results == "après coup"


@pytest.mark.django_db
def test_the_catalogue_service_refuses_a_javascript_link():
    from django.core.exceptions import ValidationError

    from cahier.catalogue.models import Region
    from cahier.catalogue.services import InitiativeData, initiative_create

    data = InitiativeData(title="T", region=Region.objects.first(), links=["javascript:alert(1)"])
    with pytest.raises(ValidationError) as error:
        initiative_create(data=data)
    assert "javascript:alert(1)" in str(error.value.message_dict["links"])


@pytest.mark.django_db
def test_an_edition_s_texts_follow_the_same_rule():
    from cahier.editions.services import edition_create, edition_update

    edition = edition_create(
        slug="cahier-2030",
        year=2030,
        title=" Cahier\r\n2030\x00 ",
        edito="Si n<nmax, écrivez à <marie@asso.fr>\x1b\r\n",
    )
    assert (edition.title, edition.edito) == ("Cahier 2030", "Si n<nmax, écrivez à <marie@asso.fr>")
    edition = edition_update(
        edition=edition, year=2030, title="Cahier 2030", edito="&amp;lt;b&amp;gt;\x00"
    )
    assert edition.edito == "&amp;lt;b&amp;gt;"
