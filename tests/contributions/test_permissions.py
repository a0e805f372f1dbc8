"""Who may see and do what: every view and action × anonymous, the owner, another
contributor, a curator and an administrator. 302 to the log-in page for anonymous visitors,
404 for other people's proposals (they do not exist for them), 403 for the curation office.

The matrix is complete: `test_every_named_url_has_a_row` walks the URL configuration and fails
when a named route has no row, so that a new view cannot ship before someone decided who may
see it."""

from functools import cached_property

import pytest
from django.urls import URLResolver, get_resolver, reverse

from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.models import Event, InstitutionChange
from cahier.contributions.models import Revision
from cahier.editions.models import Edition
from cahier.www.shortlinks import short_code
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
# Unpublished editions do not exist for readers.
CURATORS_ELSE_404 = row(404, 404, OK, OK, anonymous=404)
# POST-only curator actions read with GET: the right is checked before the method.
CURATORS_POST_ONLY = row(403, 403, 405, 405)
# What does not exist for anyone (a draft on the public site).
NOWHERE = row(404, 404, 404, 404, anonymous=404)
# Log-in and sign-up pages send signed-in visitors home.
SIGNED_OUT = row(MOVED, MOVED, MOVED, MOVED, anonymous=OK)

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
    ("étape 5", "contributions:step", {"pk", "step5"}, OWNER_ONLY),
    ("étape 6", "contributions:step", {"pk", "step6"}, OWNER_ONLY),
    ("recherche de fiche d'origine", "contributions:origins", {}, SIGNED_IN),
    # Uploaded PDFs are public by their (unguessable) address; an unknown one is 404.
    ("ressource inconnue", "contributions:resource_file", {"file"}, row(*[404] * 5)),
    ("aperçu", "contributions:preview", {"pk"}, OWNER_ONLY),
    ("accueil de la curation", "curation:home", {}, CURATORS),
    ("file d'examen", "curation:queue", {}, CURATORS),
    ("créer une fiche en curation", "curation:create", {}, CURATORS),
    ("fiche en curation", "curation:detail", {"pk"}, CURATORS),
    # Proposed updates of a published fiche: its owner proposes, curators decide.
    ("proposer une mise à jour", "contributions:propose_update", {"pk", "published"}, OWNER_ONLY),
    (
        "proposer une mise à jour d'un brouillon",
        "contributions:propose_update",
        {"pk"},
        row(MOVED, 404, 404, 404),
    ),
    ("mises à jour proposées", "curation:updates", {}, CURATORS),
    ("mise à jour proposée", "curation:update_detail", {"update"}, CURATORS),
    ("accepter une mise à jour (GET)", "curation:update_accept", {"update"}, CURATORS_POST_ONLY),
    ("refuser une mise à jour (GET)", "curation:update_reject", {"update"}, CURATORS_POST_ONLY),
    ("modifier", "curation:edit", {"pk"}, CURATORS),
    ("historique", "curation:history", {"pk"}, CURATORS),
    ("différences", "curation:revision_diff", {"pk", "revision_pk"}, CURATORS),
    ("fusion", "curation:merge", {"pk"}, CURATORS),
    ("indicateurs proposés", "curation:outcomes", {"pk"}, CURATORS),
    ("fiche d'origine (GET)", "curation:lineage", {"pk"}, CURATORS_POST_ONLY),
    ("appels", "curation:calls", {}, CURATORS),
    ("nouvel appel", "curation:call_create", {}, CURATORS),
    ("modifier l'appel", "curation:call_edit", {"call"}, CURATORS),
    ("événements", "curation:events", {}, CURATORS),
    ("nouvel événement", "curation:event_create", {}, CURATORS),
    ("inviter", "curation:invite", {}, CURATORS),
    ("journal", "curation:journal", {}, CURATORS),
    ("modifier l'événement", "curation:event_edit", {"event"}, CURATORS),
    ("organismes porteurs", "curation:organisations", {}, CURATORS),
    ("liens cassés", "curation:links", {}, CURATORS),
    ("SIRET d'un organisme", "curation:organisation_edit", {"organisation"}, CURATORS),
    ("ouvrir l'appel (GET)", "curation:call_open", {"call"}, CURATORS_POST_ONLY),
    ("institutions renommées", "curation:institutions", {}, CURATORS),
    ("nouveau changement de nom", "curation:institution_create", {}, CURATORS),
    ("modifier un changement de nom", "curation:institution_edit", {"institution"}, CURATORS),
    (
        "supprimer un changement de nom (GET)",
        "curation:institution_delete",
        {"institution"},
        CURATORS_POST_ONLY,
    ),
    ("adresses d'un ancien domaine", "curation:dead_addresses", {}, CURATORS),
    ("importer un tableur", "curation:spreadsheet", {}, CURATORS),
    ("modèle de tableur XLSX", "curation:spreadsheet_template_xlsx", {}, CURATORS),
    ("modèle de tableur CSV", "curation:spreadsheet_template_csv", {}, CURATORS),
    ("aperçu d'un tableur", "curation:spreadsheet_preview", {"spreadsheet"}, CURATORS),
    (
        "confirmer un tableur (GET)",
        "curation:spreadsheet_confirm",
        {"spreadsheet"},
        CURATORS_POST_ONLY,
    ),
    # Editions: reading the published ones is public, composing is a curator's action.
    ("éditions", "editions:list", {}, PUBLIC),
    ("édition publiée", "editions:detail", {"edition"}, PUBLIC),
    ("édition en préparation", "editions:detail", {"draft_edition"}, CURATORS_ELSE_404),
    ("PDF de l'édition", "editions:pdf", {"edition"}, PUBLIC),
    ("PDF d'une édition en préparation", "editions:pdf", {"draft_edition"}, CURATORS_ELSE_404),
    ("PDF d'une fiche", "editions:initiative_pdf", {"slug"}, PUBLIC),
    ("nouvelle édition", "editions:create", {}, CURATORS),
    ("composer", "editions:compose", {"draft_edition"}, CURATORS),
    ("publier l'édition (GET)", "editions:publish", {"draft_edition"}, CURATORS_POST_ONLY),
    ("édition de référence", "editions:make_current", {"draft_edition"}, CURATORS),
    # The public site.
    ("accueil", "www:home", {}, PUBLIC),
    ("recherche", "www:initiatives", {}, PUBLIC),
    ("fiche publiée", "www:initiative", {"slug"}, PUBLIC),
    ("brouillon sur le site", "www:initiative", {"draft_slug"}, row(404, 404, 404, 404, 404)),
    ("régions", "www:regions", {}, PUBLIC),
    ("portail régional", "www:region", {"region"}, PUBLIC),
    ("intégrer une liste", "www:embed_builder", {}, PUBLIC),
    ("liste intégrée", "www:embed_list", {}, PUBLIC),
    ("repères", "www:reperes", {}, PUBLIC),
    ("glossaire", "www:glossary", {}, PUBLIC),
    ("à propos", "www:about", {}, PUBLIC),
    ("flux Atom", "www:feed", {}, PUBLIC),
    ("statistiques", "www:statistics", {}, PUBLIC),
    ("statistiques : CSV d'un graphique", "www:statistics_csv", {"chart"}, PUBLIC),
    ("statistiques : CSV des demandes de contact", "contacts:statistics_csv", {}, PUBLIC),
    ("image de partage d'une fiche", "www:share_image", {"slug"}, PUBLIC),
    ("image de partage d'un brouillon", "www:share_image", {"draft_slug"}, NOWHERE),
    ("image de partage du site", "www:site_image", {}, PUBLIC),
    ("lien court d'une fiche", "www:short_link", {"short"}, row(301, 301, 301, 301, 301)),
    ("lien court d'un brouillon", "www:short_link", {"draft_short"}, NOWHERE),
    ("robots.txt", "www:robots", {}, PUBLIC),
    ("plan du site", "www:sitemap", {}, PUBLIC),
    # Accounts.
    ("connexion", "contributions:login", {}, SIGNED_OUT),
    ("déconnexion (GET)", "contributions:logout", {}, row(405, 405, 405, 405, 405)),
    ("inscription", "contributions:signup", {}, SIGNED_OUT),
    ("lien d'activation invalide", "contributions:activate", {"token"}, row(*[400] * 5)),
    # « Renvoyer le lien »: a POST answered alike for everyone (no account enumeration).
    ("renvoyer le lien d'activation (GET)", "contributions:activation_resend", {}, row(*[405] * 5)),
    ("mot de passe oublié", "contributions:password_reset", {}, PUBLIC),
    ("mot de passe : envoyé", "contributions:password_reset_done", {}, PUBLIC),
    ("mot de passe : lien invalide", "contributions:password_reset_confirm", {"reset"}, PUBLIC),
    ("mot de passe : terminé", "contributions:password_reset_complete", {}, PUBLIC),
    # E-mail alerts: no account; the signed links are the authority (an invalid one: 400).
    ("me prévenir", "alerts:subscribe", {}, PUBLIC),
    ("alerte région", "alerts:region", {}, PUBLIC),
    ("alerte : confirmer (lien invalide)", "alerts:confirm", {"token"}, row(*[400] * 5)),
    ("alerte : gérer (lien invalide)", "alerts:manage", {"token"}, row(*[400] * 5)),
    ("alerte : désabonnement (lien invalide)", "alerts:unsubscribe", {"token"}, row(*[400] * 5)),
    (
        "alerte : désabonnement en un clic (GET)",
        "alerts:unsubscribe_one_click",
        {"token"},
        row(*[405] * 5),
    ),
    # The read API: public data only, the same answer for everyone.
    # The landing page (api:index) comes before ninja's own root (api:api-root, a 404): same URL.
    ("API : présentation", "api:index", {}, PUBLIC),
    ("API : racine", "api:api-root", {}, PUBLIC),
    ("API : OpenAPI", "api:openapi-json", {}, PUBLIC),
    ("API : documentation", "api:openapi-view", {}, PUBLIC),
    ("API : recherche", "api:initiatives_search", {}, PUBLIC),
    ("API : fiche publiée", "api:initiative_detail", {"slug"}, PUBLIC),
    ("API : brouillon", "api:initiative_detail", {"draft_slug"}, row(*[404] * 5)),
    ("API : mots-clés", "api:keywords", {}, PUBLIC),
    ("API : publics", "api:publics", {}, PUBLIC),
    ("API : financements", "api:fundings", {}, PUBLIC),
    ("API : régions", "api:regions", {}, PUBLIC),
    ("API : glossaire", "api:glossary", {}, PUBLIC),
    ("API : éditions", "api:editions", {}, PUBLIC),
    ("API : édition publiée", "api:edition_detail", {"edition"}, PUBLIC),
    ("API : édition en préparation", "api:edition_detail", {"draft_edition"}, row(*[404] * 5)),
    ("API : journal des changements", "api:changelog", {}, PUBLIC),
    ("API : export CSV", "api:export_csv", {}, PUBLIC),
    ("API : export tableur (CSV France)", "api:export_csv-fr", {}, PUBLIC),
    ("API : export JSON", "api:export_json", {}, PUBLIC),
    ("API : export XLSX", "api:export_xlsx", {}, PUBLIC),
    ("API : data·inclusion, services", "api:export_data-inclusion-services", {}, PUBLIC),
    ("API : data·inclusion, structures", "api:export_data-inclusion-structures", {}, PUBLIC),
    ("API : TableSchema", "api:schema", {}, PUBLIC),
    # Contact requests (cahier/contacts): the form of a published fiche is public.
    ("prendre contact", "contacts:form", {"slug"}, PUBLIC),
    ("prendre contact : brouillon", "contacts:form", {"draft_slug"}, row(*[404] * 5)),
    ("demandes : données personnelles", "contacts:privacy", {}, PUBLIC),
    ("mentions légales", "legal:notice", {}, PUBLIC),
    ("données personnelles", "legal:personal_data", {}, PUBLIC),
    ("cookies", "legal:cookies", {}, PUBLIC),
    ("déclaration d'accessibilité", "legal:accessibility", {}, PUBLIC),
    ("lien « j'ai répondu » invalide", "contacts:answered", {"token"}, row(*[400] * 5)),
    ("demandes de contact", "contacts_curation:requests", {}, CURATORS),
    ("référents régionaux", "contacts_curation:referents", {}, CURATORS),
    ("marquer répondue (GET)", "contacts_curation:request_answer", {"pk"}, CURATORS_POST_ONLY),
    # Readings of fiches (cahier/audience): curators only; holders see theirs in their pages.
    ("consultations des fiches", "audience_curation:most_viewed", {}, CURATORS),
    ("consultations : CSV", "audience_curation:most_viewed_csv", {"period"}, CURATORS),
    # Update reminders (cahier/reminders): the signed link is the authority; the queue is curators'.
    ("rappel de mise à jour (lien invalide)", "reminders:answer", {"token"}, row(*[400] * 5)),
    ("rappel : formulaire (lien invalide)", "reminders:update", {"token"}, row(*[400] * 5)),
    ("fiches à vérifier", "reminders:queue", {}, CURATORS),
]

