from django.shortcuts import render

from cahier.catalogue.models import Keyword, PublicType

from .. import queries


def home(request):
    regions = queries.regions_with_counts()
    keywords = queries.terms_with_counts(Keyword)
    publics = queries.terms_with_counts(PublicType)
    context = {
        "figures": queries.key_figures(regions, keywords, publics),
        "regions": [r for r in regions if r.count],
        "keywords": [k for k in keywords if k.count],
        "publics": [p for p in publics if p.count],
    }
    return render(request, "www/pages/home.html", context)
