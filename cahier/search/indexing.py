"""Keeping the full-text index in step with the catalogue.

Only published initiatives are indexed. Each one becomes one row with a column per field group
(see backends.FIELDS) holding analyzed tokens; acronyms of the glossary found in the fiche
(partners included) bring their definition along, so that « usagers de drogues » finds the
fiche whose partners are a CSAPA and a CAARUD."""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from django.db import transaction
from django.db.models import Prefetch

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import GlossaryTerm, Initiative
from cahier.core.prose import acronym_variants
from cahier.core.text import fold
from cahier.editions.selectors import edition_current

from . import state
from .analysis import analyze, iter_words, joined_forms, surface_words
from .backends import get_backend
from .correction import with_accents
from .enums import Replicated
from .facets import CHOICE_FACETS, facet_token
from .lexicon import definition_forms, region_token
from .models import IndexedWord

BATCH = 500


@dataclass
class Glossary:
    definitions: dict[str, list[str]]  # folded acronym → definitions
    phrases: list[tuple[str, list[str]]]  # (" analyzed definition ", acronym tokens)


def _glossary() -> Glossary:
    definitions: dict[str, list[str]] = {}
    phrases: list[tuple[str, list[str]]] = []
    for term in GlossaryTerm.objects.all():
        tokens = set()
        for variant in acronym_variants(term.acronym):
            if variant.replace("(", "").replace(")", "").isupper():
                definitions.setdefault(fold(variant), []).append(term.definition)
                tokens.update(analyze(variant.upper()))
        if tokens:
            for form in definition_forms(term.definition):
                if len(form) >= 2:
                    phrases.append((" " + " ".join(form) + " ", sorted(tokens)))
    return Glossary(definitions, phrases)


def _texts(initiative: Initiative, list_titles: dict[int, str]) -> dict[str, list[str]]:
    region = initiative.region
    porteur = [initiative.porteur_label]
    if initiative.porteur_id and initiative.porteur.name != initiative.porteur_label:
        porteur.append(initiative.porteur.name)
    labels = [k.label for k in initiative.keywords.all()]
    labels += [p.label for p in initiative.publics.all()]
    labels += [f.label for f in initiative.fundings.all()]
    body = [initiative.description, *initiative.added_value, initiative.results]
    if initiative.event_id:
        body.append(str(initiative.event))
    body.append(initiative.provenance_category)
    # The transfer kit (« Pour essaimer ») and the outcome labels: found, but weighed below the
    # description (backends.FIELDS, docs/search.md).
    kit = [
        initiative.success_conditions,
        initiative.pitfalls,
        initiative.essential_partners,
        initiative.prerequisites,
        initiative.adaptations,
        *(outcome.get("indicator", "") for outcome in initiative.outcomes),
        *(funder.get("name", "") for funder in initiative.funders),
        # The words of the fiche's links (« francebleu », « …-innovent-pour-recruter »): a
        # reader may remember the site or the article; weighed as the kit.
        *(_link_words(link) for link in initiative.links),
    ]
    return {
        "title": [initiative.title, list_titles.get(initiative.pk, "")],
        "labels": labels,
        "porteur": porteur,
        "public": [initiative.public],
        "places": [initiative.territory, region.name, *region.aliases],
        "body": body,
        "partners": list(initiative.partners),
        "kit": [part for part in kit if isinstance(part, str)],
    }


_LINK_WORD = re.compile(r"[a-z]+")
_LINK_NOISE = re.compile(r"\b[a-z]+://|\bwww\.|\.(?:fr|com|org|net|eu|html?|php|aspx?|pdf)\b", re.I)


def _link_words(link) -> str:
    """The words of a link, without its scheme, « www », common domains and file types, and
    with the accents an address cannot write (« egalite » is indexed as « égalité », so that
    it neither stands apart from the prose's word nor stops « egalite » typed being corrected)."""
    if not isinstance(link, str):
        return ""
    text = _LINK_NOISE.sub(" ", unquote(link))
    return _LINK_WORD.sub(lambda match: with_accents(match.group()), text)


