from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.services import InitiativeData
from cahier.search.engine import SearchQuery, search
from tests.catalogue import factories as f


def create(title, *, region="bretagne", status=PublicationStatus.PUBLISHED, **fields):
    data = InitiativeData(title=title, region=f.region(region), **fields)
    return services.initiative_create(data=data, status=status)


def titles(q="", **filters):
    return [hit.title for hit in search(SearchQuery(q=q, **filters)).hits]


def edit(initiative, **changes):
    """The fiche with *changes* saved through the services (the index follows)."""
    data = InitiativeData.from_initiative(initiative)
    for name, value in changes.items():
        setattr(data, name, value)
    return services.initiative_update(
        initiative=initiative, data=data, expected_version=initiative.version
    )
