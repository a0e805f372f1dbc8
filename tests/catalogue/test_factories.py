import pytest

from tests.catalogue.factories import InitiativeFactory, KeywordFactory

pytestmark = pytest.mark.django_db


def test_initiative_factory_builds_a_published_fiche_with_taxonomies():
    keyword = KeywordFactory(label="Mobilité")
    initiative = InitiativeFactory(keywords=[keyword])
    assert initiative.status == "published"
    assert list(initiative.keywords.all()) == [keyword]
    assert initiative.provenance_label == "JITE 2018 · présenté"


@pytest.mark.postgres
def test_initiatives_without_any_edition_are_listed_unnumbered():
    from cahier.editions.selectors import initiatives_with_number

    InitiativeFactory(title="Sans édition")
    listed = list(initiatives_with_number().order_by("number", "title"))
    assert [(i.title, i.number) for i in listed] == [("Sans édition", None)]


def test_factories_write_through_the_services_so_the_search_finds_them():
    from cahier.search.engine import SearchQuery, search
    from tests.editions.factories import EditionFactory

    mobility = KeywordFactory(label="Mobilité", slug="mobilite")
    garage = InitiativeFactory(title="Garage solidaire", keywords=[mobility])
    InitiativeFactory(title="Garage caché", draft=True)
    edition = EditionFactory(initiatives=[garage], published=True)
    # No reindex: the index followed initiative_create, drafts stay out of it.
    hits = search(SearchQuery(q="garage")).hits
    assert [(hit.title, hit.number) for hit in hits] == [("Garage solidaire", 1)]
    assert search(SearchQuery(keyword=["mobilite"])).count == 1
    assert edition.is_published and garage.porteur.name == garage.porteur_label
