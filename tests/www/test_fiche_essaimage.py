"""The essaimage parts of a fiche's public page: project life and badges, « Pour essaimer »,
« Résultats en chiffres », « Essaimages » and contacts (docs/essaimage.md)."""

import html as htmllib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from cahier.catalogue import services
from cahier.catalogue.enums import ContactRole, Openness, ProjectStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.structured import (
    budget_text,
    is_legacy_state_mailbox,
    legacy_state_successor,
)
from tests.catalogue import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield


def page(client, slug: str) -> str:
    response = client.get(f"/initiatives/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """What a reader reads: tags and the SVG map removed, no-break spaces kept."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    html = re.sub(r"<(script|head)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[ \n\t]+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))


def badge(html: str) -> str:
    match = re.search(
        r'<span class="([^"]*cahier-project-status[^"]*)">(<span class="fr-sr-only">.*?</span>.*?)</span>',
        html,
        re.S,
    )
    return match and f"{match.group(1)} | {text(match.group(2)).strip()}"


def test_a_running_project_with_its_kit(client):
    f.InitiativeFactory(slug="toit", title="Un toit, un emploi", with_kit=True)
    html = page(client, "toit")
    assert "fr-badge--success" in badge(html) and badge(html).endswith("En cours")
    shown = text(html)
    assert "Depuis 2016" in shown
    # « Pour essaimer »: each filled item, French figures (narrow no-break spaces).
    for expected in (
        "Ouvert à l’essaimage\u00a0: oui, avec accompagnement.",
        "Le porteur propose\u00a0: visite sur place, documents.",
        "Budget annuel de 50\u202f000 à 150\u202f000\u00a0€ par an",
        "Moyens humains 2,5\u00a0ETP",
        "Durée de mise en place 6\u00a0mois",
        "Financeurs Conseil départemental (Département) FSE (FSE / FSE+)",
        "Conditions de réussite Un portage politique fort",
        "Points de vigilance Mobiliser les employeurs",
        "Partenaires indispensables France Travail et la mission locale.",
        "Prérequis du territoire Une structure d’insertion",
        "Ressources à partager Guide de mise en place (PDF)",
    ):
        assert expected in shown, expected
    assert 'href="https://example.org/guide.pdf" rel="noopener external"' in html
    assert "Le porteur n’a pas encore décrit" not in shown
    # « Résultats en chiffres »: the value big, its label, base, period and source; the free
    # text « Résultats » stays.
    assert (
        "Résultats en chiffres 59\u202f% Personnes en emploi à 6 mois "
        "Population\u00a0: 120 participants Période\u00a0: 2017–2018 Source\u00a0: déclaratif"
    ) in shown
    assert '<p class="cahier-figure__value">59\u202f%</p>' in html
    assert "Résultats 120 personnes accompagnées" in shown


def test_an_ended_project_shows_a_neutral_badge_and_its_whole_fiche(client):
    f.InitiativeFactory(
        slug="fini",
        with_kit=True,
        project_status=ProjectStatus.ENDED,
        started_year=2016,
        ended_year=2020,
    )
    html = page(client, "fini")
    classes, label = badge(html).split(" | ")
    assert label == "Statut du projet\u00a0: Terminé"
    assert "fr-badge--success" not in classes and "fr-badge--info" not in classes
    shown = text(html)
    assert "2016–2020" in shown and "Depuis" not in shown
    assert "Ce projet est terminé. Sa fiche reste en ligne" in shown
    # Nothing is hidden: description, kit and figures are all there.
    for section in ("Descriptif du projet", "Pour essaimer", "Budget annuel", "59\u202f%"):
        assert section in shown


def test_a_planned_project_and_an_unknown_one(client):
    f.InitiativeFactory(slug="bientot", project_status=ProjectStatus.PLANNED, started_year=2027)
    html = page(client, "bientot")
    assert "fr-badge--info" in badge(html) and badge(html).endswith("En projet")
    assert "Lancement prévu en 2027" in text(html)
    # « Inconnu » shows no badge at all; a start year alone reads « Lancé en », not « Depuis ».
    f.InitiativeFactory(slug="2019", started_year=2015)
    html = page(client, "2019")
    assert badge(html) is None and "Inconnu" not in text(html)
    assert "Lancé en 2015" in text(html) and "Depuis 2015" not in text(html)


def test_dates_of_update_and_check_in_french(client):
    initiative = f.InitiativeFactory(slug="datee")
    Initiative.objects.filter(pk=initiative.pk).update(
        updated_at=datetime(2026, 12, 1, 9, 5, tzinfo=PARIS)
    )
    assert "Mise à jour le 1er\u00a0décembre 2026" in text(page(client, "datee"))
    assert "Jamais vérifiée" in text(page(client, "datee"))
    services.initiative_verify(initiative=initiative, at=datetime(2026, 3, 2, tzinfo=PARIS))
    shown = text(page(client, "datee"))
    assert "Vérifiée le 2\u00a0mars 2026" in shown and "Jamais vérifiée" not in shown


