from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.shortcuts import get_object_or_404, render

from cahier.catalogue.models import Initiative
from cahier.editions.selectors import initiatives_with_number

from .. import queries, rendering

_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def initiative_detail(request, slug):
    initiative = get_object_or_404(
        initiatives_with_number(Initiative.objects.published()).with_relations(), slug=slug
    )
    terms = rendering.glossary()
    context = {
        "initiative": initiative,
        "territory": rendering.inline(initiative.territory, terms),
        "description": rendering.blocks(initiative.description, terms),
        "added_value": [rendering.inline(item, terms) for item in initiative.added_value],
        "porteur": rendering.inline(
            initiative.porteur_label or str(initiative.porteur or ""), terms
        ),
        "public": rendering.blocks(initiative.public, terms),
        "partners": [rendering.inline(item, terms) for item in initiative.partners],
        "results": rendering.blocks(initiative.results, terms),
        "links": [{"url": link, "is_url": _valid(_url, link.strip())} for link in initiative.links],
        "emails": [
            {"address": email, "is_email": _valid(_email, email.strip())}
            for email in initiative.referent_emails
        ],
        "similar": queries.similar_initiatives(initiative),
        "breadcrumb_links": [("/initiatives/", "Rechercher une initiative")],
    }
    return render(request, "www/initiatives/detail.html", context)
