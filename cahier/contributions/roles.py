"""Who may do what. Every view and service asks here, so the rules live in one place."""

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative

CURATOR_GROUP = "Curateurs"
CURATE_PERMISSION = "contributions.curate"

# What a contributor may still change on their own proposal.
CONTRIBUTOR_EDITABLE = {PublicationStatus.DRAFT, PublicationStatus.CHANGES_REQUESTED}


def is_curator(user) -> bool:
    """Curators (group « Curateurs », i.e. the contributions.curate permission) and admins."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(CURATE_PERMISSION)
    )


def owner_of(initiative: Initiative):
    """The contributor who proposed *initiative* (None for imported or curator-made fiches)."""
    submission = getattr(initiative, "submission", None)
    if submission is not None:
        return submission.contributor
    return None


def is_owner(user, initiative: Initiative) -> bool:
    if not (user and user.is_authenticated):
        return False
    owner = owner_of(initiative)
    return owner is not None and owner.pk == user.pk


def can_view(user, initiative: Initiative) -> bool:
    return is_curator(user) or is_owner(user, initiative)


def can_edit_as_contributor(user, initiative: Initiative) -> bool:
    return is_owner(user, initiative) and initiative.status in CONTRIBUTOR_EDITABLE
