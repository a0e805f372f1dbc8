"""The real 2019 cahier, imported end to end, on SQLite and PostgreSQL.

Imported once for the module (`cahier_2019`, tests/conftest.py); what a test writes, re-imports
included, is rolled back after it. The import into an empty catalogue: test_import_command.py."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cahier.catalogue.models import (
    Funding,
    GlossaryTerm,
    Initiative,
    Keyword,
    Organisation,
    PublicType,
)
from cahier.editions.models import Edition, EditionEntry
from cahier.opendata.records import catalogue_document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return json.dumps(catalogue_document(), sort_keys=True, default=str), [
        Initiative.objects.count(),
        EditionEntry.objects.count(),
        Keyword.objects.count(),
        Organisation.objects.count(),
        GlossaryTerm.objects.count(),
    ]


@pytest.fixture
def imported(cahier_2019):
    return cahier_2019


def test_counts_and_summary(imported):
    out, err = imported
    assert Initiative.objects.published().count() == 46
    # The document's 102 acronyms, beside the new names seeded by catalogue 0009 (DREETS…)
    # and the JITE of catalogue 0011; the 2019 edition prints its own glossary only.
    assert GlossaryTerm.objects.count() == 102 + 6 + 1
    printed = {term["acronym"] for term in Edition.objects.get(slug="2019").snapshot["glossary"]}
    assert len(printed) == 102 and "DIRECCTE" in printed and "DREETS" not in printed
    assert "JITE" not in printed
    assert (Keyword.objects.count(), PublicType.objects.count(), Funding.objects.count()) == (
        26,
        10,
        2,
    )
    assert "46 fiches (46 créées" in out
    edition = Edition.objects.get()
    assert edition.year == 2019
    # Published, frozen (every fiche as printed) and, on an empty site, the current edition.
    assert edition.is_published and edition.is_current and edition.snapshot["glossary"]
    assert edition.entries.filter(snapshot__isnull=True).count() == 0
    assert list(edition.entries.values_list("number", flat=True)) == list(range(1, 47))
    # The same porteur spelled three times is one organisation.
    assert Organisation.objects.get(name="Isa Groupe").initiatives.count() == 3


def test_inconsistencies_are_reported_as_warnings(imported):
    _, err = imported
    assert "l’édito annonce 41 fiches alors que la liste des fiches en compte 46" in err
    assert "afc.direction@direccte.gouv.fr" in err
    assert "« Un toit, un emploi » dans la liste, « Un toit un emploi » sur la fiche" in err
    assert "DDCSCPP" in err


def record(number):
    document = catalogue_document()
    return next(r for r in document["initiatives"] if r["number"] == number)


FICHES = {
    1: {
        "title": "Un toit, un emploi",
        "region": "Auvergne-Rhône-Alpes",
        "territory": "Aurillac",
        "porteur": "Association Aurore",
        "public": "DE très éloignés de l'emploi en précarité de logement",
        "links": ["https://www.franceinter.fr/emissions/peripheries/peripheries-20-mars-2016"],
        "referent_emails": ["ara.direction@direccte.gouv.fr"],
        "provenance": {"event": "JITE", "year": 2018, "status": "présenté", "category": None},
        "keywords": ["Coaching professionnel", "IAE", "Logement", "Mobilité"],
        "publics": ["DELD / DETLD / BRSA"],
        "fundings": [],
    },
    2: {
        "title": "Parcours évolutif de retour vers le logement par l'emploi (PERLE)",
        "territory": "Département du Rhône",
        "porteur": "Foyer Notre Dame des sans-abri",
        "provenance": {
            "event": "JITE",
            "year": 2018,
            "status": "recueilli non présenté",
            "category": None,
        },
        "fundings": ["FSE / IEJ"],
    },
    7: {
        "title": "Banc d'essai",
        "porteur": "Pupilles de l'Enseignement Public, Centre de Bourgogne-Franche-Comté (PEP CBFC) de Dijon",
        "provenance": {
            "event": "Trophées FSE",
            "year": 2019,
            "status": "non retenu",
            "category": None,
        },
        "keywords": ["Alternance", "Handicap"],
    },
    8: {
        "title": "Mobijob",
        "territory": "Territoire de Belfort",
        "referent_emails": ["afc.direction@direccte.gouv.fr"],
        "provenance": {
            "event": "Trophées FSE",
            "year": 2019,
            "status": "retenu",
            "category": "Mobilité",
        },
    },
    12: {
        "title": "Mobilité",
        "territory": "Pays de Fougères",
        "partners": ["Mission locale", "DDTM", "Ville de Fougères"],
        "results": "En 2017, 67 jeunes ont été accompagnés, 26 ont obtenu le permis de conduire et 13 ont obtenu le code.",
    },
    13: {
        "provenance": {
            "event": "Trophées FSE",
            "year": 2019,
            "status": "retenu",
            "category": "Innovation sociale",
        }
    },
    14: {
        "title": "A.I.D.E.",
        "links": [
            "https://france3-regions.francetvinfo.fr/bretagne/rennes-brest-restaurants-offrent-avenir-migrants-1626975.html",
            "https://www.francebleu.fr/infos/economie-social/les-restaurateurs-d-ille-et-vilaine-innovent-pour-recruter-1550482726",
        ],
    },
    22: {
        "title": "La construction de parcours dans le sport et l'animation en Guyane",
        "region": "Guyane",
        "territory": "",
        "referent_emails": ["973.direction@dieccte.gouv.fr"],
        "partners": [
            "Aprosep",
            "groupement d'employeur Sport et loisirs",
            "mairie de Saint-Laurent-du-Maroni",
            "Uniformation",
            "Pôle emploi et la mission locale",
        ],
    },
    29: {
        "partners": [
            "Mairie de Paris",
            "SEMAEST (Société d'économie mixte d'animation économique au service des territoires",
            "Pôle emploi",
            "Direccte",
            "entreprises",
            "SIAE",
            "réseau d'accompagnement social",
        ],
        "results": "Chiffres clés 2017 :\n- 17 000 clients actifs ;\n- 11 implantations physiques dans Paris et des demandes de plus de 200 villes de France ;\n- 320 lulus actifs ;\n- 130 lulus BRSA ou DELD qui bénéficient d'un accompagnement socio-professionnel renforcé ;\n- 15 personnes en grande difficulté sociale accompagnées (ex-SDF, migrants...) ;\n- 171 lulus ont gagné plus de 500 euros par mois.",
    },
    37: {
        "title": "TAPAJ",
        "region": "National",
        "territory": "Expérimentation Marseille",
        "referent_emails": ["Mip.dgefp@emploi.gouv.fr"],
        "links": ["http://tapaj.org/"],
    },
    40: {
        "title": "Chantier tremplin",
        "region": "Occitanie",
        "territory": "Bassin d'emploi de Carcassonne",
        "porteur": "Pôle emploi Carcassonne",
    },
    43: {
        "title": "HOPE",
        "region": "Provence-Alpes-Côte d'Azur",
        "porteur": "FAFTT, pilote du dispositif avec l'AFPA",
        "public": "Réfugiés",
        "results": "2 sessions de 12 stagiaires en 2017 :\n- 1ère session : 75 % de retour à l'emploi pérenne ;\n- 2ème session : 100 % de retour à l'emploi pérenne.",
    },
    44: {"title": "SKOLA", "region": "Provence-Alpes-Côte d'Azur", "territory": ""},
    46: {
        "title": "Job coach 53",
        "region": "Pays de la Loire",
        "territory": "Mayenne",
        "porteur": "GEIST Mayenne",
        "public": "Personnes en situation de handicap psychique ou mental",
        "publics": ["Personnes en situation de handicap"],
        "keywords": ["Coaching professionnel", "Handicap", "IAE"],
        "provenance": {
            "event": "JITE",
            "year": 2016,
            "status": "recueilli non présenté",
            "category": None,
        },
    },
}


@pytest.mark.parametrize("number", sorted(FICHES))
def test_fiche_fields(imported, number):
    got = record(number)
    for key, expected in FICHES[number].items():
        assert got[key] == expected, key


def test_description_added_value_and_plain_text(imported):
    first = record(1)
    assert first["description"].startswith("Lancé en 2015, « Un Toit Un emploi » propose")
    assert first["added_value"] == [
        "Une mobilisation des bénéficiaires, un accès direct au logement, un accompagnement "
        "dans la durée : la combinaison de ces trois leviers est une réponse nouvelle dans la "
        "lutte contre l'exclusion ;",
        "Pour les publics bénéficiaires, c'est une nouvelle approche qui leur est proposée, "
        "dans laquelle ils sont moteurs et directement acteurs du changement.",
    ]
    document = json.dumps(catalogue_document(), ensure_ascii=False)
    for markup in ("<p>", "<li>", "<i>", "<sup>", "**", "](mailto"):
        assert markup not in document
    # Italic markers are gone but the acronyms stay.
    assert "DRJSCS (niveaux régional et départemental 69)" in record(2)["partners"]


def test_reimport_is_idempotent(imported):
    before = snapshot()
    stamps = (
        Edition.objects.get().updated_at,
        GlossaryTerm.objects.get(acronym="NEET").updated_at,
    )
    out, _ = run_import(settings.CAHIER_DEFAULT_DOCUMENT)
    assert "0 créées, 0 mises à jour, 46 inchangées" in out
    assert snapshot() == before
    # Nothing rewritten: the edition's cached PDF and the search index stay valid.
    assert stamps == (
        Edition.objects.get().updated_at,
        GlossaryTerm.objects.get(acronym="NEET").updated_at,
    )


def test_the_list_and_the_fiche_give_one_title(imported, client):
    """« Un toit, un emploi » in the list, « Un toit un emploi » on the fiche's heading: the
    importer keeps one (the punctuated one) for the list and the page; different titles
    (« MIAOU emploi » / « MIAOU ») keep the list's variant apart."""
    fiche = Initiative.objects.get(title="Un toit, un emploi")
    entry = EditionEntry.objects.get(initiative=fiche)
    assert entry.list_title == ""
    assert EditionEntry.objects.get(number=41).list_title == "MIAOU emploi"
    assert (
        '<h1 id="titre-fiche">Un toit, un emploi</h1>'
        in client.get(fiche.get_absolute_url()).content.decode()
    )
    listing = client.get("/editions/2019/").content.decode()
    assert "Un toit, un emploi</a>" in listing and "Un toit un emploi" not in listing
    titles = set(Initiative.objects.values_list("title", flat=True))
    assert {"Construit-toit", "Profession maçonnes finisseuses", "A.I.D.E."} <= titles


