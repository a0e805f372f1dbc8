"""Every text a person types has a maximum length (cahier/core/limits.py), enforced by the
services and the forms before any costly work, with a French message naming field and limit."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from cahier.catalogue import services as catalogue
from cahier.catalogue.models import Initiative
from cahier.contributions import services
from cahier.contributions.forms import CommentForm, DescriptionForm, FullForm, PeopleForm
from cahier.contributions.models import Comment
from cahier.core import limits
from tests.contributions.factories import complete_data

pytestmark = pytest.mark.django_db

DESCRIPTION_MAX = limits.INITIATIVE["description"].chars


def test_message_names_field_limit_and_length_in_french():
    assert limits.problem("x" * 25_312, limits.INITIATIVE["description"]) == (
        "Le descriptif dépasse 20\u202f000 caractères (25\u202f312)."
    )
    assert limits.problem("x" * 10_001, limits.INITIATIVE["results"]).startswith(
        "Les résultats dépassent 10\u202f000 caractères"
    )
    # A line break typed in a browser arrives as CR LF and counts as one character.
    assert (
        limits.problem("a\r\n" * (DESCRIPTION_MAX // 2), limits.INITIATIVE["description"]) is None
    )


def test_service_refuses_a_too_long_description_and_writes_nothing(proposal, contributor):
    before = Initiative.objects.get(pk=proposal.pk)
    with pytest.raises(ValidationError) as caught:
        services.initiative_save(
            initiative=proposal,
            data=complete_data(description="x" * (DESCRIPTION_MAX + 1)),
            actor=contributor,
            expected_version=proposal.version,
        )
    assert caught.value.message_dict["description"] == [
        "Le descriptif dépasse 20\u202f000 caractères (20\u202f001)."
    ]
    after = Initiative.objects.get(pk=proposal.pk)
    assert (after.version, after.description) == (before.version, before.description)


def test_lengths_are_checked_before_the_text_is_sanitised(proposal, contributor):
    with (
        mock.patch("cahier.contributions.services.clean_text") as clean,
        pytest.raises(ValidationError),
    ):
        services.initiative_save(
            initiative=proposal,
            data=complete_data(public="y" * 1_000_000),
            actor=contributor,
            expected_version=proposal.version,
        )
    clean.assert_not_called()


def test_catalogue_validation_is_the_one_place_for_a_fiche(proposal):
    """The catalogue's own writes (import, JSON load) go through the same limits."""
    too_many = [f"Partenaire {n}" for n in range(limits.INITIATIVE["partners"].items + 1)]
    with pytest.raises(ValidationError) as caught:
        catalogue.initiative_update(
            initiative=proposal,
            data=complete_data(partners=too_many),
            expected_version=proposal.version,
        )
    assert "La liste des partenaires dépasse 100 éléments (101)." in caught.value.messages


def test_a_two_megabyte_comment_is_refused(proposal, contributor):
    with pytest.raises(ValidationError) as caught:
        services.comment_add(initiative=proposal, author=contributor, text="z" * 2_000_000)
    assert caught.value.message_dict["text"] == [
        "Le commentaire dépasse 5\u202f000 caractères (2\u202f000\u202f000)."
    ]
    assert not Comment.objects.exists()


def test_forms_take_their_max_length_from_the_limits():
    assert DescriptionForm.base_fields["description"].max_length == DESCRIPTION_MAX
    assert FullForm.base_fields["results"].max_length == limits.INITIATIVE["results"].chars
    assert CommentForm.base_fields["text"].max_length == limits.COMMENT.chars
    assert 'maxlength="5000"' in str(CommentForm()["text"])


def test_form_refuses_before_cleaning_with_the_french_message():
    form = DescriptionForm({"version": 1, "description": "<b>x</b>" * 4_000, "added_value": ""})
    with mock.patch("cahier.contributions.fields.clean_text") as clean:
        assert not form.is_valid()
    clean.assert_not_called()
    assert form.errors["description"] == [
        "Le descriptif dépasse 20\u202f000 caractères (32\u202f000)."
    ]


def test_list_fields_bound_the_items_and_each_item():
    links = "\n".join(f"https://example.org/{n}" for n in range(21))
    form = PeopleForm({"version": 1, "links": links, "partners": "p" * 501})
    assert not form.is_valid()
    assert form.errors["links"] == ["La liste des liens dépasse 20 éléments (21)."]
    assert form.errors["partners"] == [
        "La liste des partenaires : un élément dépasse 500 caractères (501)."
    ]


def test_step_page_says_which_field_is_too_long(client, proposal, contributor):
    client.force_login(contributor)
    response = client.post(
        f"/mes-initiatives/{proposal.pk}/etape/2/",
        {"version": proposal.version, "description": "x" * 25_312, "added_value": ""},
    )
    assert response.status_code == 200
    assert (
        "Le descriptif dépasse 20\u202f000 caractères (25\u202f312)." in response.content.decode()
    )
    proposal.refresh_from_db()
    assert len(proposal.description) < 1_000


@pytest.mark.parametrize("as_curator", [False, True])
def test_comments_are_rate_limited_per_account_and_the_text_is_kept(
    client, settings, submitted, contributor, curator, as_curator
):
    settings.CAHIER_RATELIMITS = {**settings.CAHIER_RATELIMITS, "comment": "2/h"}
    user, url = (
        (curator, f"/curation/initiatives/{submitted.pk}/commenter/")
        if as_curator
        else (contributor, f"/mes-initiatives/{submitted.pk}/commenter/")
    )
    client.force_login(user)
    for n in range(2):
        assert client.post(url, {"text": f"Commentaire {n}"}).status_code == 302
    response = client.post(url, {"text": "Le troisième <en trop>"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de commentaires" in html
    assert "Le troisième &lt;en trop&gt;" in html
    assert Comment.objects.filter(initiative=submitted).count() == 2


def test_a_too_long_comment_is_refused_with_its_reason(client, submitted, contributor):
    client.force_login(contributor)
    response = client.post(
        f"/mes-initiatives/{submitted.pk}/commenter/", {"text": "z" * 6_000}, follow=True
    )
    assert "Le commentaire dépasse 5\u202f000 caractères (6\u202f000)." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_edition_form_bounds_the_edito():
    from cahier.editions.forms import EditionForm

    form = EditionForm(
        {"slug": "cahier-2026", "year": 2026, "title": "Cahier", "edito": "e" * 20_001}
    )
    assert not form.is_valid()
    assert "edito" in form.errors
    assert 'maxlength="20000"' in str(form["edito"])
