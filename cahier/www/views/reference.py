from django.shortcuts import render

from cahier.catalogue.models import Funding, GlossaryTerm, Keyword, PublicType
from cahier.editions.selectors import edition_current

from .. import queries, rendering


def reperes(request):
    indexes = [
        {
            "id": "mots-cles",
            "title": "Par mot-clé",
            "param": "mot_cle",
            "terms": queries.terms_with_numbers(Keyword),
        },
        {
            "id": "publics",
            "title": "Par type de public visé",
            "param": "public",
            "terms": queries.terms_with_numbers(PublicType),
        },
        {
            "id": "financements",
            "title": "Par financement spécifique",
            "param": "financement",
            "terms": queries.terms_with_numbers(Funding),
        },
    ]
    return render(request, "www/reference/reperes.html", {"indexes": indexes})


def glossary(request):
    terms = [
        {"acronym": term.acronym, "definition": term.definition, "anchor": anchor}
        for term, anchor in _with_unique_anchors(GlossaryTerm.objects.all())
    ]
    letters = sorted({t["acronym"][:1].upper() for t in terms if t["acronym"]})
    return render(request, "www/reference/glossary.html", {"terms": terms, "letters": letters})


def _with_unique_anchors(terms):
    seen: set[str] = set()
    for term in terms:
        anchor = rendering.glossary_anchor(term.acronym)
        candidate, counter = anchor, 2
        while candidate in seen:
            candidate = f"{anchor}-{counter}"
            counter += 1
        seen.add(candidate)
        yield term, candidate


def about(request):
    edition = edition_current()
    return render(
        request,
        "www/reference/about.html",
        {
            "edition": edition,
            "edito": rendering.blocks(edition.edito) if edition else "",
            "figures": queries.key_figures(),
        },
    )