def test_a_database_imported_with_the_heading_title_takes_the_one_title_once(imported, tmp_path):
    """An older import stored the heading's « Un toit un emploi »: the fiche is unchanged
    since that import (the guard compares with it), so the import renames it, once; the
    published edition's printed list is not a change of numbering (the import is not refused)."""
    fiche = Initiative.objects.get(title="Un toit, un emploi")
    Initiative.objects.filter(pk=fiche.pk).update(title="Un toit un emploi")
    record = fiche.import_record
    record.data = {**record.data, "title": "Un toit un emploi"}
    record.save()
    # …and its frozen 2019 edition printed the list's variant apart.
    EditionEntry.objects.filter(initiative=fiche).update(list_title="Un toit, un emploi")
    out, err = run_import(settings.CAHIER_DEFAULT_DOCUMENT)
    assert "1 mises à jour" in out, out + err
    assert Initiative.objects.get(pk=fiche.pk).title == "Un toit, un emploi"
    out, _ = run_import(settings.CAHIER_DEFAULT_DOCUMENT)
    assert "0 créées, 0 mises à jour, 46 inchangées" in out


def test_index_labels_take_their_accented_capitals(imported):
    assert Keyword.objects.filter(label="Égalité femmes-hommes").exists()
    assert not Keyword.objects.filter(label__startswith="Egalit").exists()