def test_results_show_the_status_badge_and_the_date_of_update(client):
    ended = f.InitiativeFactory(title="Atelier fini", project_status=ProjectStatus.ENDED)
    f.InitiativeFactory(title="Atelier sans statut")
    Initiative.objects.filter(pk=ended.pk).update(updated_at=datetime(2026, 5, 1, 10, tzinfo=PARIS))
    response = client.get("/initiatives/", {"q": "atelier", "tri": "mise-a-jour"})
    assert response.status_code == 200
    html = response.content.decode()
    items = re.findall(r'<li class="cahier-result"[^>]*>(.*?)</li>', html, re.S)
    by_title = {("fini" if "Atelier fini" in item else "other"): item for item in items}
    assert badge(by_title["fini"]).endswith("Terminé")
    assert '<time datetime="2026-05-01">1er\u00a0mai 2026</time>' in by_title["fini"]
    assert badge(by_title["other"]) is None and "Mise à jour le" in text(by_title["other"])


def test_an_empty_kit_invites_the_holder_to_complete_it(client):
    f.InitiativeFactory(slug="vide")
    html = page(client, "vide")
    shown = text(html)
    assert "Le porteur n’a pas encore décrit ce qu’il faut pour reproduire ce projet" in shown
    assert 'href="/mes-initiatives/">Mes initiatives</a>' in html
    for absent in ("Budget annuel", "Ouvert à l’essaimage", "Résultats en chiffres"):
        assert absent not in shown
    # Openness « non précisé » alone is not a kit; « non » is said.
    f.InitiativeFactory(slug="ferme", openness=Openness.NO)
    assert "Ouvert à l’essaimage\u00a0: non." in text(page(client, "ferme"))


def test_lineage_in_both_directions_with_the_french_plural(client):
    origin = f.InitiativeFactory(slug="origine", title="Un toit, un emploi")
    f.InitiativeFactory(
        slug="brest",
        title="Un toit à Brest",
        replication_of=origin,
        region=f.region("bretagne"),
        adaptations="Le public visé est plus jeune.",
    )
    html = page(client, "origine")
    shown = text(html)
    assert "Essaimé dans 1\u00a0territoire " in shown
    assert "Un toit à Brest — Bretagne" in shown
    assert 'href="/initiatives/brest/"' in html
    # The map of /regions/ with the region holding a replication in colour; the list is the
    # text alternative, the drawing is hidden from screen readers.
    assert html.count("cahier-map__shape--3") == 1
    assert 'class="cahier-map__svg" aria-hidden="true"' in html
    f.InitiativeFactory(
        slug="albi", title="Un toit à Albi", replication_of=origin, region=f.region("occitanie")
    )
    f.InitiativeFactory(slug="brouillon", title="Brouillon", replication_of=origin, draft=True)
    html = page(client, "origine")
    assert "Essaimé dans 2\u00a0territoires" in text(html)
    assert html.count("cahier-map__shape--3") == 2 and "Brouillon" not in text(html)
    # The replication names its origin and what was adapted.
    shown = text(page(client, "brest"))
    assert "Essaimage de\u00a0: Un toit, un emploi" in shown
    assert "Ce qui a été adapté Le public visé est plus jeune." in shown
    assert 'href="/initiatives/origine/"' in page(client, "brest")


def test_a_replication_of_an_outside_project(client):
    f.InitiativeFactory(
        slug="dehors", origin_name="Garage solidaire du Nord", origin_url="https://garage.example/"
    )
    html = page(client, "dehors")
    assert "Essaimage de\u00a0: Garage solidaire du Nord (projet hors du catalogue)" in text(html)
    assert 'href="https://garage.example/" rel="noopener external"' in html
    assert "Essaimé dans" not in text(html)


def test_a_fiche_without_lineage_has_no_essaimages_section(client):
    f.InitiativeFactory(slug="seule")
    assert 'id="essaimages"' not in page(client, "seule")


def test_contacts_show_addresses_only_when_public_and_mark_the_2019_direccte_ones(client):
    f.InitiativeFactory(
        slug="contacts",
        with_kit=True,
        referent_emails=[
            "bretag.direction@direccte.gouv.fr",
            "972.direction@dieccte.gouv.fr",
            "ip.dgefp@emploi.gouv.fr",
        ],
    )
    html = page(client, "contacts")
    shown = text(html)
    assert "Porteur du projet Association Horizon, Direction" in shown
    assert "direction@horizon.example" not in html  # not public
    assert "Référent de l’État DREETS Bretagne, Pôle 3E pole3e@dreets.example 02 99 00 00 00" in (
        shown
    )
    assert "bretag.direction@direccte.gouv.fr (adresse de 2019, service devenu DREETS)" in shown
    assert "972.direction@dieccte.gouv.fr (adresse de 2019, service devenu DEETS)" in shown
    # A closed mailbox is never a link; a current address still is.
    assert "mailto:bretag.direction@direccte.gouv.fr" not in html
    assert 'href="mailto:ip.dgefp@emploi.gouv.fr"' in html


