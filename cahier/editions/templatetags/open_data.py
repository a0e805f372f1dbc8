"""`{% load open_data %}{% initiative_jsonld initiative %}` on fiche pages (schema.org)."""

from django import template
from django.http import QueryDict

from cahier.editions.exporters import EXPORTERS
from cahier.editions.jsonld import initiative_jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def initiative_jsonld(context, initiative):
    request = context.get("request")
    url = request.build_absolute_uri(initiative.get_absolute_url()) if request else ""
    return initiative_jsonld_script(initiative, url)


SEARCH_PARAMETERS = ("q", "region", "keyword", "public", "funding", "event", "year", "status")


@register.inclusion_tag("editions/includes/export_links.html", takes_context=True)
def export_links(context):
    """Links to export the current search (the page's own query string, search parameters
    only) as CSV, XLSX and JSON: `{% load open_data %}{% export_links %}` on a results page."""
    request = context.get("request")
    params = QueryDict(mutable=True)
    if request is not None:
        for name in SEARCH_PARAMETERS:
            values = [value for value in request.GET.getlist(name) if value]
            if values:
                params.setlist(name, values)
    query = params.urlencode()
    return {
        "links": [
            {
                "label": exporter.verbose_name,
                "url": f"/api/v1/exports/initiatives.{exporter.extension}"
                + (f"?{query}" if query else ""),
            }
            for exporter in (EXPORTERS["csv"], EXPORTERS["xlsx"], EXPORTERS["json"])
        ],
        "filtered": bool(query),
    }
