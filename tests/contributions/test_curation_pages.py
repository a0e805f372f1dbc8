"""Issue 15, the curator's points: the home of what needs doing, the side menu, the queue's
counts, the review page's decision, the changes since the last submission, the merge (kept
fiche neutral, one choice per row, « Combiner », no version when nothing is taken), a fiche
written from scratch, and « National » in the call form."""

import re

import pytest
from django.urls import reverse

from cahier.catalogue.models import Initiative
from cahier.contributions import services
from cahier.contributions.models import Revision
from cahier.core.text import count_fr
from tests.contributions.factories import complete_data

pytestmark = pytest.mark.django_db


def _submit(data, contributor, call):
    draft = services.initiative_save(data=data, actor=contributor, call=call)
    return services.initiative_transition(initiative=draft, to="submitted", actor=contributor)


def test_count_fr_agrees_the_noun():
    assert count_fr(0, "fiche", none="Aucune") == "Aucune fiche"
    assert count_fr(1, "fiche", none="Aucune") == "1 fiche"
    assert count_fr(3, "fiche", none="Aucune") == "3 fiches"
    assert count_fr(2, "lien cassé", "liens cassés") == "2 liens cassés"


def test_queue_counts_in_french_and_no_bulk_publish_when_empty(client, curator, submitted):
    client.force_login(curator)
    html = client.get(reverse("curation:queue")).content.decode()
    assert "<caption>1 fiche</caption>" in html and "fiche(s)" not in html
    assert "Publier la sélection" in html
    empty = client.get(reverse("curation:queue") + "?etat=rejected").content.decode()
    assert "<caption>Aucune fiche</caption>" in empty
    assert "Publier la sélection" not in empty
    history = client.get(reverse("curation:history", kwargs={"pk": submitted.pk})).content.decode()
    assert "<caption>1 révision, de la plus récente" in history and "révision(s)" not in history
    updates = client.get(reverse("curation:updates")).content.decode()
    assert "<caption>Aucune proposition en attente</caption>" in updates


def test_side_menu_marks_the_current_page_and_links_to_editions(client, curator):
    client.force_login(curator)
    html = client.get(reverse("curation:queue") + "?etat=published").content.decode()
    current = re.findall(r'<a class="fr-sidemenu__link" href="([^"]+)" aria-current="page"', html)
    assert current == [reverse("curation:queue") + "?etat=published"]
    assert f'href="{reverse("editions:list")}">Éditions</a>' in html
    html = client.get(reverse("curation:journal")).content.decode()
    assert re.findall(r'href="([^"]+)" aria-current="page"', html) == [reverse("curation:journal")]


def test_home_lists_what_needs_doing_or_says_nothing_is(client, curator, contributor, open_call):
    client.force_login(curator)
    html = client.get(reverse("curation:home")).content.decode()
    assert "Rien à traiter pour l’instant" in html
    _submit(complete_data(), contributor, open_call)
    _submit(complete_data(title="Deuxième"), contributor, open_call)
    html = client.get(reverse("curation:home")).content.decode()
    assert "Rien à traiter" not in html
    assert f'href="{reverse("curation:queue")}">À examiner</a>' in html
    assert "2 fiches soumises" in html


def test_review_page_one_primary_button_and_a_reason_marked_required(client, curator, submitted):
    client.force_login(curator)
    html = client.get(reverse("curation:detail", kwargs={"pk": submitted.pk})).content.decode()
    decision = html[
        html.index('id="decision-titre"') : html.index("</form>", html.index('id="decision-titre"'))
    ]
    primaries = re.findall(r'class="fr-btn"[^>]*>([^<]+)<', decision)
    assert primaries == ["Publier"]
    assert 'class="fr-btn fr-btn--tertiary">Refuser' in decision
    assert "Motif (obligatoire pour demander des modifications, refuser ou archiver)" in decision
    assert "(Optionnel)" not in decision
    assert "initiative.submitted" not in html


