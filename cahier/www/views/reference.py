from django.shortcuts import render

from cahier.catalogue.models import GlossaryTerm, InstitutionChange
from cahier.core.prose import edito_text, glossary_anchors, to_html
from cahier.editions.selectors import edition_current
from cahier.search.parameters import PARAMETERS

from .. import queries

# The indexes of Repères: (anchor, title, search filter).
INDEXES = (
    ("mots-cles", "Par mot-clé", "keyword"),
    ("publics", "Par type de public visé", "public"),
    ("financements", "Par financement spécifique", "funding"),
)


def reperes(request):
    entries = queries.index_entries(tuple(facet for _, _, facet in INDEXES))
    indexes = [
        {
            "id": anchor,
            "title": title,
            "filter": facet,
            "terms": entries[facet],
            # Row anchors (#mot_cle-mobilite) keep the site's parameter names.
            "param": PARAMETERS[facet].site,
        }
        for anchor, title, facet in INDEXES
    ]
    cut = any(term.more for index in indexes for term in index["terms"])
    return render(
        request,
        "www/reference/reperes.html",
        {"indexes": indexes, "indexes_cut": cut, "index_fiches": queries.INDEX_FICHES},
    )


def glossary(request):
    glossary_terms = list(GlossaryTerm.objects.order_by("acronym"))
    # The anchors the fiches' acronyms link to (core.prose.glossary_anchors, one rule).
    anchors = glossary_anchors(term.acronym for term in glossary_terms)
    # Old acronyms are marked « ancien nom » and linked to the new ones, and back.
    changes = list(InstitutionChange.objects.all())
    renamed = {change.old_acronym: change for change in changes if change.old_acronym}
    former = {change.new_acronym: change for change in changes if change.new_acronym}
    terms = [
        {
            "acronym": term.acronym,
            "definition": term.definition,
            "anchor": anchors[term.acronym],
            "renamed": renamed.get(term.acronym),
            "new_anchor": anchors.get(getattr(renamed.get(term.acronym), "new_acronym", "")),
            "former": former.get(term.acronym),
            "old_anchor": anchors.get(getattr(former.get(term.acronym), "old_acronym", "")),
        }
        for term in glossary_terms
    ]
    letters = sorted({t["acronym"][:1].upper() for t in terms if t["acronym"]})
    return render(
        request,
        "www/reference/glossary.html",
        {"terms": terms, "letters": letters, "changes": changes},
    )


def about(request):
    edition = edition_current()
    return render(
        request,
        "www/reference/about.html",
        {
            "edition": edition,
            "edito": to_html(edito_text(edition.edito)) if edition else "",
            "figures": queries.key_figures(),
        },
    )
