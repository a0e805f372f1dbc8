"""The catalogue's current labels a spreadsheet may use (regions, index terms, events,
provenance statuses), read once per file, and the « Vouliez-vous dire … » of an unknown label."""

from rapidfuzz import fuzz, process

from cahier.catalogue.enums import CheckInterval, ProjectStatus, ProvenanceStatus
from cahier.catalogue.models import Event, Funding, Keyword, PublicType, Region
from cahier.core.text import name_key

# Below this RapidFuzz score (0–100), an unknown label gets no suggestion.
SUGGESTION_THRESHOLD = 70


class Vocabulary:
    """For each vocabulary name (columns.Column.vocabulary): the labels in the catalogue's
    order (validation lists of the template) and, by folded key, the value they stand for."""

    def __init__(self):
        self._labels: dict[str, list[str]] = {}
        self._values: dict[str, dict[str, object]] = {}
        regions = list(Region.objects.all())
        self._add("regions", [(r.name, r) for r in regions])
        for region in regions:  # « PACA », « Ile-de-France », the slug…
            for alias in (region.slug, *region.aliases):
                self._values["regions"].setdefault(name_key(alias), region)
        for name, model in (("keywords", Keyword), ("publics", PublicType), ("fundings", Funding)):
            self._add(name, [(term.label, term) for term in model.objects.all()])
        events = Event.objects.order_by("-year", "kind")
        self._add("events", [(str(event), event) for event in events])
        self._add("provenance_statuses", [(s.label, s.value) for s in ProvenanceStatus])
        # « En cours » and « en cours » (the label and the stored value) fold to one key.
        self._add("project_statuses", [(s.label, s.value) for s in ProjectStatus])
        # « 12 mois » in the lists (text: a list of numbers trips a spreadsheet's validation);
        # « 12 » and « Tous les 12 mois » are read too.
        self._add("check_intervals", [(f"{i.value} mois", i.value) for i in CheckInterval])
        for interval in CheckInterval:
            for alias in (str(interval.value), interval.label):
                self._values["check_intervals"][name_key(alias)] = interval.value

    def _add(self, name: str, pairs: list[tuple[str, object]]) -> None:
        self._labels[name] = [label for label, _ in pairs]
        self._values[name] = {name_key(label): value for label, value in pairs}

    def labels(self, name: str) -> list[str]:
        return self._labels[name]

    def resolve(self, name: str, label: str):
        """What *label* designates in vocabulary *name* (any case, accents, punctuation), or None."""
        return self._values[name].get(name_key(label))

    def suggestion(self, name: str, label: str) -> str | None:
        """The closest known label, when one is close enough."""
        found = process.extractOne(
            name_key(label),
            {known: name_key(known) for known in self._labels[name]},
            scorer=fuzz.WRatio,
            score_cutoff=SUGGESTION_THRESHOLD,
        )
        return found[2] if found else None
