"""Who may do what: the only module that answers it. Views, services, templates (through the
`roles` context processor) and commands ask here; nothing else looks at is_staff or groups.

Each action is one Django permission, declared in PERMISSIONS below (Call.Meta lists them, a
data migration grants them to the « Curateurs » group). This module sits in core so that every
app may import it: it imports no app (the statuses are PublicationStatus values, checked by a
test)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import TextChoices

# The permissions belong to the contributions app, home of the curation workflow.
PERMISSION_APP = "contributions"
CURATOR_GROUP = "Curateurs"


class Action(TextChoices):
    """One permission per action (codename, French label shown in the Django admin)."""

    CURATE = "curate", "Peut examiner et modifier les initiatives proposées"
    PUBLISH = "publish_initiative", "Peut publier, refuser ou archiver une initiative"
    COMPOSE_EDITION = "compose_edition", "Peut composer et numéroter une édition"
    PUBLISH_EDITION = "publish_edition", "Peut publier une édition"
    CHOOSE_SITE_EDITION = "choose_site_edition", "Peut choisir l’édition montrée par le site"
    MANAGE_CALLS = "manage_calls", "Peut gérer les appels et les événements"
    INVITE = "invite_contributor", "Peut inviter des contributeurs"
    IMPORT_SPREADSHEET = "import_spreadsheet", "Peut importer un tableur d’initiatives"
    MANAGE_INSTITUTIONS = (
        "manage_institutions",
        "Peut modifier la table des institutions qui ont changé de nom",
    )


# What Call.Meta.permissions declares (and the group receives).
PERMISSIONS = [(action.value, action.label) for action in Action]

# What a contributor may still change on their own proposal (PublicationStatus values).
CONTRIBUTOR_EDITABLE = frozenset({"draft", "changes_requested"})


def permission_name(action: str) -> str:
    return f"{PERMISSION_APP}.{Action(action).value}"


def can(user, action: str) -> bool:
    """May *user* do *action*? Active accounts only; superusers may do everything."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(permission_name(action))
    )


def users_who_can(action: str):
    """Active accounts holding *action* through a group or in person (superusers aside: they
    are not told of every proposal)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    codename, app = Action(action).value, PERMISSION_APP
    granted = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app,
    ) | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app)
    return get_user_model().objects.filter(granted, is_active=True).distinct()


def action_required(action: str):
    """View decorator: anonymous visitors go to the log-in page (and come back), signed-in
    users without *action* get a 403."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, action):
                raise PermissionDenied("Réservé aux curateurs.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def is_curator(user) -> bool:
    """Curators (group « Curateurs ») and superusers: the curation area is theirs."""
    return can(user, Action.CURATE)


def owner_of(initiative):
    """The contributor who proposed *initiative* (None for imported or curator-made fiches)."""
    submission = getattr(initiative, "submission", None)
    if submission is not None:
        return submission.contributor
    return None


def is_owner(user, initiative) -> bool:
    if not (user and user.is_authenticated):
        return False
    owner = owner_of(initiative)
    return owner is not None and owner.pk == user.pk


def can_view(user, initiative) -> bool:
    return is_curator(user) or is_owner(user, initiative)


def can_edit_as_contributor(user, initiative) -> bool:
    return is_owner(user, initiative) and initiative.status in CONTRIBUTOR_EDITABLE


class _Abilities:
    """`{% if can.compose_edition %}`: each action by its codename, asked lazily."""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, codename: str) -> bool:
        if codename not in Action.values:
            raise AttributeError(codename)
        return can(self._user, codename)


def context(request) -> dict:
    """Template context processor: `{% if can.curate %}` for the current user."""
    return {"can": _Abilities(getattr(request, "user", None))}
