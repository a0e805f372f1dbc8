from django.http import Http404
from django.shortcuts import render

from cahier.catalogue.models import Region
from cahier.catalogue.selectors import region_administration_addresses
from cahier.search.parameters import PARAMETERS

from .. import queries
from .. import search as site_search
from ..embed import Embed
from ..regionmap import region_map

# The fiches a portal lists; past this, a link to the whole search.
PORTAL_FICHES = 60
# The statistics of a portal: facets of the search over the region's fiches.
STATISTICS = (
    ("keyword", "Par mot-clé"),
    ("public", "Par public visé"),
    ("year", "Par année de l’événement"),
)


def region_list(request):
    regions = list(queries.regions_with_counts())
    return render(
        request,
        "www/regions/list.html",
        {"regions": regions, "map": region_map(regions)},
    )


def referent_fields(region: Region) -> list[tuple[str, str]]:
    """The region's `referent_*` fields that are filled in (label, value), in model order:
    a referent added to the Region model shows on the portal without another change."""
    return [
        (str(model_field.verbose_name), str(value))
        for model_field in region._meta.concrete_fields
        if model_field.name.startswith("referent_")
        and (value := getattr(region, model_field.name)) not in (None, "")
    ]


def _statistics(query: site_search.Query, result) -> list[dict]:
    tables = []
    for name, title in STATISTICS:
        values = [v for v in result.facets.get(name, []) if v.count]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        rows = [
            {
                "label": value.label,
                "count": value.count,
                "url": query.url(filters={**query.filters, name: [value.value]}),
            }
            for value in values
        ]
        tables.append(
            {
                "id": PARAMETERS[name].site,
                "title": title,
                "noun": PARAMETERS[name].noun,
                "rows": rows,
            }
        )
    return tables


def region_portal(request, slug):
    regions = list(queries.regions_with_counts())
    region = next((r for r in regions if r.slug == slug), None)
    if region is None:
        raise Http404("Région inconnue")
    query = site_search.Query(filters={"region": [region.slug]}, per_page=PORTAL_FICHES)
    result = site_search.search(query)
    context = {
        "region": region,
        "result": result,
        "search_url": query.url(),
        "map": region_map(regions, current=region),
        "statistics": _statistics(query, result),
        "referent": referent_fields(region),
        "addresses": region_administration_addresses(region),
        "share_url": request.build_absolute_uri(request.path),
        "embed_url": Embed(criteria={"region": [region.slug]}).builder_url(),
        "breadcrumb_links": [("/regions/", "Régions")],
    }
    return render(request, "www/regions/portal.html", context)