# Routes left out of the matrix, with the reason.
NOT_IN_MATRIX = {
    # Django's own admin: staff only, checked by django.contrib.admin (the fiches and editions
    # there are read-only, tests/core/test_admin.py).
    "admin": "l'administration Django a son propre contrôle (is_staff)",
}


class _Targets:
    """What the new rows point at, made only when a row asks for it."""

    @cached_property
    def fiche(self):
        return InitiativeFactory(slug="fiche-publiee")

    @cached_property
    def draft(self):
        return InitiativeFactory(slug="fiche-brouillon", status=S.DRAFT)

    @cached_property
    def edition(self):
        return EditionFactory(slug="publiee", initiatives=[self.fiche], published=True)

    @cached_property
    def draft_edition(self):
        return EditionFactory(slug="en-preparation", initiatives=[self.fiche])

    @cached_property
    def other_edition(self):
        return EditionFactory(
            slug="autre-publiee", initiatives=[self.fiche], published=True, current=False
        )

    @cached_property
    def event(self):
        return Event.objects.create(kind="JITE", year=2030)

    @cached_property
    def organisation(self):
        return self.fiche.porteur

    @cached_property
    def update(self):
        from cahier.catalogue.services import InitiativeData
        from cahier.contributions import services
        from cahier.contributions.enums import UpdateSource

        return services.update_proposal_create(
            initiative=self.fiche,
            data=InitiativeData.from_initiative(self.fiche),
            base_version=self.fiche.version,
            source=UpdateSource.REMINDER,
            proposer_email="porteur@example.org",
        )

    @cached_property
    def institution(self):
        return InstitutionChange.objects.get(old_acronym="DIRECCTE")

    @cached_property
    def spreadsheet(self):
        from cahier.contributions import services
        from tests.contributions.factories import UserFactory
        from tests.contributions.spreadsheets import csv_bytes, good_row

        return services.spreadsheet_import_prepare(
            name="initiatives.csv",
            content=csv_bytes([good_row(1) | {"Mots-clés": ""}]),
            actor=UserFactory(username="importeur@example.org", curator=True),
        )


