"""A rich instance to back up: the 2019 cahier, accounts, a proposal through review, a call,
editions (one made current, one in preparation), admin history, a session and a cached PDF."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.models import GlossaryTerm, Initiative, Keyword
from cahier.catalogue.services import InitiativeData
from cahier.contributions import calls, services
from cahier.editions import services as editions
from cahier.links.checker import Outcome
from cahier.links.collect import FicheLink
from cahier.links.services import link_checks_store
from cahier.search.engine import SearchQuery, search
from cahier.search.indexing import reindex_all
from cahier.search.models import Synonym
from tests.catalogue.factories import region
from tests.contributions.factories import UserFactory, complete_data

QUERIES = ["garage solidaire", "insertion des jeunes", "mobilité", "CSAPA", "ACI", "Rennes"]


def build_rich_instance(client) -> None:
    call_command(
        "import",
        str(settings.CAHIER_DEFAULT_DOCUMENT),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    curator = UserFactory(username="curatrice@example.org", curator=True)
    contributor = UserFactory(username="porteur@example.org", first_name="Léa")
    UserFactory(username="ancien@example.org", is_active=False)
    contributor.user_permissions.add(Permission.objects.get(codename="invite_contributor"))
    now = timezone.now()
    call = calls.call_save(
        actor=curator,
        title="Appel 2027",
        text="Proposez vos initiatives.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        regions=[region("bretagne"), region("occitanie")],
    )
    proposal = services.initiative_save(data=complete_data(), actor=contributor, call=call)
    step = services.initiative_transition
    step(initiative=proposal, to=S.SUBMITTED, actor=contributor, notify=False)
    step(initiative=proposal, to=S.IN_REVIEW, actor=curator, notify=False)
    services.comment_add(initiative=proposal, author=curator, text="Précisez les résultats.")
    step(
        initiative=proposal,
        to=S.CHANGES_REQUESTED,
        actor=curator,
        reason="Précisez les résultats.",
        notify=False,
    )
    proposal.refresh_from_db()
    services.initiative_save(
        initiative=proposal,
        data=complete_data(results="80 personnes aidées, dont 50 en emploi à six mois."),
        actor=contributor,
        expected_version=proposal.version,
        comment="Résultats précisés",
    )
    proposal.refresh_from_db()
    step(initiative=proposal, to=S.SUBMITTED, actor=contributor, notify=False)
    step(initiative=proposal, to=S.PUBLISHED, actor=curator, notify=False)
    # A draft nobody published: only a backup carries it.
    services.initiative_save(
        data=complete_data(title="Atelier vélo (brouillon)", region=region("occitanie")),
        actor=contributor,
    )
    # An imported fiche edited by a curator: its history holds the import and the edit.
    imported = Initiative.objects.get(slug=Initiative.objects.order_by("pk").first().slug)
    data = InitiativeData.from_initiative(imported)
    data.results = imported.results + "\n\nMise à jour 2026 : 12 nouveaux parcours."
    services.initiative_save(
        initiative=imported, data=data, actor=curator, expected_version=imported.version
    )
    # An edition made current, and one in preparation.
    published = list(Initiative.objects.published().order_by("pk")[:5])
    made_current = editions.edition_create(slug="cahier-2026", year=2026, title="Cahier 2026")
    editions.edition_compose(edition=made_current, initiatives=published)
    editions.edition_publish(edition=made_current, actor=curator)
    editions.edition_make_current(edition=made_current, actor=curator, reason="Nouvelle édition")
    preparing = editions.edition_create(slug="cahier-2027", year=2027, title="Cahier 2027")
    editions.edition_compose(edition=preparing, initiatives=[*published[:2], proposal])
    Synonym.objects.create(terms="garage\natelier mécanique", note="ajouté par la curation")
    GlossaryTerm.objects.create(acronym="ZZTEST", definition="Sigle ajouté après l'import")
    LogEntry.objects.create(
        user=curator,
        content_type=ContentType.objects.get_for_model(Keyword),
        object_id=str(Keyword.objects.first().pk),
        object_repr="mot-clé",
        action_flag=ADDITION,
        change_message="[]",
    )
    # The last check of a link (cahier links check), stored by its service.
    link_checks_store(
        initiative=published[0],
        results={
            FicheLink("links", "https://example.org/disparu"): Outcome(
                "broken", 404, "https://example.org/disparu", "Le serveur répond 404."
            )
        },
        now=timezone.now(),
    )
    client.force_login(contributor)  # a session, which a backup must not carry
    pdf = Path(settings.MEDIA_ROOT) / "editions" / "cahier-2026-0123456789abcdef.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.7\n% cached edition\n")
    # The search vocabulary only grows between rebuilds; a restore gives the rebuilt one.
    reindex_all()


def tables() -> dict[str, list]:
    """Every row of every table Django manages (link tables without their own id), sorted."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if not (model._meta.auto_created and f.primary_key)
        ]
        rows = model._base_manager.values_list(*names)
        snapshot[model._meta.label_lower] = sorted(rows, key=repr)
    return snapshot


def hits() -> dict[str, list]:
    return {
        q: [(h.slug, h.number, h.snippet, h.score) for h in search(SearchQuery(q=q)).hits]
        for q in QUERIES
    }


def media(root) -> dict[str, bytes]:
    root = Path(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def wipe_to(before: dict[str, set]) -> None:
    """Back to the rows *before* held (a freshly migrated database), without signals."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            kept = before.get(model._meta.label_lower, set())
            model._base_manager.exclude(pk__in=kept)._raw_delete(connection.alias)
    # Sequences back to where a fresh database has them (PostgreSQL; SQLite follows max(id)).
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    reindex_all()


def primary_keys() -> dict[str, set]:
    return {
        model._meta.label_lower: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
