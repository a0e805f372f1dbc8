"""Who may see and do what: every view and action × anonymous, the owner, another
contributor, a curator and an administrator. 302 to the log-in page for anonymous visitors,
404 for other people's proposals (they do not exist for them), 403 for the curation office."""

import pytest
from django.urls import reverse

from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.models import Event
from cahier.contributions.models import Revision
from tests.catalogue.factories import InitiativeFactory
from tests.editions.factories import EditionFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor", "other_contributor", "curator", "admin_user"]
LOGIN = "login"
OK = 200
MOVED = 302


def row(owner, other, curator, admin, anonymous=LOGIN):
    return dict(zip(ROLES, [anonymous, owner, other, curator, admin], strict=True))


PUBLIC = row(OK, OK, OK, OK, anonymous=OK)
SIGNED_IN = row(OK, OK, OK, OK)
OWNER_ONLY = row(OK, 404, 404, 404)
CURATORS = row(403, 403, OK, OK)

# (name, url name, kwargs from the `proposal` and its first revision, expected by role)
PAGES = [
    ("appel", "contributions:call", {}, PUBLIC),
    ("nouvelle proposition", "contributions:start", {}, SIGNED_IN),
    ("mes initiatives", "contributions:mine", {}, SIGNED_IN),
    ("ma proposition", "contributions:mine_detail", {"pk"}, OWNER_ONLY),
    ("étape 1", "contributions:step", {"pk", "step1"}, OWNER_ONLY),
    ("étape 2", "contributions:step", {"pk", "step2"}, OWNER_ONLY),
    ("étape 3", "contributions:step", {"pk", "step3"}, OWNER_ONLY),
    ("étape 4", "contributions:step", {"pk", "step4"}, OWNER_ONLY),
    ("aperçu", "contributions:preview", {"pk"}, OWNER_ONLY),
    ("file d'examen", "curation:queue", {}, CURATORS),
    ("fiche en curation", "curation:detail", {"pk"}, CURATORS),
    ("modifier", "curation:edit", {"pk"}, CURATORS),
    ("historique", "curation:history", {"pk"}, CURATORS),
    ("différences", "curation:revision_diff", {"pk", "revision_pk"}, CURATORS),
    ("fusion", "curation:merge", {"pk"}, CURATORS),
    ("appels", "curation:calls", {}, CURATORS),
    ("nouvel appel", "curation:call_create", {}, CURATORS),
    ("modifier l'appel", "curation:call_edit", {"call"}, CURATORS),
    ("événements", "curation:events", {}, CURATORS),
    ("nouvel événement", "curation:event_create", {}, CURATORS),
    ("inviter", "curation:invite", {}, CURATORS),
    ("journal", "curation:journal", {}, CURATORS),
]


def _kwargs(wanted, proposal, call):
    kwargs = {}
    if "pk" in wanted:
        kwargs["pk"] = proposal.pk
    for number in range(1, 5):
        if f"step{number}" in wanted:
            kwargs["step"] = number
    if "revision_pk" in wanted:
        kwargs["revision_pk"] = Revision.objects.filter(initiative=proposal).first().pk
    if "call" in wanted:
        kwargs["pk"] = call.pk
    return kwargs


def _client_for(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "name", "wanted", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client, request, proposal, open_call, role, label, name, wanted, expected):
    url = reverse(name, kwargs=_kwargs(wanted, proposal, open_call))
    response = _client_for(client, request, role).get(url)
    _check(response, expected[role])


# POST actions: (name, url name, kwargs, data, expected by role, effect when allowed)
def _status(proposal):
    proposal.refresh_from_db()
    return proposal.status


