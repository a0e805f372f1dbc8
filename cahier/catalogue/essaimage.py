"""What a fiche says about its project's life, its transfer kit (« Pour essaimer ») and its
lineage, in the words a reader sees: « Depuis 2016 », « de 50 000 à 150 000 € par an »,
« Essaimé dans 2 territoires ». The public page (www) and the PDF (editions) both build on it,
from an Initiative or from a printed snapshot (editions.document.PrintedFiche answers the same
attribute names), so the page and the paper never say two different things.

Free texts (conditions de réussite, points de vigilance…) are not rendered here: each medium
renders them through cahier.core.prose, like the fiche's other texts."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from cahier.core.cleaning import link_error

from . import structured
from .enums import (
    ContactRole,
    FunderType,
    Openness,
    OutcomeSource,
    ProjectStatus,
    PublicationStatus,
    TransferOffer,
)

# The kit's free texts, in the order the fiche shows them, with their headings.
KIT_TEXTS = {
    "success_conditions": "Conditions de réussite",
    "pitfalls": "Points de vigilance",
    "essential_partners": "Partenaires indispensables",
    "prerequisites": "Prérequis du territoire",
}


@dataclass(frozen=True)
class ProjectLife:
    status: str  # ProjectStatus value
    label: str  # « En cours »; "" when the status is unknown (nothing is shown then)
    years: str  # « Depuis 2016 », « 2016–2020 », « Lancé en 2016 »…

    @property
    def ended(self) -> bool:
        return self.status == ProjectStatus.ENDED


def years_text(status: str, started: int | None, ended: int | None) -> str:
    """The project's years as a reader reads them. « Depuis » asserts the project still runs,
    so it is said only of a project « en cours »; otherwise a start year alone reads
    « Lancé en 2016 » (or « Lancement prévu en 2027 » for a project « en projet »)."""
    if started and ended:
        return f"{started}–{ended}" if started != ended else str(started)
    if ended:
        return f"Jusqu’en {ended}"
    if not started:
        return ""
    if status == ProjectStatus.ONGOING:
        return f"Depuis {started}"
    if status == ProjectStatus.PLANNED:
        return f"Lancement prévu en {started}"
    return f"Lancé en {started}"


def project_life(fiche) -> ProjectLife:
    status = fiche.project_status or ProjectStatus.UNKNOWN
    label = "" if status == ProjectStatus.UNKNOWN else ProjectStatus(status).label
    return ProjectLife(status, label, years_text(status, fiche.started_year, fiche.ended_year))


@dataclass
class TransferKit:
    """The kit's short facts, each "" or [] when not filled (the page shows only what is)."""

    openness: str  # « oui, avec accompagnement »; "" when not specified
    offers: list[str]
    budget: str
    funders: list[tuple[str, str]]  # (name, type label)
    staff: str
    setup: str
    resources: list[dict]
    texts: list[str] = field(default_factory=list)  # names of the KIT_TEXTS that are filled

    @property
    def is_empty(self) -> bool:
        return not (
            self.openness
            or self.offers
            or self.budget
            or self.funders
            or self.staff
            or self.setup
            or self.resources
            or self.texts
        )


def transfer_kit(fiche) -> TransferKit:
    openness = fiche.openness or Openness.UNSPECIFIED
    funder_types = dict(FunderType.choices)
    offer_labels = dict(TransferOffer.choices)
    return TransferKit(
        openness="" if openness == Openness.UNSPECIFIED else Openness(openness).label.lower(),
        offers=[offer_labels.get(offer, offer) for offer in fiche.offers or []],
        budget=structured.budget_text(fiche.budget_min, fiche.budget_max),
        funders=[
            (funder["name"], funder_types.get(funder["type"], funder["type"]))
            for funder in fiche.funders or []
        ],
        staff=structured.staff_text(fiche.staff_fte),
        setup=structured.months_text(fiche.setup_months),
        resources=[
            {
                "title": r.get("title") or r["url"],
                "url": r["url"],
                "external": not r["url"].startswith("/"),
                "is_file": _is_file(r["url"]),
            }
            for r in fiche.resources or []
            if r.get("url") and (r["url"].startswith("/media/") or safe_url(r["url"]))
        ],
        texts=[name for name in KIT_TEXTS if getattr(fiche, name, "")],
    )


def safe_url(url: str) -> str:
    """*url* when it may become a link (http(s) or mailto, see core.cleaning), else "": what
    the services store is checked already, this keeps older data harmless."""
    return url if url and link_error(url.strip()) is None else ""


def _is_file(url: str) -> bool:
    return url.startswith("/media/") or url.lower().split("?")[0].endswith(".pdf")


def outcome_figures(fiche) -> list[dict]:
    """The indicators as the « Résultats en chiffres » tiles show them: the value in figures
    (« 59 % », « 1 200 »), its label and what qualifies it (base, period, source, report)."""
    figures = []
    sources = dict(OutcomeSource.choices)
    for outcome in fiche.outcomes or []:
        value = structured.figure_text(outcome.get("value"))
        if outcome.get("unit"):
            value = f"{value}\u00a0{outcome['unit']}"
        start, end = outcome.get("period_start") or "", outcome.get("period_end") or ""
        figures.append(
            {
                "value": value,
                "indicator": outcome.get("indicator") or "",
                "base": outcome.get("base") or "",
                "period": "–".join(p for p in (start, end) if p) if start != end else start,
                "source": sources.get(outcome.get("source") or "", outcome.get("source") or ""),
                "url": safe_url(outcome.get("url") or ""),
            }
        )
    return figures