@pytest.mark.parametrize(
    ("address", "successor"),
    [
        ("bretag.direction@direccte.gouv.fr", "DREETS"),
        (" IDF.Direction@DIRECCTE.GOUV.FR ", "DREETS"),
        ("pole3e@bretagne.direccte.gouv.fr", "DREETS"),
        ("974.direction@dieccte.gouv.fr", "DEETS"),
        ("ddets@dreets.gouv.fr", ""),
        ("contact@direccte.gouv.fr.example.org", ""),
        ("direccte.gouv.fr@example.org", ""),
        ("", ""),
    ],
)
def test_one_rule_tells_a_pre_2021_direccte_mailbox(address, successor):
    assert legacy_state_successor(address) == successor
    assert is_legacy_state_mailbox(address) is bool(successor)


@pytest.mark.parametrize(
    ("minimum", "maximum", "expected"),
    [
        (50_000, 150_000, "de 50\u202f000 à 150\u202f000\u00a0€ par an"),
        (500_000, None, "plus de 500\u202f000\u00a0€ par an"),
        (0, 10_000, "jusqu’à 10\u202f000\u00a0€ par an"),
        (None, 10_000, "jusqu’à 10\u202f000\u00a0€ par an"),
        (80_000, 80_000, "80\u202f000\u00a0€ par an"),
        (None, None, ""),
    ],
)
def test_budget_ranges_in_french(minimum, maximum, expected):
    assert budget_text(minimum, maximum) == expected


def test_the_holders_contact_role_label(client):
    f.InitiativeFactory(
        slug="role",
        contacts=[
            {"role": ContactRole.REFERENT, "organisation": "DDETS 35", "public": False},
        ],
        referent_emails=[],
    )
    assert "Référent de l’État DDETS 35" in text(page(client, "role"))


def test_payloads_in_the_kit_lineage_and_contacts_stay_inert(client):
    """The XSS corpus (tests/contributions/test_xss_corpus.py) in every new text of the fiche,
    written past the services (as a restored backup may hold it): the page and the PDF's HTML
    escape it and still show it."""
    from django.template.loader import render_to_string

    from cahier.catalogue.selectors import glossary_matcher
    from tests.contributions.test_xss_corpus import PAYLOADS, TEXT, inert

    short = "XSS00 " + PAYLOADS[0] + PAYLOADS[7]
    origin = f.InitiativeFactory(slug="xss-origine")
    f.InitiativeFactory(slug="xss-copie", replication_of=origin)
    raw = {
        "success_conditions": TEXT,
        "pitfalls": TEXT,
        "essential_partners": TEXT,
        "prerequisites": TEXT,
        "adaptations": TEXT,
        "openness": Openness.YES,
        "offers": [short],
        "funders": [{"name": short, "type": short}],
        "resources": [
            {"title": short, "url": f"javascript:alert('XSS05') {short}"},
            {"title": short, "url": "https://example.org/?q=%22%3E%3Cscript%3E"},
        ],
        "outcomes": [
            {
                "indicator": short,
                "value": short,
                "unit": short,
                "base": short,
                "period_start": short,
                "period_end": "",
                "source": short,
                "url": "javascript:alert('XSS12')",
            }
        ],
        "contacts": [
            {
                "role": short,
                "organisation": short,
                "service": short,
                "email": short,
                "phone": short,
                "public": True,
            }
        ],
        "origin_name": short,
        "origin_url": "javascript:alert('XSS13')",
        "referent_emails": [f"{short}@direccte.gouv.fr"],
    }
    Initiative.objects.filter(slug__in=["xss-origine", "xss-copie"]).update(**raw)
    Initiative.objects.filter(slug="xss-copie").update(title=short, replication_of=origin)
    for slug in ("xss-origine", "xss-copie"):
        html = page(client, slug)
        assert not inert(html).problems, (slug, inert(html).problems)
        assert "XSS00" in text(html)
        fiche = Initiative.objects.with_relations().get(slug=slug)
        fiche.number = None
        # The HTML WeasyPrint lays out for the fiche's PDF (editions.pdf.initiative_pdf).
        html = render_to_string(
            "editions/pdf/initiative.html",
            {"initiative": fiche, "acronym_pattern": glossary_matcher()},
        )
        assert not inert(html).problems, (slug, inert(html).problems)
        assert "XSS00" in html
