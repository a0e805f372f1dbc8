"""Issue 14, findings 5 and 6, through the contributor's form: what is typed is stored whole
(« < » included), never decoded into markup, and shown escaped."""

import pytest

pytestmark = pytest.mark.django_db

CONTACT = "Contact : Marie Dupont <marie.dupont@asso.fr>, tél. 01 23 45 67 89"
DOUBLE_ENCODED = "&amp;lt;img src=x onerror=alert(1)&amp;gt;"


def test_text_after_a_less_than_sign_is_kept(client, proposal, contributor):
    client.force_login(contributor)
    response = client.post(
        f"/mes-initiatives/{proposal.pk}/etape/2/",
        {"description": f"{CONTACT}\n\nsi n<nmax, puis étendre", "version": proposal.version},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.description == f"{CONTACT}\n\nsi n<nmax, puis étendre"
    html = client.get(f"/mes-initiatives/{proposal.pk}/apercu/").content.decode()
    assert "&lt;marie.dupont@asso.fr&gt;" in html
    assert "n&lt;nmax" in html


def test_a_double_encoding_is_stored_as_typed_never_as_markup(client, proposal, contributor):
    client.force_login(contributor)
    client.post(
        f"/mes-initiatives/{proposal.pk}/etape/4/",
        {"results": DOUBLE_ENCODED, "version": proposal.version},
    )
    proposal.refresh_from_db()
    assert proposal.results == DOUBLE_ENCODED
    assert "<img" not in proposal.results
    # What the API and the exports serve is the stored text: no tag there either.
    from cahier.opendata.records import initiative_record

    assert initiative_record(proposal)["results"] == DOUBLE_ENCODED


def test_a_mailto_link_is_accepted_a_javascript_one_refused(client, proposal, contributor):
    client.force_login(contributor)
    url = f"/mes-initiatives/{proposal.pk}/etape/3/"
    response = client.post(
        url, {"links": "mailto:contact@asso.fr\nhttps://asso.fr", "version": proposal.version}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.links == ["mailto:contact@asso.fr", "https://asso.fr"]
    response = client.post(
        url, {"links": "https://asso.fr\ndata:text/html,x", "version": proposal.version}
    )
    assert response.status_code == 200
    assert "« data:text/html,x » n’est pas une adresse web" in response.content.decode()
