"""How long what a person types may be: every limit declared once, with the French message.

Checked before any expensive work (sanitising, diffing, indexing): by the services (the
catalogue's `_validate` for a fiche, `comment_add`, `call_save`…) and by the forms, whose
`max_length` comes from here. The 2019 cahier's longest fields (description 1 028 characters,
results 484, an « added value » item 445, 24 partners) are far below these; see
docs/contributions.md."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Limit:
    """At most *chars* characters (a list: at most *items* items of *chars* each); *subject*
    names the field in the message (« Le descriptif »), *plural* when it is plural."""

    chars: int
    subject: str
    items: int | None = None
    plural: bool = False

    @property
    def form_chars(self) -> int:
        """What a form's text area may hold: a list field is one item per line."""
        if self.items is None:
            return self.chars
        return self.items * (self.chars + 1)


# The fields of a fiche (names of catalogue.services.InitiativeData).
INITIATIVE = {
    "title": Limit(300, "Le titre"),
    "territory": Limit(500, "Le territoire"),
    "description": Limit(20_000, "Le descriptif"),
    "added_value": Limit(2_000, "La valeur ajoutée", items=50),
    "porteur": Limit(500, "L’organisme porteur"),
    "public": Limit(5_000, "Le public cible"),
    "partners": Limit(500, "La liste des partenaires", items=100),
    "links": Limit(2_000, "La liste des liens", items=20),
    "referent_emails": Limit(254, "La liste des adresses des référents", items=20),
    "results": Limit(10_000, "Les résultats", plural=True),
    "provenance_category": Limit(100, "La catégorie"),
    "success_conditions": Limit(5_000, "Les conditions de réussite", plural=True),
    "pitfalls": Limit(5_000, "Les points de vigilance", plural=True),
    "essential_partners": Limit(5_000, "Les partenaires indispensables", plural=True),
    "prerequisites": Limit(5_000, "Les prérequis du territoire", plural=True),
    "adaptations": Limit(5_000, "Ce qui a été adapté"),
    "origin_name": Limit(300, "Le nom du projet d’origine"),
    "origin_url": Limit(2_000, "Le lien du projet d’origine"),
    # Lists of records (cahier/catalogue/records.py): *chars* bounds the texts of one record.
    "funders": Limit(300, "La liste des financeurs", items=30),
    "outcomes": Limit(3_000, "La liste des indicateurs", items=30),
    "resources": Limit(2_500, "La liste des ressources", items=20),
    "contacts": Limit(1_000, "La liste des contacts", items=10),
}
# One contact of a fiche (keys of catalogue.structured.CONTACT_FIELDS): checked per key, each
# message naming the contact (« Contact 1 : le nom dépasse 150 caractères (151). »).
INITIATIVE_CONTACT = {
    "name": Limit(150, "Le nom"),
    "organisation": Limit(200, "L’organisme"),
    "service": Limit(200, "La fonction ou le service"),
    "email": Limit(254, "L’adresse électronique"),
    "phone": Limit(30, "Le téléphone"),
}

# Files a contributor uploads (shareable resources of the transfer kit: PDF only).
UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_LABEL = "10 Mo"