def build_document(
    initiative: Initiative,
    glossary: Glossary,
    list_titles: dict[int, str],
    words: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    texts = _texts(initiative, list_titles)
    fields: dict[str, list[str]] = {}
    expansions: list[str] = []
    joined: list[str] = []
    seen_acronyms: set[str] = set()
    for name, parts in texts.items():
        text = "\n".join(part for part in parts if part)
        fields[name] = analyze(text)
        joined += joined_forms(text)
        for word in iter_words(text):
            key = fold(word.text)
            if key in glossary.definitions and word.text.isupper() and key not in seen_acronyms:
                seen_acronyms.add(key)
                for definition in glossary.definitions[key]:
                    expansions.extend(analyze(definition))
        if words is not None:
            words.update(surface_words(text))
    # Definitions written out in full bring their acronym: « NEET » finds « ni en emploi ni en
    # formation » through the index.
    whole = " " + " | ".join(" ".join(tokens) for tokens in fields.values()) + " "
    for phrase, acronym_tokens in glossary.phrases:
        if phrase in whole:
            expansions.extend(acronym_tokens)
    fields["places"].append(region_token(initiative.region_id))
    fields["expansions"] = expansions
    fields["joined"] = joined
    facets = [facet_token("keyword", k.pk) for k in initiative.keywords.all()]
    facets += [facet_token("public", p.pk) for p in initiative.publics.all()]
    facets += [facet_token("funding", f.pk) for f in initiative.fundings.all()]
    if initiative.event_id:
        facets.append(facet_token("event", initiative.event.kind))
        facets.append(facet_token("year", initiative.event.year))
    for facet, (_, column) in CHOICE_FACETS.items():
        if value := getattr(initiative, column):
            facets.append(facet_token(facet, value))
    replicated = Replicated.YES if initiative.indexed_replications else Replicated.NO
    facets.append(facet_token("replicated", replicated.value))
    fields["facets"] = facets
    return fields


def _queryset(ids: Iterable[int] | None = None):
    queryset = Initiative.objects.published().select_related("region", "porteur", "event")
    # The « essaimé » filter token: published replications (their services reindex the origin).
    replications = Prefetch(
        "replications",
        queryset=Initiative.objects.published().only("pk", "replication_of_id"),
        to_attr="indexed_replications",
    )
    queryset = queryset.prefetch_related("keywords", "publics", "fundings", replications)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.order_by("pk")


def _list_titles(ids: Sequence[int] | None) -> dict[int, str]:
    edition = edition_current()
    if edition is None:
        return {}
    entries = edition.entries.exclude(list_title="")
    if ids is not None:
        entries = entries.filter(initiative_id__in=ids)
    return dict(entries.values_list("initiative_id", "list_title"))


def _save_words(words: dict[str, str], *, report: bool = False) -> dict[str, str]:
    """Store the words (ignoring those already known); with *report*, return the new ones."""
    rows = {word[:100]: token[:100] for word, token in words.items()}
    known: set[str] = set()
    if report:
        keys = list(rows)
        for start in range(0, len(keys), 5000):  # SQLite's limit on query parameters
            chunk = keys[start : start + 5000]
            known.update(IndexedWord.objects.filter(word__in=chunk).values_list("word", flat=True))
    objects = [IndexedWord(word=word, token=token) for word, token in rows.items()]
    IndexedWord.objects.bulk_create(objects, ignore_conflicts=True, batch_size=1000)
    return {word: token for word, token in rows.items() if word not in known}


def _df_delta(before: dict[int, set[str]], after: dict[int, set[str]]) -> dict[str, int]:
    """Token → documents gained (or lost, negative) between the two states of some documents."""
    delta: Counter = Counter()
    for pk in before.keys() | after.keys():
        old, new = before.get(pk, set()), after.get(pk, set())
        delta.update(new - old)
        delta.subtract(old - new)
    return {token: count for token, count in delta.items() if count}


def index_initiatives(ids: Sequence[int], *, terms: bool = False) -> None:
    """Bring the index in line with these initiatives (published ones in, others out), and
    tell every process which fiches changed (state.invalidate), in the same transaction;
    `terms`: a keyword, public, funding or event was edited too (facet labels)."""
    ids = list(ids)
    if not ids:
        return
    backend = get_backend()
    glossary = _glossary()
    list_titles = _list_titles(ids)
    words: dict[str, str] = {}
    patchable = len(ids) <= state.MAX_IDS  # beyond, every process rebuilds: no delta needed
    with transaction.atomic():
        before = backend.doc_tokens(ids) if patchable else {}
        docs = [
            (initiative.pk, build_document(initiative, glossary, list_titles, words))
            for initiative in _queryset(ids)
        ]
        backend.replace(ids, docs)
        new_words = _save_words(words, report=patchable)
        if not patchable:
            state.invalidate()
            return
        after = backend.doc_tokens([pk for pk, _ in docs])
        state.invalidate(ids, df=_df_delta(before, after), words=new_words, terms=terms)


def unindex_initiatives(ids: Sequence[int]) -> None:
    ids = list(ids)
    backend = get_backend()
    with transaction.atomic():
        before = backend.doc_tokens(ids)
        backend.delete(ids)
        state.invalidate(ids, df=_df_delta(before, {}))


def reindex_all(*, batch: int = BATCH, progress=None) -> int:
    """Rebuild the whole index; returns how many initiatives it holds."""
    backend = get_backend()
    glossary = _glossary()
    list_titles = _list_titles(None)
    words: dict[str, str] = {}
    ids = list(
        Initiative.objects.filter(status=PublicationStatus.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        backend.clear()
        IndexedWord.objects.all().delete()
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            docs = [
                (initiative.pk, build_document(initiative, glossary, list_titles, words))
                for initiative in _queryset(chunk)
            ]
            backend.write(docs)
            if progress:
                progress(start + len(chunk), len(ids))
        backend.finish_rebuild()
        _save_words(words)
        state.invalidate()
    return len(ids)


def reindex_containing(phrases: Iterable[tuple[str, ...]]) -> None:
    """Re-index the fiches that contain any of these phrases (a glossary term changed)."""
    from .facets import ids_of

    expression = [[phrase for phrase in phrases if phrase]]
    if expression[0]:
        index_initiatives(ids_of(get_backend().match_bits(expression)))
