"""The same stored text on the site, in the curation preview and in the printed PDF: one
typography rule and one acronym matcher, whatever the medium (issue 9, item 8)."""

import re

import pytest

from cahier.editions import pdf
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db

TEXT = (
    "Public visé : les jeunes ; vraiment ? « oui » pour 1 820 personnes.\n\n"
    "Le PLIE et la MDE(F) aident, la MDEF aussi ; le PLIEUR non.\n"
    "- n<nmax & x>0 : <script>alert(1)</script>"
)
TYPOGRAPHY = (
    "Public visé\u00a0: les jeunes\u202f; vraiment\u202f? «\u00a0oui\u00a0» pour 1\u00a0820"
)
WEB_ACRONYM = re.compile(r'<a class="sigle" href="[^"]*"><abbr title="[^"]*">([^<]*)</abbr></a>')
PRINT_ACRONYM = re.compile(r'<em class="sigle">([^<]*)</em>')


@pytest.fixture
def initiative():
    f.GlossaryTermFactory(acronym="PLIE", definition="Plan local pour l'insertion et l'emploi")
    f.GlossaryTermFactory(acronym="MDE(F)", definition="Maison de l'emploi (et de la formation)")
    return f.InitiativeFactory(slug="texte", description=TEXT)


def _site(client) -> str:
    html = client.get("/initiatives/texte/").content.decode()
    return html.split('id="descriptif"', 1)[1].split("</h2>", 1)[1].split("</section>", 1)[0]


def _print(monkeypatch, initiative) -> str:
    # The HTML WeasyPrint would receive: no need to lay out a PDF to check its text.
    monkeypatch.setattr(pdf, "_write_pdf", lambda html: html.encode())
    html = pdf.initiative_pdf(initiative).decode()
    return html.split('<td class="fiche-description">', 1)[1].split("</td>", 1)[0]


def test_the_site_and_the_pdf_space_french_punctuation_alike(client, monkeypatch, initiative):
    site, printed = _site(client), _print(monkeypatch, initiative)
    assert TYPOGRAPHY in site
    assert TYPOGRAPHY in printed


def test_the_site_and_the_pdf_find_the_same_acronyms(client, monkeypatch, initiative):
    site, printed = _site(client), _print(monkeypatch, initiative)
    assert WEB_ACRONYM.findall(site) == ["PLIE", "MDE(F)", "MDEF"]
    assert PRINT_ACRONYM.findall(printed) == ["PLIE", "MDE(F)", "MDEF"]
    # Apart from how an acronym is shown, the two media give the same HTML.
    assert WEB_ACRONYM.sub(r"\1", site).strip() == PRINT_ACRONYM.sub(r"\1", printed).strip()


def test_hostile_text_stays_text_on_every_medium(client, monkeypatch, initiative):
    for html in (_site(client), _print(monkeypatch, initiative)):
        assert "<script>" not in html
        assert "n&lt;nmax &amp; x&gt;0\u00a0: &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_curation_preview_renders_the_text_as_the_site(client, initiative):
    from django.template import Context, Template

    preview = Template("{% load contributions_tags %}{% fiche initiative %}").render(
        Context({"initiative": initiative})
    )
    described = preview.split("Descriptif du projet</h3>", 1)[1].split("</section>", 1)[0]
    assert described == _site(client)
