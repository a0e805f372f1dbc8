"""Issue 15: the acronyms the site shows that the 2019 glossary lacks (JITE, on every
provenance badge and filter), seeded without overwriting a curator's edit, shown with their
definition on the badges and filters; and the index labels with their accented capitals."""

import importlib

import pytest
from django.apps import apps

from cahier.catalogue.models import GlossaryTerm, Keyword
from cahier.catalogue.services import glossary_additions_seed
from tests.catalogue.factories import InitiativeFactory, KeywordFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "cahier.catalogue.migrations.0011_glossary_jite_accented_labels"
)
JITE = '<abbr title="Journée des initiatives territoriales">JITE</abbr>'


def test_jite_is_in_the_glossary_with_the_2019_definition():
    assert GlossaryTerm.objects.get(acronym="JITE").definition == (
        "Journée des initiatives territoriales"
    )
    assert GlossaryTerm.objects.filter(acronym="DREETS").exists()  # catalogue 0009, kept


def test_the_seed_restores_a_missing_entry_and_keeps_a_curators_edit():
    GlossaryTerm.objects.filter(acronym="JITE").update(definition="Journée des initiatives")
    migration.seed(apps, None)
    assert glossary_additions_seed() == 0
    assert GlossaryTerm.objects.get(acronym="JITE").definition == "Journée des initiatives"
    GlossaryTerm.objects.filter(acronym="JITE").delete()
    migration.seed(apps, None)
    assert GlossaryTerm.objects.get(acronym="JITE").definition == (
        "Journée des initiatives territoriales"
    )


def test_the_migration_gives_stored_labels_their_accent_once():
    KeywordFactory(label="Egalité femmes-hommes", slug="egalite-femmes-hommes")
    migration.accent_labels(apps, None)
    migration.accent_labels(apps, None)
    keyword = Keyword.objects.get(slug="egalite-femmes-hommes")
    assert keyword.label == "Égalité femmes-hommes"


def test_the_provenance_badge_and_the_event_filter_explain_jite(client):
    initiative = InitiativeFactory(keywords=[KeywordFactory(label="QPV", slug="qpv")])
    GlossaryTerm.objects.get_or_create(
        acronym="QPV", defaults={"definition": "Quartier politique de la ville"}
    )
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert f"<span>{JITE} 2018 · présenté</span>" in page  # the provenance badge, one line
    assert '<span><abbr title="Quartier politique de la ville">QPV</abbr></span></a>' in page
    results = client.get("/initiatives/").content.decode()
    assert f"<span>{JITE}</span> <span" in results  # the « Événement » filter value
    assert f"<span>{JITE} 2018 · présenté</span>" in results  # the result's badge