def test_reimport_updates_in_place(imported, tmp_path):
    slug = Initiative.objects.get(title="Mobijob").slug
    changed = settings.CAHIER_DEFAULT_DOCUMENT.read_text(encoding="utf-8").replace(
        "**Public cible :** DELD/DETLD", "**Public cible :** DELD et DETLD"
    )
    path = tmp_path / "cahier.txt"
    path.write_text(changed, encoding="utf-8")
    out, _ = run_import(path)
    assert "1 mises à jour" in out
    mobijob = Initiative.objects.get(slug=slug)
    assert mobijob.public == "DELD et DETLD"
    assert Initiative.objects.count() == 46


def test_a_broken_document_changes_nothing(imported, tmp_path):
    before = snapshot()
    text = settings.CAHIER_DEFAULT_DOCUMENT.read_text(encoding="utf-8")
    broken = text.replace("**Public cible :** Seniors", "**Budget :** Seniors", 1).replace(
        "**Public cible :** DELD/DETLD", "**Public cible :** changé"
    )
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run_import(path)
    line = next(n for n, text in enumerate(broken.split("\n"), 1) if text.startswith("**Budget"))
    assert f"ligne {line}" in str(caught.value)
    assert "rien n’a été modifié" in str(caught.value)
    assert snapshot() == before
