"""The project holder's pages and the form conventions shared by every form of the site
(cahier/core/forms.py): one name for the identifier, « (facultatif) » on optional fields only,
an error summary on top with a link per field and « Erreur : » in the title, the curator's
reason where the holder reads, no comments on a draft, linked missing items, honest step
states, no pre-ticked suggestion, a plain draft badge, the breadcrumb, « Renvoyer le lien »."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.models import Initiative
from cahier.contributions import services
from cahier.contributions.templatetags.contributions_tags import state_badge
from tests.catalogue.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

P = "\u00a0"
PASSWORD = "Un-Mot-De-Passe-Solide-42"


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _label(html: str, field_id: str) -> str:
    found = re.search(rf'<label for="{field_id}"[^>]*>(.*?)(<span|</label>)', html, re.S)
    return " ".join(found.group(1).split())


def _summary(html: str) -> str:
    found = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    return found.group(0) if found else ""


# One identifier label -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/connexion/", "/inscription/", "/mot-de-passe/"])
def test_the_identifier_is_called_adresse_electronique_everywhere(client, url):
    html = client.get(url).content.decode()
    label = _label(html, "id_username" if url == "/connexion/" else "id_email")
    assert label == "Adresse électronique"
    assert "Username" not in html and "Courriel" not in label


# Required and optional marks --------------------------------------------------------------------


def test_optional_fields_say_facultatif_and_required_ones_say_nothing(client):
    html = client.get("/inscription/").content.decode()
    assert _label(html, "id_first_name") == "Prénom (facultatif)"
    assert _label(html, "id_email") == "Adresse électronique"
    assert "(Optionnel)" not in html and "fr-required-marker" not in html
    assert "Sauf mention contraire, tous les champs sont obligatoires." in html


def test_proposal_fields_needed_to_send_are_not_marked_optional(client, contributor, proposal):
    client.force_login(contributor)
    step1 = client.get(f"/mes-initiatives/{proposal.pk}/etape/1/").content.decode()
    step2 = client.get(f"/mes-initiatives/{proposal.pk}/etape/2/").content.decode()
    step3 = client.get(f"/mes-initiatives/{proposal.pk}/etape/3/").content.decode()
    assert _label(step1, "id_territory") == "Territoire"
    assert _label(step2, "id_description") == "Descriptif du projet"
    assert _label(step2, "id_added_value") == "Valeur ajoutée de la démarche (facultatif)"
    assert _label(step3, "id_porteur") == "Organisme porteur"
    assert _label(step3, "id_public") == "Public cible"
    assert _label(step3, "id_referent_emails") == "Adresses électroniques des référents"
    assert _label(step3, "id_partners") == "Partenaires mobilisés (facultatif)"
    assert "nécessaires à l’envoi de la proposition" in step2
    assert "(Optionnel)" not in step1 + step2 + step3
    step6 = client.get(f"/mes-initiatives/{proposal.pk}/etape/6/").content.decode()
    assert "Toutes les informations de cette étape sont facultatives" in step6
    assert "Sauf mention contraire, tous les champs" not in step6  # nothing needed to send


def test_the_contact_and_alert_forms_follow_the_same_rule(client):
    fiche = InitiativeFactory(status=S.PUBLISHED)
    contact = client.get(reverse("contacts:form", kwargs={"slug": fiche.slug})).content.decode()
    alert = client.get("/alertes/?q=mobilite").content.decode()
    for html in (contact, alert):
        assert "(Optionnel)" not in html and "fr-required-marker" not in html


# Error summary and title ------------------------------------------------------------------------


def test_a_form_with_errors_has_a_summary_on_top_and_erreur_in_the_title(client):
    html = client.post("/inscription/", {"email": "pas-une-adresse"}).content.decode()
    assert _title(html).startswith(f"Erreur{P}: Créer un compte")
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert f"Le formulaire contient 3{P}erreurs" in summary
    assert 'href="#id_email"' in summary and 'href="#id_password1"' in summary
    assert "core/form-errors.js" in html  # focuses the summary on load
    assert html.index("data-error-summary") < html.index('name="email"')


def test_a_page_without_errors_has_a_plain_title(client):
    html = client.get("/inscription/").content.decode()
    assert _title(html).startswith("Créer un compte")
    assert not _summary(html)


def test_the_log_in_error_is_summarised(client, contributor):
    html = client.post("/connexion/", {"username": "x@example.org", "password": "non"})
    html = html.content.decode()
    assert _title(html).startswith(f"Erreur{P}: ")
    assert "Adresse électronique ou mot de passe incorrect." in _summary(html)


def test_a_proposal_step_with_errors_links_each_field(client, contributor, open_call):
    client.force_login(contributor)
    html = client.post("/proposer/nouvelle/", {"title": ""}).content.decode()
    assert _title(html).startswith(f"Erreur{P}: ")
    summary = _summary(html)
    assert f"Le formulaire contient 2{P}erreurs" in summary
    assert 'href="#id_title"' in summary and 'href="#id_region"' in summary


def test_a_repeatable_group_error_links_to_its_first_input(client, contributor, proposal):
    client.force_login(contributor)
    data = {
        "version": proposal.version,
        "outcomes-rows": "1",
        "outcomes-0-label": "",
        "outcomes-0-value": "12",
    }
    html = client.post(f"/mes-initiatives/{proposal.pk}/etape/5/", data).content.decode()
    (anchor,) = re.findall(r'href="#([^"]+)"', _summary(html))
    assert anchor.startswith("id_outcomes-0-")  # the first input of the group's first row
    assert f'id="{anchor}"' in html


def test_the_contact_form_and_the_alert_form_have_the_summary(client):
    fiche = InitiativeFactory(status=S.PUBLISHED)
    url = reverse("contacts:form", kwargs={"slug": fiche.slug})
    html = client.post(url, {"name": "", "email": "x"}).content.decode()
    assert _title(html).startswith(f"Erreur{P}: ")
    assert 'href="#id_email"' in _summary(html)
    html = client.post("/alertes/?q=mobilite", {"email": "x"}).content.decode()
    assert _title(html).startswith(f"Erreur{P}: ")
    assert 'href="#id_email"' in _summary(html)


# Comments and the reason of « modifications demandées » -----------------------------------------


def test_the_reason_of_changes_requested_is_in_the_comments(
    client, submitted, contributor, curator
):
    services.initiative_transition(
        initiative=submitted,
        to=S.CHANGES_REQUESTED,
        actor=curator,
        reason="Chiffrez les résultats.",
    )
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{submitted.pk}/").content.decode()
    comments = html[html.index('id="commentaires"') :]
    assert "Chiffrez les résultats." in comments
    assert "Aucun commentaire" not in html
    alert = html[html.index('id="modifications-demandees"') :][:1500]
    assert "Chiffrez les résultats." in alert and 'href="#commentaires"' in alert


def test_a_draft_has_no_comment_box_and_refuses_comments(client, proposal, contributor):
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{proposal.pk}/").content.decode()
    assert 'name="text"' not in html
    assert "les curateurs ne voient pas les brouillons" in html
    client.post(f"/mes-initiatives/{proposal.pk}/commenter/", {"text": "Allô ?"})
    assert not proposal.comments.exists()


def test_a_submitted_proposal_says_who_reads_the_comments(client, submitted, contributor):
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{submitted.pk}/").content.decode()
    assert 'name="text"' in html and "lus par l’équipe du cahier" in html


# Preview, stepper, suggestions ------------------------------------------------------------------


def _draft(contributor, open_call, **data):
    region = Initiative._meta.get_field("region").related_model.objects.get(slug="bretagne")
    return services.initiative_save(
        data=services.InitiativeData(title="Garage", region=region, territory="Rennes", **data),
        actor=contributor,
        call=open_call,
    )


def test_each_missing_item_of_the_preview_links_to_its_field(client, contributor, open_call):
    draft = _draft(contributor, open_call)
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{draft.pk}/apercu/").content.decode()
    step2 = f"/mes-initiatives/{draft.pk}/etape/2/"
    step3 = f"/mes-initiatives/{draft.pk}/etape/3/"
    assert f'<a href="{step2}#id_description">Décrivez le projet (étape 2).</a>' in html
    assert f'<a href="{step3}#id_porteur">' in html
    assert f'<a href="{step3}#id_referent_emails">' in html


def test_a_step_is_complete_only_when_what_sending_needs_is_filled(client, contributor, open_call):
    draft = _draft(contributor, open_call)
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{draft.pk}/etape/4/").content.decode()
    states = re.findall(r'data-step-state="([^"]+)"', html)
    assert states == [
        "complétée",
        "à compléter",
        "à compléter",
        "facultative",
        "facultative",
        "facultative",
    ]
    assert "(à compléter)" in html
    assert "fr-stepper__steps" not in html  # no bar showing steps 2–3 as done


def test_suggested_publics_are_never_ticked(client, contributor, open_call):
    from cahier.catalogue.models import PublicType

    advisers = PublicType.objects.create(label="Conseillers", slug="conseillers")
    draft = _draft(contributor, open_call, description="Les conseillers accompagnent chacun.")
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{draft.pk}/etape/4/").content.decode()
    assert "Conseillers" in html  # suggested, with its reason
    ticked = re.findall(r'<input[^>]*name="publics"[^>]*checked[^>]*>', html)
    assert not [tag for tag in ticked if f'value="{advisers.pk}"' in tag]
    assert "rien n’est coché à votre place" in html


# Badge, breadcrumb, « Mes initiatives » on phones ------------------------------------------------


def test_the_draft_badge_is_not_the_new_badge():
    html = str(state_badge(S.DRAFT))
    assert "Brouillon" in html and "fr-badge--new" not in html


def test_the_tracking_page_breadcrumb_goes_through_mes_initiatives(client, proposal, contributor):
    client.force_login(contributor)
    html = client.get(f"/mes-initiatives/{proposal.pk}/").content.decode()
    crumbs = html[html.index("fr-breadcrumb__list") : html.index("</ol>")]
    assert re.findall(r">([^<>]+)</a>", crumbs) == ["Accueil", "Mes initiatives", proposal.title]
    assert 'href="/mes-initiatives/"' in crumbs


def test_mes_initiatives_cells_say_their_column_for_phones(client, proposal, contributor):
    client.force_login(contributor)
    html = client.get("/mes-initiatives/").content.decode()
    assert 'class="fr-table mine-table"' in html
    assert '<td data-label="État">' in html


# « Renvoyer le lien » ---------------------------------------------------------------------------


def _signup(client, capture, email="porteuse@example.org"):
    with capture(execute=True):
        return client.post(
            "/inscription/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )


def _link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body).group(1)


def test_the_check_your_mail_page_resends_the_link_and_the_old_one_dies(
    client, django_capture_on_commit_callbacks
):
    html = _signup(client, django_capture_on_commit_callbacks).content.decode()
    assert "Renvoyer le lien" in html and 'action="/inscription/renvoyer/"' in html
    first = _link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post("/inscription/renvoyer/", {"email": "porteuse@example.org"})
    assert "un nouveau lien vient de lui être envoyé" in html.content.decode()
    assert len(mail.outbox) == 2
    second = _link(mail.outbox[1])
    assert Client().get(first).status_code == 400
    assert Client().get(second).status_code == 302


def test_resending_reveals_no_account(client, contributor, django_capture_on_commit_callbacks):
    answers = []
    for email in ["inconnue@example.org", contributor.email]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/inscription/renvoyer/", {"email": email})
        assert response.status_code == 200
        assert "un nouveau lien vient de lui être envoyé" in response.content.decode()
        answers.append(response.content.decode().replace(email, "…"))
    assert mail.outbox == []
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", answers[0]) == strip.sub("", answers[1])


def test_resending_is_rate_limited(client, settings, django_capture_on_commit_callbacks):
    settings.CAHIER_RATELIMITS = {**settings.CAHIER_RATELIMITS, "activation_resend": "2/h"}
    _signup(client, django_capture_on_commit_callbacks)
    codes = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            codes.append(
                client.post("/inscription/renvoyer/", {"email": "porteuse@example.org"}).status_code
            )
    assert codes == [200, 200, 429]
    assert len(mail.outbox) == 3  # the sign-up's and two resent


@pytest.mark.parametrize(
    ("url_name", "field_id"),
    [
        ("curation:invite", "id_email"),
        ("curation:event_create", "id_year"),
        ("editions:create", "id_slug"),
    ],
)
def test_curation_and_edition_forms_have_the_summary_too(client, curator, url_name, field_id):
    client.force_login(curator)
    html = client.post(reverse(url_name), {field_id.removeprefix("id_"): ""}).content.decode()
    assert _title(html).startswith(f"Erreur{P}: ")
    assert f'href="#{field_id}"' in _summary(html)
