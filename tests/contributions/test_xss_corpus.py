"""A corpus of XSS payloads in every text a person types, checked on every output.

One module-scoped fixture writes the payloads once through the services (a published fiche;
a proposal, a comment, a call, a refusal reason through the contributions services; a glossary
definition, a keyword and an edition's edito), then renders every output once: public pages,
contributor and curation pages, the PDF's HTML, the API, the exports, the JSON-LD and the
e-mails. The assertions are on the outputs (escaped, never executable), not on the stored form,
so they hold whatever the cleaning rule of stored text is. The published fiche then gets the
payloads as typed, written past the services (as rows older than the cleaning rule, or a
restored backup, may hold them): the outputs must not rely on the cleaning.

CSV formula cells are the exporters' own test (tests/opendata)."""

import csv
import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client

from cahier.catalogue.enums import PublicationStatus as S
from tests.opendata.sheets import xlsx_cells

# The module fixture writes outside the tests' transactions (and cleans up after itself); the
# tests only read what it rendered.
pytestmark = pytest.mark.django_db

# Each payload carries its marker « XSSnn »: an executable place holding a marker means a
# payload got through. The markers are outside any markup as well, so that a cleaner that
# drops tags still leaves a trace that the field is shown.
PAYLOADS = [
    '<script>alert("XSS01")</script>',
    '"><script>alert("XSS02")</script>',
    "' onmouseover='alert(\"XSS03\")' data-x='",
    '" onfocus="alert(`XSS04`)" autofocus x="',
    'javascript:alert("XSS05")',
    "&amp;lt;img src=x onerror=alert('XSS06')&amp;gt;",
    "&lt;img src=x onerror=alert('XSS07')&gt;",
    "<svg onload=alert('XSS08')>",
    "</script><script>alert('XSS09')</script>",
    "</textarea><img src=x onerror=alert('XSS10')>",
    "</title><img src=x onerror=alert('XSS11')>",
    "<a href=\"javascript:alert('XSS12')\">lien</a>",
    "<iframe src=javascript:alert('XSS13')></iframe>",
    "<!--<img src=x onerror=alert('XSS14')>-->",
    "<style>*{background:url(javascript:alert('XSS15'))}</style>",
]
# Template syntax must come out as typed, never evaluated.
TEMPLATE = "{{ request.user.password }} XSS16"
TEXT = "XSS00 " + " ".join([*PAYLOADS, TEMPLATE])
MARKER = re.compile(r"XSS\d\d")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


