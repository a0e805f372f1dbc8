from django.shortcuts import render

from .. import queries
from ..regionmap import region_map


def region_list(request):
    regions = list(queries.regions_with_counts())
    return render(
        request,
        "www/regions/list.html",
        {"regions": regions, "map": region_map(regions)},
    )