def test_missing_reason_puts_the_field_in_error(client, curator, submitted):
    client.force_login(curator)
    url = reverse("curation:transition", kwargs={"pk": submitted.pk})
    response = client.post(url, {"to": "changes_requested", "reason": ""})
    html = response.content.decode()
    assert "fr-input-group--error" in html and 'aria-invalid="true"' in html
    assert html.count("Indiquez le motif") >= 2  # the summary above and the field itself
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = client.post(url, {"to": "changes_requested", "reason": "Ajoutez des chiffres."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "changes_requested"


def test_changes_since_the_last_submission(client, curator, contributor, submitted):
    services.initiative_transition(
        initiative=submitted, to="changes_requested", actor=curator, reason="Des chiffres."
    )
    submitted.refresh_from_db()
    services.initiative_save(
        initiative=submitted,
        data=complete_data(results="120 personnes aidées en 2026."),
        actor=contributor,
        expected_version=submitted.version,
    )
    services.initiative_transition(initiative=submitted, to="submitted", actor=contributor)
    client.force_login(curator)
    html = client.get(reverse("curation:detail", kwargs={"pk": submitted.pk})).content.decode()
    assert "Modifications depuis la dernière soumission" in html
    section = html[html.index("Modifications depuis la dernière soumission") :]
    assert '<ins class="diff-ins">120</ins>' in section or "120" in section
    assert "Titre" not in section[: section.index("</section>")]  # only what changed


def test_merge_page_kept_fiche_neutral_one_checkbox_per_row(
    client, curator, contributor, open_call
):
    kept = _submit(complete_data(title="Garage solidaire"), contributor, open_call)
    duplicate = _submit(complete_data(title="Garage solidaire bis"), contributor, open_call)
    client.force_login(curator)
    url = reverse("curation:merge", kwargs={"pk": duplicate.pk}) + f"?cible={kept.pk}"
    html = client.get(url).content.decode()
    kept_cells = re.findall(r'<td class="merge-kept">(.*?)</td>', html, re.S)
    assert kept_cells and not any("<del" in cell for cell in kept_cells)
    # Only the title differs: one row, its checkbox in it.
    assert html.count('name="fields_from_duplicate"') == 1
    assert 'id="prendre-title"' in html and "Prendre la valeur du doublon" in html


def test_merge_with_nothing_chosen_makes_no_version(client, curator, contributor, open_call):
    kept = _submit(complete_data(title="Garage solidaire"), contributor, open_call)
    duplicate = _submit(complete_data(title="Garage bis"), contributor, open_call)
    revisions = Revision.objects.filter(initiative=kept).count()
    client.force_login(curator)
    response = client.post(
        reverse("curation:merge", kwargs={"pk": duplicate.pk}),
        {"target": kept.pk, "version": kept.version, "note": ""},
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert Revision.objects.filter(initiative=kept).count() == revisions
    assert kept.version == 1 and kept.title == "Garage solidaire"
    assert duplicate.status == "rejected"


def test_merge_combines_lists_without_repeats(curator, contributor, open_call):
    kept = _submit(
        complete_data(links=["https://a.example.org"], referent_emails=["a@example.org"]),
        contributor,
        open_call,
    )
    duplicate = _submit(
        complete_data(
            title="Doublon",
            links=["https://b.example.org", "https://a.example.org"],
            referent_emails=["A@example.org", "b@example.org"],
        ),
        contributor,
        open_call,
    )
    merged = services.initiative_merge(
        duplicate=duplicate,
        target=kept,
        fields_from_duplicate=[],
        fields_combined=["links", "referent_emails"],
        actor=curator,
        note="",
        expected_version=kept.version,
    )
    assert merged.links == ["https://a.example.org", "https://b.example.org"]
    assert merged.referent_emails == ["a@example.org", "b@example.org"]
    assert merged.version == kept.version + 1


def test_curator_creates_a_fiche_from_scratch(client, curator):
    client.force_login(curator)
    page = client.get(reverse("curation:create"))
    assert page.status_code == 200 and 'name="title"' in page.content.decode()
    from tests.catalogue.factories import region

    response = client.post(
        reverse("curation:create"),
        {
            "title": "Fiche écrite en curation",
            "region": region("bretagne").pk,
            "territory": "Brest",
        },
    )
    initiative = Initiative.objects.get(title="Fiche écrite en curation")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contributions:step", kwargs={"pk": initiative.pk, "step": 2}
    )
    assert initiative.status == "draft" and initiative.submission.contributor == curator
    assert initiative.submission.call is None


def test_call_form_does_not_offer_national_as_a_region(client, curator):
    client.force_login(curator)
    html = client.get(reverse("curation:call_create")).content.decode()
    labels = [" ".join(t.split()) for t in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)]
    assert "Bretagne" in labels and "National" not in labels
    assert "Aucune case cochée : appel national" in html
