"""`{% load open_data %}{% initiative_jsonld initiative %}` on fiche pages (schema.org)."""

from django import template

from cahier.opendata.jsonld import initiative_jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def initiative_jsonld(context, initiative):
    request = context.get("request")
    url = request.build_absolute_uri(initiative.get_absolute_url()) if request else ""
    return initiative_jsonld_script(initiative, url)