class _Inert(HTMLParser):
    """Parses a page as a browser would tokenise it and collects every place where a marker
    could run: a script, an event handler, a javascript: URL, an element built from a payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.jsonld: list[str] = []
        self._script: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if MARKER.search(name):
                self.problems.append(f"attribut fabriqué <{tag} {name}>")
            if name.startswith("on") and MARKER.search(value):
                self.problems.append(f"gestionnaire <{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.problems.append(f"adresse exécutable <{tag} {name}={value!r}>")
            if tag in {"script", "iframe", "svg", "img", "style", "object", "embed"} and (
                MARKER.search(value)
            ):
                self.problems.append(f"élément <{tag} {name}={value!r}>")
            if name not in URL_ATTRIBUTES and not name.startswith("on"):
                self.text.append(value)
        if tag in {"script", "style"}:
            self._script = dict(attrs).get("type") or tag
            self._buffer = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._script is not None:
            content = "".join(self._buffer)
            if self._script == "application/ld+json":
                self.jsonld.append(content)
            elif MARKER.search(content):
                self.problems.append(f"<{tag}> exécutable : {content[:80]!r}")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._buffer.append(data)
        else:
            self.text.append(data)

    def handle_comment(self, data):
        pass


def inert(html: str) -> _Inert:
    parser = _Inert()
    parser.feed(html)
    parser.close()
    return parser


def test_the_checker_catches_each_kind_of_breakout():
    """The assertions below can fail: each way a payload runs is caught."""
    for page in [
        '<p><script>alert("XSS01")</script></p>',
        '<input value=""><script>alert("XSS02")</script>">',
        "<p title='' onmouseover='alert(\"XSS03\")'>",
        '<a href="javascript:alert(1)">XSS05</a>',
        "<p><img src=x onerror=alert('XSS06')></p>",
        "<svg onload=alert('XSS08')>",
        "<textarea></textarea><img src=x onerror=alert('XSS10')></textarea>",
    ]:
        assert inert(page).problems, page
    escaped = "<p>&lt;script&gt;alert(&quot;XSS01&quot;)&lt;/script&gt;</p>"
    assert not inert(escaped).problems


def _halves() -> list[str]:
    middle = len(PAYLOADS) // 2
    return [
        "XSS00 " + " ".join(PAYLOADS[:middle]),
        "XSS00 " + " ".join([*PAYLOADS[middle:], TEMPLATE]),
    ]


def _fiche_values() -> dict:
    return {
        "title": "XSS00 Titre " + PAYLOADS[1],
        # One-line fields are short (limits on length): a few payloads each.
        "territory": "XSS00 " + PAYLOADS[3] + PAYLOADS[10],
        "description": TEXT,
        "added_value": [TEXT, *PAYLOADS],
        "porteur": "XSS00 " + PAYLOADS[2] + PAYLOADS[0],
        "public": TEXT,
        "partners": ["XSS00 " + PAYLOADS[5], *PAYLOADS],  # items are short (500 characters)
        "results": TEXT,
    }


def _build(client_for):
    """Write the payloads, then render every output: {name: (body, content type, headers)}."""
    from django.utils import timezone

    from cahier.alerts import tokens as alert_tokens
    from cahier.catalogue.models import GlossaryTerm, Initiative
    from cahier.contributions import calls, services
    from cahier.editions import pdf
    from cahier.editions.selectors import initiatives_with_number
    from tests.alerts.factories import subscribe as alert_subscribe
    from tests.catalogue import factories as f
    from tests.contributions.factories import UserFactory, complete_data
    from tests.editions.factories import EditionFactory

    curator = UserFactory(username="xss-curatrice@example.org", curator=True)
    contributor = UserFactory(username="xss-porteur@example.org", contributor=True)
    keyword = f.KeywordFactory(label="XSS00 " + PAYLOADS[0], slug="xss-mot-cle")
    f.GlossaryTermFactory(acronym="XSSA", definition=TEXT)
    fiche = f.InitiativeFactory(
        slug="xss-fiche",
        keywords=[keyword],
        links=["https://example.org/?q=%22%3E%3Cscript%3Ealert(XSS17)%3C/script%3E"],
        **_fiche_values(),
    )
    # The worst case for the outputs: the text as typed, whatever the cleaning keeps.
    raw = _fiche_values()
    raw["porteur_label"] = raw.pop("porteur")
    Initiative.objects.filter(pk=fiche.pk).update(**raw)
    fiche.refresh_from_db()
    edition = EditionFactory(
        slug="xss-edition",
        title="XSS00 Édition " + PAYLOADS[0],
        edito=TEXT,
        edito_signature="XSS00 " + PAYLOADS[8] + PAYLOADS[5],
        initiatives=[fiche],
        published=True,
    )
    now = timezone.now()
    call = calls.call_save(
        actor=curator,
        title="XSS00 Appel " + PAYLOADS[0],
        text=TEXT,
        opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=30),
    )
    values = _fiche_values()
    proposal = services.initiative_save(
        data=complete_data(**{k: v for k, v in values.items()}),
        actor=contributor,
        call=call,
    )
    services.initiative_transition(initiative=proposal, to=S.SUBMITTED, actor=contributor)
    comment = services.comment_add(initiative=proposal, author=curator, text=TEXT)
    services.initiative_transition(
        initiative=proposal, to=S.CHANGES_REQUESTED, actor=curator, reason=TEXT
    )
    revision = proposal.revisions.order_by("id").first()
    # A contact request (cahier/contacts): sent as typed, then stored raw (the worst case).
    from cahier.catalogue.models import Region
    from cahier.contacts import services as contacts
    from cahier.contacts.models import ContactRequest

    contact_typed = {
        "name": "XSS00 " + PAYLOADS[0],
        "organisation": "XSS00 " + PAYLOADS[2],
        "territory": "XSS00 " + PAYLOADS[3],
        "email": "xss-lectrice@example.org",
        "message": TEXT,
    }
    sent, _ = contacts.contact_request_send(
        initiative=fiche, requester=contacts.Requester(**contact_typed), key="xss"
    )
    ContactRequest.objects.filter(pk=sent.pk).update(**contact_typed)
    Region.objects.filter(slug="bretagne").update(referent_organisation="XSS00 " + PAYLOADS[4])
    from tests.contributions.spreadsheets import csv_bytes, good_row

    typed = {
        "Titre": "XSS00 Titre " + PAYLOADS[1],
        "Organisme porteur": "XSS00 " + PAYLOADS[2] + PAYLOADS[0],
        "Région": "XSS00 " + PAYLOADS[8],  # unknown: shown in the error message
    }
    upload = services.spreadsheet_import_prepare(
        name="XSS00 " + PAYLOADS[3] + ".csv",
        content=csv_bytes([good_row(1) | typed]),
        actor=curator,
    )
    anonymous, owner, office = client_for(None), client_for(contributor), client_for(curator)
    query = quote(TEXT)
    # An e-mail alert on a search holding the payloads (words and a keyword).
    alert_query = f"q={quote(_halves()[0])}&mot_cle=xss-mot-cle"
    alert = alert_subscribe("xss-alerte@example.org", alert_query)
    alert_manage = alert_tokens.make(alert.key, alert_tokens.MANAGE)
    pages = {
        "accueil": (anonymous, "/"),
        "fiche": (anonymous, f"/initiatives/{fiche.slug}/"),
        "résultats": (anonymous, "/initiatives/?q=XSS00"),
        # A query is at most 500 characters: the corpus in two searches.
        **{
            f"recherche réfléchie {n}": (anonymous, f"/initiatives/?q={quote(half)}")
            for n, half in enumerate(_halves(), start=1)
        },
        "paramètre refusé réfléchi": (anonymous, f"/initiatives/?q=XSS00&annee={query}"),
        "flux refusé réfléchi": (anonymous, f"/initiatives/flux.atom?q=XSS00&annee={query}"),
        "régions": (anonymous, "/regions/"),
        "portail régional": (anonymous, f"/regions/{fiche.region.slug}/"),
        "liste intégrée": (anonymous, f"/integrer/liste/?region={fiche.region.slug}&q=XSS00"),
        "intégrer une liste": (anonymous, f"/integrer/?region={fiche.region.slug}&q=XSS00"),
        "liste intégrée, paramètre refusé": (anonymous, f"/integrer/liste/?region={query}"),
        "repères": (anonymous, "/reperes/"),
        "glossaire": (anonymous, "/glossaire/"),
        "éditions": (anonymous, "/editions/"),
        "édition": (anonymous, f"/editions/{edition.slug}/"),
        "appel": (anonymous, "/proposer/"),
        "mes initiatives": (owner, "/mes-initiatives/"),
        "ma proposition": (owner, f"/mes-initiatives/{proposal.pk}/"),
        "aperçu": (owner, f"/mes-initiatives/{proposal.pk}/apercu/"),
        **{
            f"étape {step}": (owner, f"/mes-initiatives/{proposal.pk}/etape/{step}/")
            for step in range(1, 7)
        },
        "file d'examen": (office, "/curation/file/"),
        "curation : proposition": (office, f"/curation/initiatives/{proposal.pk}/"),
        "curation : fiche importée": (office, f"/curation/initiatives/{fiche.pk}/"),
        "curation : modifier": (office, f"/curation/initiatives/{fiche.pk}/modifier/"),
        "curation : historique": (office, f"/curation/initiatives/{fiche.pk}/historique/"),
        "curation : différences": (
            office,
            f"/curation/initiatives/{proposal.pk}/historique/{revision.pk}/",
        ),
        "curation : fusion": (office, f"/curation/initiatives/{proposal.pk}/fusionner/"),
        "curation : appels": (office, "/curation/appels/"),
        "curation : appel": (office, f"/curation/appels/{call.pk}/"),
        "curation : journal": (office, "/curation/journal/"),
        "curation : organismes": (office, "/curation/organismes/?q=XSS00"),
        "curation : organisme": (office, f"/curation/organismes/{fiche.porteur_id}/"),
        "curation : tableurs": (office, "/curation/tableur/"),
        "curation : aperçu d'un tableur": (office, f"/curation/tableur/{upload.pk}/"),
        "composer l'édition": (office, f"/editions/{edition.slug}/composer/"),
        "alerte : me prévenir": (anonymous, f"/alertes/?{alert_query}"),
        "alerte : gérer": (anonymous, f"/alertes/gerer/{alert_manage}/"),
        "prendre contact": (anonymous, f"/initiatives/{fiche.slug}/contacter/"),
        "curation : demandes de contact": (office, "/curation/demandes-de-contact/"),
        "curation : référents régionaux": (office, "/curation/referents-regionaux/"),
    }
    outputs = {}
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code in {200, 400}, (name, response.status_code)
        outputs[name] = ("html", response.content.decode(), response)
    # Regions are seeded rows, not removed after the module: put the referent back.
    Region.objects.filter(slug="bretagne").update(referent_organisation="")
    with pytest.MonkeyPatch.context() as patch:
        # The HTML WeasyPrint would lay out (tests/core/test_prose_media.py).
        patch.setattr(pdf, "_write_pdf", lambda html: html.encode())
        numbered = initiatives_with_number(Initiative.objects.filter(pk=fiche.pk))
        fiche_numbered = numbered.with_relations().get()
        outputs["PDF d'une fiche"] = ("html", pdf.initiative_pdf(fiche_numbered).decode(), None)
        outputs["PDF de l'édition"] = ("html", pdf.edition_pdf(edition).decode(), None)
    for name, url in {
        "API : fiche": f"/api/v1/initiatives/{fiche.slug}",
        "API : recherche": "/api/v1/initiatives?q=XSS00",
        "API : glossaire": "/api/v1/glossary",
        "API : mots-clés": "/api/v1/keywords",
        "API : édition": f"/api/v1/editions/{edition.slug}",
        "API : export JSON": "/api/v1/exports/initiatives.json",
        "API : recherche refusée": f"/api/v1/initiatives?year={query}",
    }.items():
        response = anonymous.get(url)
        # getvalue(): the export is streamed, the other answers are whole.
        outputs[name] = ("json", response.getvalue().decode(), response)
    response = anonymous.get("/initiatives/flux.atom?q=XSS00")
    outputs["flux Atom"] = ("atom", response.content, response)
    for kind in ("csv", "xlsx"):
        response = anonymous.get(f"/api/v1/exports/initiatives.{kind}")
        outputs[f"export {kind.upper()}"] = (kind, response.getvalue(), response)
    fiche.refresh_from_db()
    stored = {
        "definition": GlossaryTerm.objects.get(acronym="XSSA").definition,
        "comment": comment.text,
    }
    return outputs, fiche, stored


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The outputs, rendered once; every row written is removed after the module."""
    from django.core.cache import cache

    from cahier.catalogue.services import regions_seed
    from cahier.search import state
    from tests.conftest import _delete_rows_added_since, _rows_now

    def client_for(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    with django_db_blocker.unblock():
        regions_seed()
        before = _rows_now()
        cache.clear()
        state.clear_local()
        outbox = getattr(mail, "outbox", None)
        mail.outbox = []
        try:
            outputs, fiche, stored = _build(client_for)
            emails = list(mail.outbox)
            yield {"outputs": outputs, "fiche": fiche, "emails": emails, **stored}
        finally:
            mail.outbox = outbox if outbox is not None else []
            _delete_rows_added_since(before)


HTML = [
    "accueil",
    "fiche",
    "résultats",
    "recherche réfléchie 1",
    "recherche réfléchie 2",
    "paramètre refusé réfléchi",
    "flux refusé réfléchi",
    "régions",
    "repères",
    "glossaire",
    "éditions",
    "édition",
    "appel",
    "mes initiatives",
    "ma proposition",
    "aperçu",
    "étape 1",
    "étape 2",
    "étape 3",
    "étape 4",
    "file d'examen",
    "curation : proposition",
    "curation : fiche importée",
    "curation : modifier",
    "curation : historique",
    "curation : différences",
    "curation : fusion",
    "curation : appels",
    "curation : appel",
    "curation : journal",
    "curation : tableurs",
    "curation : aperçu d'un tableur",
    "composer l'édition",
    "alerte : me prévenir",
    "alerte : gérer",
    "prendre contact",
    "curation : demandes de contact",
    "curation : référents régionaux",
    "PDF d'une fiche",
    "PDF de l'édition",
]
# Pages that show no typed text of the corpus (they list regions or menus only).
WITHOUT_TYPED_TEXT = {"régions", "repères"}


@pytest.mark.parametrize("name", HTML)
def test_no_payload_runs_on_any_page(corpus, name):
    kind, html, _ = corpus["outputs"][name]
    page = inert(html)
    assert not page.problems, (name, page.problems[:5])
    shown = " ".join(page.text)
    if name not in WITHOUT_TYPED_TEXT:
        # The field is on the page (as text), so the check above looked at it.
        assert "XSS00" in shown, name


@pytest.mark.parametrize(
    "name", ["fiche", "aperçu", "curation : fiche importée", "PDF d'une fiche", "glossaire"]
)
def test_template_syntax_is_shown_as_typed(corpus, name):
    shown = " ".join(inert(corpus["outputs"][name][1]).text)
    assert "{{ request.user.password }}" in shown, name


def test_jsonld_cannot_break_out_of_its_script(corpus):
    page = inert(corpus["outputs"]["fiche"][1])
    assert len(page.jsonld) == 1
    # A « </script> » in a field would end the element early: the JSON would not parse.
    data = json.loads(page.jsonld[0])
    fiche = corpus["fiche"]
    assert data["name"] == fiche.title
    assert data["description"] == fiche.description
    assert "</" not in page.jsonld[0] and "<!--" not in page.jsonld[0]


API = [
    "API : fiche",
    "API : recherche",
    "API : glossaire",
    "API : mots-clés",
    "API : édition",
    "API : export JSON",
    "API : recherche refusée",
]


@pytest.mark.parametrize("name", API)
def test_api_answers_are_json_that_no_browser_renders(corpus, name):
    _, body, response = corpus["outputs"][name]
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    json.loads(body)
    assert "XSS0" in body


def test_the_api_serves_the_stored_text_as_is(corpus):
    """JSON strings, not rendered HTML: whatever is stored comes back character for character
    (the cleaning rule decides what is stored; tests/contributions/test_security.py)."""
    fiche = corpus["fiche"]
    record = json.loads(corpus["outputs"]["API : fiche"][1])
    for field in ("title", "territory", "description", "public", "results"):
        assert record[field] == getattr(fiche, field), field
    assert record["added_value"] == fiche.added_value
    assert record["partners"] == fiche.partners
    glossary = json.loads(corpus["outputs"]["API : glossaire"][1])["results"]
    definitions = [t["definition"] for t in glossary if t["acronym"] == "XSSA"]
    assert definitions == [corpus["definition"]]


def test_the_feed_is_xml_whose_texts_are_plain_text(corpus):
    """The Atom feed (tests/www/test_feeds.py) escapes the stored text once: it parses, and
    the entry's title and summary come back as text, never as markup a reader would render."""
    from xml.etree import ElementTree

    from cahier.core.prose import french_spacing, plain_text

    _, body, response = corpus["outputs"]["flux Atom"]
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    (entry,) = ElementTree.fromstring(body).findall(f"{atom}entry")  # noqa: S314 - our own feed
    fiche = corpus["fiche"]
    assert entry.findtext(f"{atom}title") == french_spacing(fiche.title)
    summary = entry.find(f"{atom}summary")
    assert summary.get("type") == "text"
    assert summary.text == plain_text(fiche.description, 400)
    assert list(entry.find(f"{atom}title")) == list(summary) == []  # no child element


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_spreadsheets_are_downloads_with_the_stored_text(corpus, kind):
    _, body, response = corpus["outputs"][f"export {kind.upper()}"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "html" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    fiche = corpus["fiche"]
    if kind == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        cells = xlsx_cells(body)
        # Text cells only: nothing a spreadsheet would evaluate.
        assert all(cell.data_type != "f" for row in cells for cell in row.values())
        rows = [{name: cell.value for name, cell in row.items()} for row in cells]
    (row,) = [row for row in rows if row["slug"] == fiche.slug]
    assert row["title"] == fiche.title
    assert row["description"] == fiche.description


def test_emails_are_plain_text_with_single_line_subjects(corpus):
    emails = corpus["emails"]
    # Submission (curators), comment, changes requested: each carries typed text.
    assert len(emails) >= 3
    # Plain text stays as stored: no HTML entities where nothing renders HTML.
    assert any(corpus["comment"] in message.body for message in emails)
    for message in emails:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", None)
        assert "\n" not in message.subject and "\r" not in message.subject


@pytest.mark.postgres
@pytest.mark.parametrize(
    "url",
    [
        "/initiatives/?annee=%C2%B2",
        "/api/v1/initiatives?year=%C2%B2",
        "/api/v1/exports/initiatives.csv?year=%C2%B2",
    ],
)
def test_a_superscript_year_is_a_400_on_both_backends(client, url):
    """Finding 7 of issue 14: `int('²')` was a 500 on SQLite and PostgreSQL."""
    from tests.catalogue import factories as f

    f.InitiativeFactory(slug="garage", title="Garage solidaire")
    response = client.get(url)
    assert response.status_code == 400
    said = response.json()["detail"] if url.startswith("/api/") else response.content.decode()
    assert "« ² »" in said
