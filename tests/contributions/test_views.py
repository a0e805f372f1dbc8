"""The contributor and curator pages as people use them: the call page, the steps, the
preview, conflicts (HTTP 409), diffs, merging, calls and events."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.models import Initiative
from cahier.contributions import services
from cahier.contributions.models import AuditLogEntry, Call, Revision
from tests.catalogue import factories
from tests.catalogue.factories import EventFactory, InitiativeFactory, KeywordFactory

pytestmark = pytest.mark.django_db


def test_call_page_says_when_no_call_is_open_with_the_next_one(client, curator):
    now = timezone.now()
    services.call_save(
        actor=curator,
        title="Appel 2027",
        text="",
        opens_at=now + timedelta(days=10),
        closes_at=now + timedelta(days=40),
    )
    response = client.get("/proposer/")
    html = response.content.decode()
    assert "Aucun appel à remontée d’initiatives n’est ouvert actuellement" in html
    assert "« Appel 2027 », ouvrira le" in html
    assert client.get("/proposer/nouvelle/").status_code == 302


def test_call_page_shows_the_last_closed_call(client, open_call, curator):
    services.call_close(call=open_call, actor=curator)
    html = client.get("/proposer/").content.decode()
    assert "Le dernier appel, « Appel 2026 », a été clos le" in html


def test_contributor_goes_through_the_steps_and_submits(client, contributor, open_call):
    mobility = KeywordFactory(label="Mobilité", slug="mobilite")
    KeywordFactory(label="Logement", slug="logement")
    client.force_login(contributor)
    response = client.post(
        "/proposer/nouvelle/",
        {"title": "Garage solidaire", "region": "", "territory": "Rennes"},
    )
    assert "Choisissez la région de l’initiative." in response.content.decode()
    region = factories.region("bretagne")
    response = client.post(
        "/proposer/nouvelle/",
        {"title": "Garage solidaire", "region": region.pk, "territory": "Rennes"},
    )
    initiative = Initiative.objects.get(title="Garage solidaire")
    assert response.url == f"/mes-initiatives/{initiative.pk}/etape/2/"
    assert initiative.status == S.DRAFT
    assert initiative.submission.call == open_call

    def post(step, data):
        initiative.refresh_from_db()
        return client.post(
            f"/mes-initiatives/{initiative.pk}/etape/{step}/",
            {**data, "version": initiative.version},
        )

    post(
        2,
        {
            "description": "Réparer les voitures pour la mobilité vers l'emploi.",
            "added_value": "- Lever un frein\n- Prix solidaires",
        },
    )
    response = post(
        3,
        {
            "porteur": "Roue Libre",
            "public": "Demandeurs d'emploi",
            "links": "pas une adresse",
            "referent_emails": "a@example.org",
        },
    )
    assert "« pas une adresse » n’est pas une adresse web" in response.content.decode()
    post(
        3,
        {
            "porteur": "Roue Libre",
            "public": "Demandeurs d'emploi",
            "links": "https://example.org",
            "referent_emails": "A@Example.org",
        },
    )
    step4 = client.get(f"/mes-initiatives/{initiative.pk}/etape/4/").content.decode()
    assert "« Mobilité » figure dans le texte" in step4
    ticked = {
        int(value)
        for tag in re.findall(r"<input[^>]*>", step4)
        if 'name="keywords"' in tag and " checked" in tag
        for value in re.findall(r'value="(\d+)"', tag)
    }
    assert ticked == set()  # suggested, never ticked for the contributor
    post(4, {"results": "30 personnes", "keywords": [mobility.pk]})
    preview = client.get(f"/mes-initiatives/{initiative.pk}/apercu/").content.decode()
    assert "Garage solidaire" in preview and "Prix solidaires" in preview
    assert "Il manque des informations" not in preview
    response = client.post(f"/mes-initiatives/{initiative.pk}/soumettre/")
    initiative.refresh_from_db()
    assert initiative.status == S.SUBMITTED
    assert initiative.referent_emails == ["a@example.org"]
    assert initiative.added_value == ["Lever un frein", "Prix solidaires"]
    assert [k.label for k in initiative.keywords.all()] == ["Mobilité"]
    # Once submitted, the steps are closed to the contributor.
    response = client.get(f"/mes-initiatives/{initiative.pk}/etape/1/")
    assert response.status_code == 302
    assert (
        Revision.objects.filter(initiative=initiative).count() == 4
    )  # created, steps 2, 3 and 4 (the invalid post saved nothing)


def test_preview_lists_what_is_missing_and_similar_fiches(client, contributor, open_call):
    InitiativeFactory(title="Garage solidaire de Rennes")
    draft = services.initiative_save(
        data=services.InitiativeData(
            title="Garage solidaire à Rennes",
            region=Initiative._meta.get_field("region").related_model.objects.get(slug="bretagne"),
        ),
        actor=contributor,
        call=open_call,
    )
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{draft.pk}/apercu/").content.decode()
    assert "Une initiative semblable existe peut-être déjà" in html
    assert "Garage solidaire de Rennes" in html
    assert "Décrivez le projet (étape 2)." in html
    response = client.post(f"/mes-initiatives/{draft.pk}/soumettre/", follow=True)
    assert "Décrivez le projet (étape 2)." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def _edit_form_data(initiative, **changes):
    data = {
        "title": initiative.title,
        "region": initiative.region_id,
        "territory": initiative.territory,
        "description": initiative.description,
        "added_value": "\n".join(initiative.added_value),
        "porteur": initiative.porteur_label,
        "public": initiative.public,
        "partners": "\n".join(initiative.partners),
        "links": "\n".join(initiative.links),
        "referent_emails": "\n".join(initiative.referent_emails),
        "results": initiative.results,
        "version": initiative.version,
    }
    data.update(changes)
    return data


@pytest.mark.postgres
def test_two_editors_the_second_gets_a_409_and_the_first_edit_is_kept(
    client, submitted, curator, admin_user
):
    from django.test import Client

    first, second = client, Client()
    first.force_login(curator)
    second.force_login(admin_user)
    url = reverse("curation:edit", kwargs={"pk": submitted.pk})
    # Both open the form on the same version.
    assert first.get(url).status_code == second.get(url).status_code == 200
    loaded = _edit_form_data(submitted)

    response = first.post(url, {**loaded, "title": "Titre de la curatrice"})
    assert response.status_code == 302
    response = second.post(url, {**loaded, "results": "Résultats de l'administrateur"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Quelqu’un a modifié cette fiche pendant que vous l’éditiez" in html
    assert "Titre de la curatrice" in html  # what was saved meanwhile
    assert "Résultats de l&#x27;administrateur" in html  # what they tried to save
    submitted.refresh_from_db()
    assert submitted.title == "Titre de la curatrice"
    assert submitted.results == "80 personnes aidées."
    # The form to re-apply holds the fiche saved meanwhile plus this person's own change,
    # at the new version: sending it as is keeps both edits.
    new_version = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert int(new_version) == submitted.version
    assert re.search(r'name="title" value="Titre de la curatrice"', html)
    assert re.search(r'name="results"[^>]*>\s*Résultats de l&#x27;administrateur', html)
    response = second.post(
        url,
        {
            **loaded,
            "title": "Titre de la curatrice",
            "results": "Résultats de l'administrateur",
            "version": new_version,
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.title, submitted.results) == (
        "Titre de la curatrice",
        "Résultats de l'administrateur",
    )


@pytest.mark.parametrize("version", ["", None])
def test_an_edit_without_version_is_refused_and_the_other_curator_s_change_kept(
    client, submitted, curator, admin_user, version
):
    # Before: an empty (or absent) version skipped the lock, the second save overwrote the
    # first curator's title with the one loaded before it.
    from django.test import Client

    first, second = client, Client()
    first.force_login(curator)
    second.force_login(admin_user)
    url = reverse("curation:edit", kwargs={"pk": submitted.pk})
    loaded = _edit_form_data(submitted)
    assert first.post(url, {**loaded, "title": "Titre de la curatrice"}).status_code == 302
    posted = {**loaded, "results": "Résultats de l'administrateur", "version": version}
    if version is None:
        del posted["version"]
    response = second.post(url, posted)
    assert response.status_code == 400
    html = response.content.decode()
    assert "La version de la fiche manque" in html
    assert "Résultats de l&#x27;administrateur" in html  # what they typed is still there
    submitted.refresh_from_db()
    assert submitted.title == "Titre de la curatrice"
    assert submitted.results == "80 personnes aidées."


def test_a_contributor_step_without_version_is_a_400(client, proposal, contributor):
    client.force_login(contributor)
    url = f"/mes-initiatives/{proposal.pk}/etape/2/"
    response = client.post(url, {"description": "Sans version"})
    assert response.status_code == 400
    assert "La version de la fiche manque" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.description != "Sans version"


def test_a_restore_without_version_is_a_400(client, submitted, curator):
    from cahier.contributions.models import Revision

    services.initiative_save(
        initiative=submitted,
        data=services.InitiativeData.from_initiative(submitted),
        actor=curator,
        expected_version=submitted.version,
        comment="Relu",
    )
    revision = Revision.objects.filter(initiative=submitted).order_by("id").first()
    client.force_login(curator)
    url = reverse(
        "curation:revision_restore", kwargs={"pk": submitted.pk, "revision_pk": revision.pk}
    )
    before = Revision.objects.filter(initiative=submitted).count()
    response = client.post(url, {"version": ""})
    assert response.status_code == 400
    assert "La version de la fiche manque" in response.content.decode()
    assert Revision.objects.filter(initiative=submitted).count() == before


def test_services_refuse_an_update_without_version(submitted, curator):
    from django.core.exceptions import ValidationError

    from cahier.catalogue import services as catalogue

    data = services.InitiativeData.from_initiative(submitted)
    for call in (
        lambda: services.initiative_save(initiative=submitted, data=data, actor=curator),
        lambda: catalogue.initiative_update(initiative=submitted, data=data, expected_version=None),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert "La version de la fiche manque" in error.value.messages[0]


@pytest.mark.postgres
def test_contributor_step_conflict_is_a_409_too(client, proposal, contributor):
    client.force_login(contributor)
    url = f"/mes-initiatives/{proposal.pk}/etape/2/"
    stale = proposal.version
    client.post(url, {"description": "Première version", "version": stale})
    response = client.post(url, {"description": "Seconde version", "version": stale})
    assert response.status_code == 409
    html = response.content.decode()
    assert "modifié des deux côtés" in html
    assert "Première" in html and "Seconde" in html
    proposal.refresh_from_db()
    assert proposal.description == "Première version"


def test_history_diff_and_restore(client, submitted, curator):
    client.force_login(curator)
    url = reverse("curation:edit", kwargs={"pk": submitted.pk})
    client.post(
        url, _edit_form_data(submitted, results="120 personnes aidées.", comment="Chiffres 2026")
    )
    latest = Revision.objects.filter(initiative=submitted).order_by("-id").first()
    html = client.get(
        reverse("curation:revision_diff", kwargs={"pk": submitted.pk, "revision_pk": latest.pk})
    ).content.decode()
    assert '<del class="diff-del">80</del>' in html
    assert '<ins class="diff-ins">120</ins>' in html
    first = Revision.objects.filter(initiative=submitted).order_by("id").first()
    submitted.refresh_from_db()
    history = client.get(reverse("curation:history", kwargs={"pk": submitted.pk})).content.decode()
    assert "Chiffres 2026" in history
    client.post(
        reverse("curation:revision_restore", kwargs={"pk": submitted.pk, "revision_pk": first.pk}),
        {"version": submitted.version},
    )
    submitted.refresh_from_db()
    assert submitted.results == "80 personnes aidées."
    assert Revision.objects.filter(initiative=submitted).count() == 3


def test_editing_a_published_fiche_keeps_it_published_with_a_new_revision(
    client, submitted, curator
):
    services.initiative_transition(initiative=submitted, to=S.PUBLISHED, actor=curator)
    client.force_login(curator)
    client.post(
        reverse("curation:edit", kwargs={"pk": submitted.pk}),
        _edit_form_data(submitted, territory="Rennes et Vitré"),
    )
    submitted.refresh_from_db()
    assert submitted.status == S.PUBLISHED
    assert submitted.territory == "Rennes et Vitré"
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_queue_filters_and_bulk_publish(client, curator, contributor, open_call):
    from tests.catalogue.factories import region
    from tests.contributions.factories import complete_data

    ids = []
    for title, slug in [("Un", "bretagne"), ("Deux", "occitanie"), ("Trois", "bretagne")]:
        draft = services.initiative_save(
            data=complete_data(title=title, region=region(slug)), actor=contributor, call=open_call
        )
        services.initiative_transition(initiative=draft, to=S.SUBMITTED, actor=contributor)
        ids.append(draft.pk)
    client.force_login(curator)
    html = client.get("/curation/file/?region=bretagne").content.decode()
    assert ">Un<" in html and ">Trois<" in html and ">Deux<" not in html
    client.post("/curation/publier/", {"ids": ids[:2]})
    assert sorted(Initiative.objects.published().values_list("title", flat=True)) == ["Deux", "Un"]
    assert AuditLogEntry.objects.filter(action="initiative.published").count() == 2
    html = client.get("/curation/file/?etat=published").content.decode()
    assert ">Un<" in html and ">Trois<" not in html


def test_merge_from_the_back_office(client, submitted, curator):
    existing = InitiativeFactory(title="Garage solidaire (Rennes)", results="Anciens résultats.")
    client.force_login(curator)
    url = reverse("curation:merge", kwargs={"pk": submitted.pk})
    html = client.get(url).content.decode()
    assert "Garage solidaire (Rennes)" in html  # proposed as a likely original
    html = client.get(f"{url}?cible={existing.pk}").content.decode()
    assert "Fiche conservée" in html and "Prendre la valeur du doublon" in html
    response = client.post(
        url,
        {
            "target": existing.pk,
            "version": existing.version,
            "fields_from_duplicate": ["results"],
            "note": "Doublon.",
        },
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    submitted.refresh_from_db()
    assert existing.results == "80 personnes aidées."
    assert submitted.status == S.REJECTED


def test_curator_runs_a_call_from_the_office(client, curator):
    client.force_login(curator)
    now = timezone.now()
    response = client.post(
        "/curation/appels/nouveau/",
        {
            "title": "Appel Bretagne",
            "text": "Texte",
            "opens_at": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "La clôture doit suivre l’ouverture." in response.content.decode()
    client.post(
        "/curation/appels/nouveau/",
        {
            "title": "Appel Bretagne",
            "text": "Texte",
            "opens_at": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=35)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    call = Call.objects.get(title="Appel Bretagne")
    assert not call.is_open()
    client.post(f"/curation/appels/{call.pk}/ouvrir/")
    call.refresh_from_db()
    assert call.is_open()
    assert "Appel Bretagne" in client.get("/proposer/").content.decode()
    client.post(f"/curation/appels/{call.pk}/clore/")
    call.refresh_from_db()
    assert not call.is_open()
    assert [e.action for e in AuditLogEntry.objects.filter(call=call).order_by("id")] == [
        "call.created",
        "call.opened",
        "call.closed",
    ]


@pytest.mark.parametrize(
    ("kind", "status", "category", "error"),
    [
        ("JITE", "présenté", "", None),
        ("JITE", "recueilli non présenté", "", None),
        ("JITE", "retenu", "", "« présenté » ou « recueilli non présenté »"),
        ("JITE", "présenté", "Mobilité", "n’a pas de catégorie"),
        ("Trophées FSE", "retenu", "Mobilité", None),
        ("Trophées FSE", "retenu", "", "Indiquez la catégorie"),
        ("Trophées FSE", "retenu", "Inconnue", "Cette catégorie n’existe pas"),
        ("Trophées FSE", "non retenu", "", None),
        ("Trophées FSE", "non retenu", "Mobilité", "Seule une initiative « retenu »"),
        ("Trophées FSE", "présenté", "", "« retenu » ou « non retenu »"),
    ],
)
def test_provenance_combinations(client, submitted, curator, kind, status, category, error):
    event = EventFactory(
        kind=kind, year=2019, categories=["Mobilité", "Jeunes"] if kind != "JITE" else []
    )
    client.force_login(curator)
    response = client.post(
        reverse("curation:edit", kwargs={"pk": submitted.pk}),
        _edit_form_data(
            submitted, event=event.pk, provenance_status=status, provenance_category=category
        ),
    )
    submitted.refresh_from_db()
    if error is None:
        assert response.status_code == 302
        assert (submitted.event, submitted.provenance_status, submitted.provenance_category) == (
            event,
            status,
            category,
        )
    else:
        assert response.status_code == 200
        assert error.replace("'", "&#x27;") in response.content.decode()
        assert submitted.event != event or submitted.provenance_status != status


def test_curator_records_an_event(client, curator):
    client.force_login(curator)
    client.post(
        "/curation/evenements/nouveau/",
        {
            "kind": "Trophées FSE",
            "year": 2026,
            "title": "Trophées 2026",
            "location": "Paris",
            "categories": "Mobilité\nJeunes",
        },
    )
    from cahier.catalogue.models import Event

    event = Event.objects.get(kind="Trophées FSE", year=2026)
    assert event.categories == ["Mobilité", "Jeunes"]
    response = client.post("/curation/evenements/nouveau/", {"kind": "Trophées FSE", "year": 2026})
    assert "Cet événement existe déjà pour cette année." in response.content.decode()


def test_numbering_from_the_detail_page(client, submitted, curator):
    from tests.editions.factories import EditionFactory

    EditionFactory()
    client.force_login(curator)
    client.post(reverse("curation:number", kwargs={"pk": submitted.pk}), {"number": 47})
    assert submitted.edition_entries.get().number == 47
    html = client.get(reverse("curation:detail", kwargs={"pk": submitted.pk})).content.decode()
    assert 'value="47"' in html


def test_contributor_sees_state_and_curator_comments(client, submitted, contributor, curator):
    services.comment_add(
        initiative=submitted, author=curator, text="Pouvez-vous chiffrer les résultats ?"
    )
    services.initiative_transition(
        initiative=submitted, to=S.CHANGES_REQUESTED, actor=curator, reason="Résultats à chiffrer."
    )
    client.force_login(contributor)
    html = client.get("/mes-initiatives/").content.decode()
    assert "Modifications demandées" in html
    html = client.get(f"/mes-initiatives/{submitted.pk}/").content.decode()
    assert "Pouvez-vous chiffrer les résultats\u202f?" in html
    assert "Résultats à chiffrer." in html
    assert "Des modifications vous sont demandées" in html


def test_first_edit_of_an_imported_fiche_keeps_its_previous_state(client, curator):
    imported = InitiativeFactory(title="Fiche importée", results="Résultats de 2019.")
    client.force_login(curator)
    client.post(
        reverse("curation:edit", kwargs={"pk": imported.pk}),
        _edit_form_data(imported, results="Résultats de 2026."),
    )
    baseline, edit = Revision.objects.filter(initiative=imported).order_by("id")
    assert baseline.comment == "État avant la première modification ici"
    assert baseline.data["results"] == "Résultats de 2019."
    html = client.get(
        reverse("curation:revision_diff", kwargs={"pk": imported.pk, "revision_pk": edit.pk})
    ).content.decode()
    assert '<del class="diff-del">2019.</del>' in html
    client.post(
        reverse(
            "curation:revision_restore", kwargs={"pk": imported.pk, "revision_pk": baseline.pk}
        ),
        {"version": Initiative.objects.get(pk=imported.pk).version},
    )
    imported.refresh_from_db()
    assert imported.results == "Résultats de 2019."
