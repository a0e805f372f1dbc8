"""schema.org description of a fiche, for search engines and data harvesters (JSON-LD)."""

import json

from django.utils.safestring import SafeString, mark_safe

from cahier.catalogue.models import Initiative
from cahier.editions.selectors import provenance_note

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def initiative_jsonld(initiative: Initiative, url: str = "") -> dict:
    """A schema.org `Project` (an Organization subtype) run by its porteur, serving its
    territory in its region. Expects `with_relations()`; `number` when annotated."""
    region = {"@type": "AdministrativeArea", "name": initiative.region.name}
    if initiative.region.insee_code:
        region["identifier"] = f"INSEE:{initiative.region.insee_code}"
    area = (
        {"@type": "Place", "name": initiative.territory, "containedInPlace": region}
        if initiative.territory
        else region
    )
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Project",
        # The permanent `id` of the open-data record, so that harvesters can join the two.
        "identifier": str(initiative.uid),
        "name": initiative.title,
        "description": initiative.description,
        "areaServed": area,
        "keywords": [term.label for term in initiative.keywords.all()],
        "audience": [
            {"@type": "Audience", "audienceType": label}
            for label in [initiative.public, *(t.label for t in initiative.publics.all())]
            if label
        ],
    }
    if url:
        data["url"] = url
    if initiative.links:
        data["sameAs"] = list(initiative.links)
    if initiative.porteur_label:
        data["parentOrganization"] = {"@type": "Organization", "name": initiative.porteur_label}
    if initiative.partners:
        data["member"] = [{"@type": "Organization", "name": name} for name in initiative.partners]
    if initiative.referent_emails:
        data["contactPoint"] = [
            {"@type": "ContactPoint", "email": email, "contactType": "référent DREETS"}
            for email in initiative.referent_emails
        ]
    fundings = [term.label for term in initiative.fundings.all()]
    if fundings:
        data["funding"] = [{"@type": "Grant", "name": label} for label in fundings]
    note = provenance_note(initiative)
    if note:
        data["disambiguatingDescription"] = note
    if getattr(initiative, "number", None):
        data["subjectOf"] = {
            "@type": "Book",
            "name": "Le cahier des initiatives INCLUSION",
            "publisher": {"@type": "GovernmentOrganization", "name": "DGEFP"},
            "position": initiative.number,
        }
    return data


def initiative_jsonld_script(initiative: Initiative, url: str = "") -> SafeString:
    """The `<script type="application/ld+json">` element for a fiche page."""
    payload = json.dumps(initiative_jsonld(initiative, url), ensure_ascii=False)
    return mark_safe(f'<script type="application/ld+json">{payload.translate(_ESCAPES)}</script>')
