"""The structured parts of a fiche: funders, outcome indicators, shareable resources and
contacts. Each is a list of small records stored as JSON on the fiche (so that revisions, diffs,
the import guard and the open-data record carry them like any other field); this module is the
one place that declares their keys, cleans them and checks them.

`clean_*` normalise what any way in (form, spreadsheet, JSON load, API) produced: unknown keys
dropped, texts through the one cleaning rule, empty records removed. `*_errors` return the French
messages of what is wrong, each naming the record (« Indicateur 2 : … »)."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from cahier.core import limits
from cahier.core.cleaning import clean_line, link_error

from .enums import ContactRole, FunderType, OutcomeSource

FUNDER_KEYS = ("name", "type")
OUTCOME_KEYS = ("indicator", "value", "unit", "base", "period_start", "period_end", "source", "url")
RESOURCE_KEYS = ("title", "url")


@dataclass(frozen=True)
class ContactKey:
    """One key of a contact record, as every reader and writer sees it: its French label (the
    form's column, the OpenAPI description), its input kind and width on the form's row of
    twelve, and whether it says who or how to reach a person (*personal*: published only
    when the contact is public)."""

    key: str
    label: str
    kind: str = "text"
    width: int = 6
    hint: str = ""
    personal: bool = False


# The one declaration of a contact (besides its `role`, set by whoever writes it: the
# holder's form writes « porteur »): the form's columns, the cleaning, the checks, the text of
# a revision, the open-data record and its OpenAPI schema, the fiche page and the PDF all come
# from it. A new key added here flows everywhere; one marked *personal* never leaves a
# non-public contact (`public_contact`). Lengths: `limits.INITIATIVE_CONTACT`.
CONTACT_FIELDS = (
    ContactKey(
        "name",
        "Nom et prénom",
        width=4,
        hint="Facultatif\u202f; publié seulement si le contact est public.",
        personal=True,
    ),
    ContactKey("organisation", "Organisme", width=4),
    ContactKey(
        "service",
        "Fonction ou service",
        width=4,
        hint="Par exemple «\u00a0chargée de mission\u00a0», «\u00a0service insertion\u00a0».",
    ),
    ContactKey("email", "Adresse électronique", "email", width=6, personal=True),
    ContactKey("phone", "Téléphone", "tel", width=3, personal=True),
    ContactKey("public", "Rendre public", "checkbox", width=3),
)
CONTACT_TEXT_KEYS = tuple(f.key for f in CONTACT_FIELDS if f.kind != "checkbox")
CONTACT_PERSONAL_KEYS = tuple(f.key for f in CONTACT_FIELDS if f.personal)
CONTACT_KEYS = ("role", *(f.key for f in CONTACT_FIELDS))

# A period bound: a year, a month or a day (ISO 8601): « 2018 », « 2018-09 », « 2018-09-01 ».
PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
# French and international numbers: digits, spaces, dots, dashes, parentheses, a leading +.
PHONE = re.compile(r"^\+?[\d .\-()]{6,25}$")


# The State's regional labour administrations of 2019, closed in 2021 (DIRECCTE became DREETS,
# DIECCTE became DEETS): their mailboxes stay on the fiches as history, never receive mail.
# Domain → the service that took over.
LEGACY_STATE_DOMAINS = {"direccte.gouv.fr": "DREETS", "dieccte.gouv.fr": "DEETS"}


def legacy_state_successor(address: str) -> str:
    """« DREETS » (« DEETS » overseas) for a 2019 DIRECCTE (DIECCTE) mailbox such as
    « ara.direction@direccte.gouv.fr », "" for any other address: what the fiche page says of
    it (« adresse de 2019, service devenu DREETS »)."""
    for legacy, successor in LEGACY_STATE_DOMAINS.items():
        if address_in_domains(address or "", [legacy]):
            return successor
    return ""


def public_contact(contact: dict) -> dict:
    """A contact as published: its role, organisation and function or service always; the
    person's name and how to reach them (e-mail, phone: `ContactKey.personal`) only when the
    holder made the contact public, else None. Readers write through the contact form, which
    needs no address on the page. A record stored before a key existed lacks it: None."""
    shown = contact.get("public", False)
    record = {"role": contact["role"]}
    for key in CONTACT_TEXT_KEYS:
        value = contact.get(key) or ""
        if key in CONTACT_PERSONAL_KEYS:
            record[key] = value or None if shown else None
        else:
            record[key] = value
    return record


def address_in_domains(email: str, domains) -> bool:
    """Whether *email*'s domain is one of *domains* or a subdomain of one (case-insensitive)."""
    domain = email.strip().rsplit("@", 1)[-1].lower() if "@" in email else ""
    return bool(domain) and any(
        domain == known or domain.endswith("." + known)
        for known in (d.strip().lower().lstrip("@.") for d in domains or [])
        if known
    )


def is_legacy_state_mailbox(address: str) -> bool:
    """Is *address* a 2019 DIRECCTE/DIECCTE mailbox (« adresse de 2019, service devenu
    DREETS »)? The one rule: nothing is sent to such an address, pages label it as history."""
    return bool(legacy_state_successor(address))


def _text(value) -> str:
    return clean_line("" if value is None else str(value))


def _number(value):
    """A figure as typed (« 59 », « 59,5 », « 1 200 ») → int or float; anything else unchanged
    (the checks name it)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else float(value)
    text = _text(value).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    text = text.replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return _text(value)
    return int(number) if number.is_integer() else number


def _records(items, keys) -> list[dict]:
    records = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        records.append({key: item.get(key) for key in keys})
    return records


def clean_funders(items) -> list[dict]:
    funders = []
    for item in _records(items, FUNDER_KEYS):
        funder = {"name": _text(item["name"]), "type": _text(item["type"]) or FunderType.OTHER}
        if funder["name"]:
            funders.append(funder)
    return funders


def clean_outcomes(items) -> list[dict]:
    outcomes = []
    for item in _records(items, OUTCOME_KEYS):
        outcome = {key: _text(item[key]) for key in OUTCOME_KEYS}
        outcome["value"] = _number(item["value"])
        if outcome["indicator"] or outcome["value"] is not None:
            outcomes.append(outcome)
    return outcomes


def clean_resources(items) -> list[dict]:
    resources = []
    for item in _records(items, RESOURCE_KEYS):
        resource = {key: _text(item[key]) for key in RESOURCE_KEYS}
        if resource["title"] or resource["url"]:
            resources.append(resource)
    return resources


def clean_contacts(items) -> list[dict]:
    contacts = []
    for item in _records(items, CONTACT_KEYS):
        contact = {key: _text(item[key]) for key in CONTACT_KEYS if key != "public"}
        contact["email"] = contact["email"].lower()
        contact["role"] = contact["role"] or ContactRole.HOLDER
        contact["public"] = bool(item["public"])
        if any(contact[key] for key in CONTACT_TEXT_KEYS):
            contacts.append(contact)
    return contacts


def funder_errors(funders: list[dict]) -> list[str]:
    return [
        f"Financeur {n} : type « {f['type']} » inconnu."
        for n, f in enumerate(funders, 1)
        if f["type"] not in FunderType.values
    ]


def _period_errors(label: str, outcome: dict) -> list[str]:
    errors = []
    for key, name in (("period_start", "début"), ("period_end", "fin")):
        if outcome[key] and not PERIOD.match(outcome[key]):
            errors.append(
                f"{label} : {name} de période « {outcome[key]} » invalide "
                "(une année, « 2018-09 » ou « 2018-09-01 »)."
            )
    if not errors and outcome["period_start"] and outcome["period_end"]:
        # ISO bounds of different precision compare on their common prefix.
        width = min(len(outcome["period_start"]), len(outcome["period_end"]))
        if outcome["period_end"][:width] < outcome["period_start"][:width]:
            errors.append(f"{label} : la période finit avant de commencer.")
    return errors


def outcome_errors(outcomes: list[dict]) -> list[str]:
    errors = []
    for n, outcome in enumerate(outcomes, 1):
        label = f"Indicateur {n}"
        if not outcome["indicator"]:
            errors.append(f"{label} : le libellé manque.")
        value = outcome["value"]
        if value is None:
            errors.append(f"{label} : la valeur manque.")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors.append(f"{label} : la valeur « {value} » n’est pas un nombre.")
        if outcome["source"] and outcome["source"] not in OutcomeSource.values:
            errors.append(f"{label} : source « {outcome['source']} » inconnue.")
        if outcome["url"] and (message := link_error(outcome["url"])):
            errors.append(f"{label} : {message}")
        errors.extend(_period_errors(label, outcome))
    return errors


def resource_errors(resources: list[dict]) -> list[str]:
    errors = []
    for n, resource in enumerate(resources, 1):
        if not resource["url"]:
            errors.append(f"Ressource {n} : le lien manque.")
        elif resource["url"].startswith("/media/"):
            continue  # a file uploaded here (contributions stores it and gives this address)
        elif message := link_error(resource["url"]):
            errors.append(f"Ressource {n} : {message}")
    return errors


def _length_errors(label: str, record: dict, record_limits: dict) -> list[str]:
    """« Contact 1 : le nom et prénom dépasse 150 caractères (151). »"""
    errors = []
    for key, limit in record_limits.items():
        if message := limits.problem(record.get(key) or "", limit):
            errors.append(f"{label}\u00a0: {message[0].lower()}{message[1:]}")
    return errors


def contact_errors(contacts: list[dict]) -> list[str]:
    errors = []
    for n, contact in enumerate(contacts, 1):
        label = f"Contact {n}"
        errors.extend(_length_errors(label, contact, limits.INITIATIVE_CONTACT))
        if contact["role"] not in ContactRole.values:
            errors.append(f"{label} : rôle « {contact['role']} » inconnu.")
        if contact["email"]:
            try:
                validate_email(contact["email"])
            except ValidationError:
                errors.append(f"{label} : adresse électronique « {contact['email']} » invalide.")
        if contact["phone"] and not PHONE.match(contact["phone"]):
            errors.append(f"{label} : numéro de téléphone « {contact['phone']} » invalide.")
        if not contact["organisation"] and not contact["service"]:
            errors.append(f"{label} : indiquez l’organisme ou le service.")
    return errors


def figure_text(value) -> str:
    """« 1 200 », « 59,5 »: French digit groups (narrow no-break space) and decimal comma."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    whole, _, decimals = f"{value:,.2f}".partition(".")
    decimals = decimals.rstrip("0")
    whole = whole.replace(",", "\u202f")
    return f"{whole},{decimals}" if decimals else whole


def outcome_text(outcome: dict) -> str:
    """« Personnes en emploi à 6 mois : 59 % (sur 120 participants, 2017–2018, déclaratif) »."""
    shown = figure_text(outcome["value"])
    if outcome["unit"]:
        shown = f"{shown}\u00a0{outcome['unit']}"
    details = [part for part in (outcome["base"],) if part]
    period = "–".join(p for p in (outcome["period_start"], outcome["period_end"]) if p)
    if period:
        details.append(period)
    if outcome["source"]:
        details.append(outcome["source"])
    suffix = f" ({', '.join(details)})" if details else ""
    return f"{outcome['indicator']}\u00a0: {shown}{suffix}"


def funder_text(funder: dict) -> str:
    label = dict(FunderType.choices).get(funder["type"], funder["type"])
    return f"{funder['name']} ({label})"


def contact_text(contact: dict) -> str:
    """« Porteur du projet : Marie Dupont, Asso, chargée de mission, m@asso.fr (public) »
    (revision diffs, curation pages: never a public output)."""
    role = dict(ContactRole.choices).get(contact["role"], contact["role"])
    parts = [contact[key] for key in CONTACT_TEXT_KEYS if contact.get(key)]
    visibility = "public" if contact["public"] else "non public"
    return f"{role}\u00a0: {', '.join(parts)} ({visibility})"


def resource_text(resource: dict) -> str:
    return f"{resource['title']} — {resource['url']}" if resource["title"] else resource["url"]


def budget_text(minimum: int | None, maximum: int | None) -> str:
    """« de 50 000 à 150 000 € par an », « plus de 500 000 € par an », « jusqu'à 10 000 € par
    an » (a lower bound of 0 is no bound), « 80 000 € par an » (both bounds equal)."""
    euros = "\u00a0€ par an"
    if minimum is None and maximum is None:
        return ""
    if maximum is None:
        return f"plus de {figure_text(minimum)}{euros}"
    if not minimum:
        return f"jusqu’à {figure_text(maximum)}{euros}"
    if minimum == maximum:
        return f"{figure_text(minimum)}{euros}"
    return f"de {figure_text(minimum)} à {figure_text(maximum)}{euros}"


def staff_text(fte: float | None) -> str:
    """« 2,5 ETP »."""
    return "" if fte is None else f"{figure_text(fte)}\u00a0ETP"


def months_text(months: int | None) -> str:
    """« 6 mois », « 1 mois »."""
    return "" if months is None else f"{figure_text(months)}\u00a0mois"