def _kwargs(wanted, proposal, call, targets=None):
    kwargs = {}
    if targets is not None:
        for key, value in {
            "slug": lambda: {"slug": targets.fiche.slug},
            "region": lambda: {"slug": targets.fiche.region.slug},
            "draft_slug": lambda: {"slug": targets.draft.slug},
            "short": lambda: {"code": short_code(targets.fiche.uid)},
            "draft_short": lambda: {"code": short_code(targets.draft.uid)},
            "edition": lambda: {"slug": targets.edition.slug},
            "draft_edition": lambda: {"slug": targets.draft_edition.slug},
            "other_edition": lambda: {"slug": targets.other_edition.slug},
            "event": lambda: {"pk": targets.event.pk},
            "organisation": lambda: {"pk": targets.organisation.pk},
            "institution": lambda: {"pk": targets.institution.pk},
            "spreadsheet": lambda: {"pk": targets.spreadsheet.pk},
            "update": lambda: {"pk": targets.update.pk},
            "token": lambda: {"token": "bm9uLXZhbGlkZQ"},
            "reset": lambda: {"uidb64": "MQ", "token": "invalide-000"},
            "file": lambda: {"name": "inconnu-inconnu-inconnu.pdf"},
            "chart": lambda: {"chart": "regions"},
            "period": lambda: {"period": "30-jours"},
        }.items():
            if key in wanted:
                kwargs.update(value())
    if "pk" in wanted:
        kwargs["pk"] = proposal.pk
    if "published" in wanted:
        proposal.__class__.objects.filter(pk=proposal.pk).update(
            status=S.PUBLISHED, published_at=proposal.created_at
        )
    for number in range(1, 7):
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