def replications_text(count: int) -> str:
    """« Essaimé dans 1 territoire », « Essaimé dans 3 territoires »."""
    return f"Essaimé dans {count}\u00a0territoire{'s' if count > 1 else ''}"


@dataclass(frozen=True)
class Origin:
    """What a replication replicates: a fiche of the catalogue (`url` is its page) or an
    outside project (`url` its own link, maybe empty)."""

    title: str
    url: str
    internal: bool
    adaptations: str


def origin(fiche) -> Origin | None:
    """The origin a reader may see: a published fiche (a draft's title is not public) or the
    outside project the fiche names."""
    source = fiche.replication_of
    if source is not None and _is_published(source):
        return Origin(source.title, source.get_absolute_url(), True, fiche.adaptations)
    if fiche.origin_name or fiche.origin_url:
        url = safe_url(fiche.origin_url)
        return Origin(fiche.origin_name or url, url, False, fiche.adaptations)
    return None


def _is_published(source) -> bool:
    return getattr(source, "status", PublicationStatus.PUBLISHED) == PublicationStatus.PUBLISHED


def role_label(role: str) -> str:
    return dict(ContactRole.choices).get(role, role)


@dataclass(frozen=True)
class ContactAddress:
    address: str
    # « DREETS » (« DEETS ») for a 2019 DIRECCTE (DIECCTE) mailbox: shown as history
    # (« adresse de 2019, service devenu DREETS »), never a link; "" for a current address.
    successor: str = ""
    is_email: bool = True


@dataclass(frozen=True)
class ContactLine:
    """One entry of a fiche's contacts: its label says the contact's real role."""

    label: str
    organisation: str = ""
    service: str = ""
    addresses: tuple[ContactAddress, ...] = ()
    phone: str = ""
    name: str = ""

    @property
    def who(self) -> tuple[str, ...]:
        """« Marie Dupont », « Asso », « chargée de mission »: what is known of who they are,
        in the order the page and the PDF print it."""
        return tuple(part for part in (self.name, self.organisation, self.service) if part)


def _address(text: str) -> ContactAddress:
    address = text.strip()
    try:
        validate_email(address)
    except ValidationError:
        return ContactAddress(address, structured.legacy_state_successor(address), False)
    return ContactAddress(address, structured.legacy_state_successor(address), True)


# Label of the 2019 addresses (`referent_emails`) that no structured contact claims: the
# closed State mailboxes keep the label the 2019 cahier printed; any other address is a
# « Contact » whose role nobody stated (often the holder's own address, typed there since).
LEGACY_LABELS = {
    "DREETS": ("Référent DIRECCTE", "Référents DIRECCTE"),
    "DEETS": ("Référent DIECCTE", "Référents DIECCTE"),
}
UNKNOWN_ROLE_LABELS = ("Contact", "Contacts")


def contact_lines(fiche) -> list[ContactLine]:
    """The one labelling rule of a fiche's contacts, for its page (www) and its PDF
    (editions): the structured contacts (holder, State referent) under their role, with the
    person's name, address or phone only when public (`structured.public_contact`; a
    published record's contacts already are); then the fiche's 2019 addresses
    (`referent_emails`): one that is a structured contact's address goes under that
    contact's role, a 2019 DIRECCTE/DIECCTE mailbox under « Référent DIRECCTE » marked as
    history, any other under « Contact ». Never « Référent DIRECCTE » for an address that is
    not one."""
    lines: list[ContactLine] = []
    roles_by_address: dict[str, str] = {}
    for contact in getattr(fiche, "contacts", None) or []:
        raw_email = (contact.get("email") or "").strip().lower()
        if raw_email:
            roles_by_address.setdefault(raw_email, contact.get("role") or "")
        shown = structured.public_contact(contact) if "public" in contact else contact
        email = shown.get("email") or ""
        lines.append(
            ContactLine(
                role_label(shown.get("role") or ContactRole.HOLDER),
                shown.get("organisation") or "",
                shown.get("service") or "",
                (_address(email),) if email else (),
                shown.get("phone") or "",
                shown.get("name") or "",
            )
        )
    shown_addresses = {a.address.lower() for line in lines for a in line.addresses}
    groups: dict[tuple[str, str], list[ContactAddress]] = {}
    for text in getattr(fiche, "referent_emails", None) or []:
        address = _address(text)
        key = address.address.lower()
        if not key or key in shown_addresses:
            continue
        shown_addresses.add(key)
        if key in roles_by_address:
            labels = (role_label(roles_by_address[key] or ContactRole.HOLDER),) * 2
        elif address.successor in LEGACY_LABELS:
            labels = LEGACY_LABELS[address.successor]
        else:
            labels = UNKNOWN_ROLE_LABELS
        groups.setdefault(labels, []).append(address)
    for (one, many), addresses in groups.items():
        lines.append(ContactLine(many if len(addresses) > 1 else one, addresses=tuple(addresses)))
    return lines


def replications(fiche) -> list:
    """The fiche's published replications, each with `title`, `region.name` and
    `get_absolute_url()`: prefetched by `with_relations()` on an Initiative, read from the
    record on a printed snapshot."""
    return list(getattr(fiche, "published_replications", None) or [])