ACTIONS = [
    (
        "soumettre",
        "contributions:submit",
        {"pk"},
        {},
        row(MOVED, 404, 404, 404),
        lambda p: _status(p) == S.SUBMITTED,
    ),
    (
        "commenter (contributeur)",
        "contributions:comment",
        {"pk"},
        {"text": "Une précision."},
        row(MOVED, 404, 404, 404),
        lambda p: p.comments.filter(text="Une précision.").exists(),
    ),
    (
        "enregistrer une étape",
        "contributions:step",
        {"pk", "step1"},
        {
            "title": "Nouveau titre",
            "region": "__region__",
            "territory": "Rennes",
            "version": "__version__",
        },
        row(MOVED, 404, 404, 404),
        lambda p: p.__class__.objects.get(pk=p.pk).title == "Nouveau titre",
    ),
    (
        "supprimer le brouillon",
        "contributions:delete",
        {"pk"},
        {},
        row(MOVED, 404, 404, 404),
        lambda p: not p.__class__.objects.filter(pk=p.pk).exists(),
    ),
    (
        "publier (curation)",
        "curation:transition",
        {"pk"},
        {"to": "published"},
        row(403, 403, MOVED, MOVED),
        lambda p: _status(p) == S.PUBLISHED,
    ),
    (
        "commenter (curation)",
        "curation:comment",
        {"pk"},
        {"text": "Merci de préciser."},
        row(403, 403, MOVED, MOVED),
        lambda p: p.comments.filter(text="Merci de préciser.").exists(),
    ),
    (
        "publier la sélection",
        "curation:bulk_publish",
        {},
        {"ids": "__pk__"},
        row(403, 403, MOVED, MOVED),
        lambda p: _status(p) == S.PUBLISHED,
    ),
    (
        "modifier (curation)",
        "curation:edit",
        {"pk"},
        {"title": "Titre revu", "region": "__region__", "version": "__version__"},
        row(403, 403, MOVED, MOVED),
        lambda p: p.__class__.objects.get(pk=p.pk).title == "Titre revu",
    ),
    (
        "restaurer une révision",
        "curation:revision_restore",
        {"pk", "revision_pk"},
        {"version": "__version__"},
        row(403, 403, MOVED, MOVED),
        lambda p: p.revisions.count() == 2,
    ),
    (
        "clore l'appel",
        "curation:call_close",
        {"call"},
        {},
        row(403, 403, MOVED, MOVED),
        lambda p: not p.submission.call.__class__.objects.get(pk=p.submission.call_id).is_open(),
    ),
    (
        "demander des modifications",
        "curation:transition",
        {"pk"},
        {"to": "changes_requested", "reason": "Précisez le public."},
        row(403, 403, MOVED, MOVED),
        lambda p: _status(p) == S.CHANGES_REQUESTED,
    ),
    (
        "numéroter",
        "curation:number",
        {"pk"},
        {"number": "7"},
        row(403, 403, MOVED, MOVED),
        lambda p: p.edition_entries.filter(number=7).exists(),
    ),
    (
        "fusionner",
        "curation:merge",
        {"pk"},
        {
            "target": "__target__",
            "fields_from_duplicate": "results",
            "note": "Doublon.",
            "version": "__target_version__",
        },
        row(403, 403, MOVED, MOVED),
        lambda p: _status(p) == S.REJECTED,
    ),
    (
        "nouvel appel",
        "curation:call_create",
        {},
        {"title": "Appel 2030", "opens_at": "2030-01-01T00:00", "closes_at": "2030-02-01T00:00"},
        row(403, 403, MOVED, MOVED),
        lambda p: p.submission.call.__class__.objects.filter(title="Appel 2030").exists(),
    ),
    (
        "nouvel événement",
        "curation:event_create",
        {},
        {"kind": "JITE", "year": "2031"},
        row(403, 403, MOVED, MOVED),
        lambda p: Event.objects.filter(year=2031).exists(),
    ),
    (
        "inviter",
        "curation:invite",
        {},
        {"email": "invitee@example.org"},
        row(403, 403, MOVED, MOVED),
        lambda p: (
            p.__class__._meta.apps.get_model("auth", "User")
            .objects.filter(username="invitee@example.org")
            .exists()
        ),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("label", "name", "wanted", "data", "expected", "effect"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_actions(
    client, request, proposal, open_call, role, label, name, wanted, data, expected, effect
):
    if name == "curation:number":
        EditionFactory()
    target = InitiativeFactory(title="Fiche existante") if name == "curation:merge" else None
    if name in {
        "curation:transition",
        "curation:bulk_publish",
        "curation:comment",
        "curation:merge",
    }:
        from cahier.contributions import services

        services.initiative_transition(
            initiative=proposal, to=S.SUBMITTED, actor=request.getfixturevalue("contributor")
        )
    proposal.refresh_from_db()
    values = {
        key: {
            "__pk__": str(proposal.pk),
            "__region__": str(proposal.region_id),
            "__version__": str(proposal.version),
            "__target__": str(target.pk) if target else "",
            "__target_version__": str(target.version) if target else "",
        }.get(value, value)
        for key, value in data.items()
    }
    url = reverse(name, kwargs=_kwargs(wanted, proposal, open_call))
    before = effect(proposal)
    response = _client_for(client, request, role).post(url, values)
    _check(response, expected[role])
    if name != "contributions:delete":
        proposal.refresh_from_db()
    assert not before
    assert effect(proposal) == (expected[role] == MOVED)


def test_get_cannot_change_state(client, submitted, curator):
    client.force_login(curator)
    response = client.get(
        reverse("curation:transition", kwargs={"pk": submitted.pk}) + "?to=published"
    )
    assert response.status_code == 405
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_csrf_is_enforced(submitted, curator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    response = client.post(
        reverse("curation:transition", kwargs={"pk": submitted.pk}), {"to": "published"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