def _check(response, expected, url=None):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")
        if url is not None:
            # And back to the page once logged in.
            assert response.url == f"/connexion/?next={url}"
    else:
        assert response.status_code == expected


@pytest.fixture
def pdf_stub(settings, tmp_path, monkeypatch):
    """Who may download or publish a PDF is the question here, not how it is laid out."""
    from cahier.editions import pdf

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "_write_pdf", lambda html: b"%PDF-1.7 test")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "name", "wanted", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(
    client,
    request,
    pdf_stub,
    proposal,
    open_call,
    role,
    label,
    name,
    wanted,
    expected,
):
    url = reverse(name, kwargs=_kwargs(wanted, proposal, open_call, _Targets()))
    response = _client_for(client, request, role).get(url)
    _check(response, expected[role], url)


# POST actions: (name, url name, kwargs, data, expected by role, effect when allowed)
def _status(proposal):
    proposal.refresh_from_db()
    return proposal.status


def _update_state(state):
    from cahier.contributions.models import UpdateProposal

    return lambda p: UpdateProposal.objects.filter(state=state).exists()


ACTIONS = [
    (
        "proposer une mise à jour",
        "contributions:propose_update",
        {"pk", "published"},
        {"title": "Nouveau titre", "region": "__region__", "version": "__version__"},
        row(MOVED, 404, 404, 404),
        _update_state("pending"),
    ),
    (
        "accepter une mise à jour",
        "curation:update_accept",
        {"update"},
        {"version": "__fiche_version__"},
        row(403, 403, MOVED, MOVED),
        _update_state("accepted"),
    ),
    (
        "refuser une mise à jour",
        "curation:update_reject",
        {"update"},
        {"reason": "Rien n'a changé."},
        row(403, 403, MOVED, MOVED),
        _update_state("rejected"),
    ),
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
        "lier à une fiche d'origine",
        "curation:lineage",
        {"pk"},
        {"replication_of": "__target__", "version": "__version__"},
        row(403, 403, MOVED, MOVED),
        lambda p: p.__class__.objects.get(pk=p.pk).replication_of_id is not None,
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
    (
        "importer un tableur",
        "curation:spreadsheet_confirm",
        {"spreadsheet"},
        {},
        row(403, 403, MOVED, MOVED),
        lambda p: p.__class__.objects.filter(title__startswith="Atelier numérique").exists(),
    ),
    (
        "nouvelle édition",
        "editions:create",
        {},
        {"slug": "cahier-2031", "year": "2031", "title": "Le cahier des initiatives"},
        row(403, 403, MOVED, MOVED),
        lambda p: Edition.objects.filter(slug="cahier-2031").exists(),
    ),
    (
        "publier l'édition",
        "editions:publish",
        {"draft_edition"},
        {"action": "publish"},
        row(403, 403, MOVED, MOVED),
        lambda p: Edition.objects.get(slug="en-preparation").published_at is not None,
    ),
    (
        "référent régional",
        "contacts_curation:referents",
        {},
        {"bretagne-email": "essaimage@dreets.example"},
        row(403, 403, MOVED, MOVED),
        lambda p: (
            p.region.__class__.objects.get(slug="bretagne").referent_email
            == "essaimage@dreets.example"
        ),
    ),
    (
        "choisir l'édition de référence",
        "editions:make_current",
        {"other_edition"},
        {"confirm": "oui"},
        row(403, 403, MOVED, MOVED),
        lambda p: Edition.objects.get(slug="autre-publiee").is_current,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("label", "name", "wanted", "data", "expected", "effect"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_actions(
    client,
    request,
    pdf_stub,
    proposal,
    open_call,
    role,
    label,
    name,
    wanted,
    data,
    expected,
    effect,
):
    if name == "curation:number":
        EditionFactory()
    wants_target = name in {"curation:merge", "curation:lineage"}
    target = InitiativeFactory(title="Fiche existante") if wants_target else None
    if name in {
        "curation:transition",
        "curation:bulk_publish",
        "curation:comment",
        "curation:merge",
        "contributions:comment",  # a draft's comments are closed: curators do not see it
    }:
        from cahier.contributions import services

        services.initiative_transition(
            initiative=proposal, to=S.SUBMITTED, actor=request.getfixturevalue("contributor")
        )
    proposal.refresh_from_db()
    targets = _Targets()
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
    if values.get("version") == "__fiche_version__":
        values["version"] = str(targets.fiche.version)
    url = reverse(name, kwargs=_kwargs(wanted, proposal, open_call, targets))
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


def _named_routes(resolver=None, namespaces=()):
    """Every named route of the project as « namespace:name », included URLconfs walked."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _named_routes(pattern, inner)
        elif pattern.name:
            yield ":".join((*namespaces, pattern.name))


def test_every_named_url_has_a_row():
    """Adding a view means deciding who may see it: a row in PAGES or ACTIONS."""
    in_matrix = {page[1] for page in PAGES} | {action[1] for action in ACTIONS}
    routes = {name for name in _named_routes() if name.split(":", 1)[0] not in NOT_IN_MATRIX}
    assert len(routes) > 60
    missing = sorted(routes - in_matrix)
    assert not missing, f"Routes sans ligne dans la matrice des droits : {missing}"
    # And no row for a route that no longer exists.
    assert not in_matrix - routes
