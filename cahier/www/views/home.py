from django.shortcuts import render

from cahier.catalogue.models import Keyword, PublicType

from .. import queries


def home(request):
    regions = [r for r in queries.regions_with_counts() if r.count]
    context = {
        "figures": queries.key_figures(),
        "regions": regions,
        "keywords": [k for k in queries.terms_with_counts(Keyword) if k.count],
        "publics": [p for p in queries.terms_with_counts(PublicType) if p.count],
    }
    return render(request, "www/pages/home.html", context)