COMMENT = Limit(5_000, "Le commentaire")
REASON = Limit(5_000, "Le motif")
REVISION_COMMENT = Limit(500, "Le commentaire de révision")
INVITE_MESSAGE = Limit(5_000, "Le message")
CALL = {"title": Limit(200, "L’intitulé"), "text": Limit(20_000, "Le texte de l’appel")}
EVENT = {
    "title": Limit(200, "L’intitulé"),
    "location": Limit(200, "Le lieu"),
    "description": Limit(10_000, "La présentation"),
    "categories": Limit(200, "La liste des catégories", items=50),
}
# An e-mail alert (cahier/alerts): the address, and the search it follows (its URL query).
ALERT = {
    "email": Limit(254, "L’adresse électronique"),
    "query": Limit(2_000, "La recherche suivie"),
}
# « Je souhaite m'inspirer de ce projet » (cahier/contacts): what a reader sends a holder.
CONTACT = {
    "name": Limit(150, "Le nom"),
    "organisation": Limit(200, "L’organisme"),
    "territory": Limit(200, "Le territoire"),
    "email": Limit(254, "L’adresse électronique"),
    "message": Limit(3_000, "Le message"),
}
REFERENT = {
    "organisation": Limit(200, "L’organisme du référent"),
    "service": Limit(200, "Le service du référent"),
    "email": Limit(254, "L’adresse du référent"),
}
INSTITUTION_CHANGE = {
    "old_name": Limit(200, "L’ancien nom"),
    "old_acronym": Limit(30, "L’ancien sigle"),
    "new_name": Limit(200, "Le nouveau nom"),
    "new_acronym": Limit(30, "Le nouveau sigle"),
    "source": Limit(500, "La source"),
    "source_url": Limit(500, "L’adresse de la source"),
    "note": Limit(2_000, "La remarque"),
    "old_mail_domains": Limit(100, "La liste des domaines de messagerie", items=20),
}
EDITION = {
    "edito": Limit(20_000, "L’édito"),
    "edito_signature": Limit(300, "La signature de l’édito"),
}


def number(value: int) -> str:
    """« 20 000 »: French digit groups, with a narrow no-break space."""
    return f"{value:,}".replace(",", "\u202f")


def length(value: str) -> int:
    """Characters as the person counts them: a line break is one (browsers send CR LF)."""
    return len(value) - value.count("\r")


def too_long(limit: Limit, actual: int) -> str:
    verb = "dépassent" if limit.plural else "dépasse"
    return f"{limit.subject} {verb} {number(limit.chars)} caractères ({number(actual)})."


def too_many(limit: Limit, actual: int) -> str:
    return f"{limit.subject} dépasse {number(limit.items)} éléments ({number(actual)})."


def _item_length(item) -> int:
    if isinstance(item, str):
        return length(item)
    if isinstance(item, dict):  # a record: its texts together
        return sum(length(value) for value in item.values() if isinstance(value, str))
    return 0


def problem(value, limit: Limit) -> str | None:
    """The French message when *value* (a text, or a list of texts) exceeds *limit*, else None.
    Cheap (one pass over the lengths), so it runs before anything else looks at the text."""
    if value is None:
        return None
    if isinstance(value, str):
        actual = length(value)
        return too_long(limit, actual) if actual > limit.chars else None
    items = list(value)
    if limit.items is not None and len(items) > limit.items:
        return too_many(limit, len(items))
    for item in items:
        actual = _item_length(item)
        if actual > limit.chars:
            return (
                f"{limit.subject} : un élément dépasse {number(limit.chars)} caractères "
                f"({number(actual)})."
            )
    return None


def check(values: dict, limits: dict[str, Limit]) -> None:
    """Raise one ValidationError naming every field of *values* past its limit."""
    errors = {}
    for name, limit in limits.items():
        message = problem(values.get(name), limit)
        if message:
            errors[name] = message
    if errors:
        raise ValidationError(errors, code="too_long")


def check_one(name: str, value, limit: Limit) -> None:
    check({name: value}, {name: limit})


# A spreadsheet of initiatives (`cahier import FILE.xlsx|csv`, the curators' upload page): its
# size in bytes, its rows, and what its XLSX archive may unpack to (a « zip bomb » of a few
# kilobytes unpacks to gigabytes). Checked while reading, before anything is kept. The rows:
# a confirmation writes each through the services (revision, audit entry, two transitions),
# about 25 ms a row on the development machine: 1 000 rows stay well within the server's
# 60 s timeout (docs/integration.md, « Mesures »).
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_ROWS = 1_000
SPREADSHEET_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
SPREADSHEET_MAX_CELL_CHARS = 32_767  # what Excel itself allows in a cell
