"""The curation back office: queue, one proposal, edits with revisions, diffs, merging."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative, Region
from cahier.catalogue.services import VersionConflict
from cahier.catalogue.snapshot import initiative_to_json
from cahier.core.text import count_fr
from cahier.editions.selectors import edition_current, edition_in_preparation
from cahier.links.selectors import link_problems

from .. import selectors, services
from ..curation_forms import LineageForm
from ..diff import diff_snapshots, merge_rows
from ..enums import AuditAction
from ..essaimage import essaimage_facts, outcome_suggestions
from ..fields import errors_to_form
from ..forms import CommentForm, MergeForm, NumberForm, TransitionForm
from ..models import AuditLogEntry, Call, Revision
from . import contribute
from .common import (
    comment_error,
    comment_refused,
    curator_required,
    version_missing,
)

S = PublicationStatus


def _initiative(pk) -> Initiative:
    return get_object_or_404(
        Initiative.objects.select_related(
            "region",
            "porteur",
            "event",
            "replication_of",
            "submission__call",
            "submission__contributor",
        ),
        pk=pk,
    )


@curator_required
def home(request):
    """What needs doing, with a link to each queue (the reminders' and the contact requests'
    counts come from their apps' template tags: the contributions app never imports them)."""
    return render(
        request,
        "contributions/curation/home.html",
        {
            "to_review": selectors.curation_queue().count(),
            "updates": selectors.update_proposals_pending().count(),
            "broken_links": len(link_problems()),
        },
    )


@curator_required
def create(request):
    """A fiche written from scratch by a curator: the contributors' form and steps (the draft
    is the curator's, with no call), then « Envoyer » puts it in the queue, where it is
    published like any proposal."""
    return contribute.start_form(request, call=None)


@curator_required
def queue(request):
    status = request.GET.get("etat", "")
    region = request.GET.get("region", "")
    call = request.GET.get("appel", "")
    query = request.GET.get("q", "").strip()
    if status and status not in S.values:
        status = ""
    initiatives = selectors.curation_queue(status=status, region=region, call=call)
    if query:
        initiatives = initiatives.filter(title__icontains=query)
    # Published fiches show their quality score, sortable (?tri=qualite: lowest first).
    show_quality = status == S.PUBLISHED
    order = request.GET.get("tri", "") if show_quality else ""
    if show_quality:
        initiatives = selectors.with_quality(initiatives, order=order)
    return render(
        request,
        "contributions/curation/queue.html",
        {
            "initiatives": initiatives[:200],
            "show_quality": show_quality,
            "order": order if order in selectors.QUALITY_ORDERS else "",
            "states": S.choices,
            "regions": Region.objects.all(),
            "calls": Call.objects.all(),
            "filters": {"etat": status, "region": region, "appel": call, "q": query},
        },
    )


@curator_required
@require_POST
def bulk_publish(request):
    ids = request.POST.getlist("ids")
    published, refused = 0, []
    for initiative in Initiative.objects.filter(pk__in=[i for i in ids if i.isdigit()]):
        try:
            services.initiative_transition(
                initiative=initiative, to=S.PUBLISHED, actor=request.user
            )
        except (ValidationError, services.TransitionNotAllowed):
            refused.append(initiative.title)
        else:
            published += 1
    if published:
        messages.success(
            request, count_fr(published, "fiche publiée", "fiches publiées", none="Aucune") + "."
        )
    if refused:
        messages.warning(
            request,
            "Non publiables dans leur état actuel : " + " ; ".join(f"« {t} »" for t in refused),
        )
    if not ids:
        messages.info(request, "Cochez les fiches à publier.")
    if _safe_next(request):
        return redirect(request.POST["next"])
    return redirect("curation:queue")


def _safe_next(request) -> bool:
    return request.POST.get("next", "").startswith("/curation/")


@curator_required
def detail(request, pk):
    return _detail(request, _initiative(pk))


# The decision buttons: one primary action, the others secondary, and the destructive ones
# (refuse, archive) tertiary and apart, never side by side with « Publier » as equals.
DECISIONS = {
    S.PUBLISHED: ("Publier", "primary"),
    S.IN_REVIEW: ("Prendre en examen", "secondary"),
    S.SUBMITTED: ("Soumettre", "secondary"),
    S.CHANGES_REQUESTED: ("Demander des modifications", "secondary"),
    S.REJECTED: ("Refuser", "destructive"),
    S.ARCHIVED: ("Archiver", "destructive"),
}


def _decisions(initiative, user) -> dict:
    """The allowed transitions as buttons: {"main": [...], "destructive": [...]}, each
    {value, label, kind}; without « Publier », the first non-destructive one is primary."""
    allowed = [S(to) for to in services.allowed_transitions(initiative=initiative, actor=user)]
    again = {S.ARCHIVED: {S.PUBLISHED: "Republier"}, S.REJECTED: {S.IN_REVIEW: "Rouvrir"}}
    buttons = [
        {
            "value": to.value,
            "label": again.get(initiative.status, {}).get(to, DECISIONS[to][0]),
            "kind": DECISIONS[to][1],
        }
        for to in sorted(allowed, key=list(DECISIONS).index)
    ]
    main = [b for b in buttons if b["kind"] != "destructive"]
    if main and not any(b["kind"] == "primary" for b in main):
        main[0]["kind"] = "primary"
    return {"main": main, "destructive": [b for b in buttons if b["kind"] == "destructive"]}


def _since_last_submission(initiative):
    """The fields changed since the proposal was submitted the time before (a resubmission
    after « modifications demandées »): the revision of that moment against the fiche now.
    None when it was submitted once (or never)."""
    submissions = list(
        AuditLogEntry.objects.filter(
            initiative=initiative, action=AuditAction.INITIATIVE_SUBMITTED
        ).order_by("-created_at", "-id")[:2]
    )
    if len(submissions) < 2:
        return None
    before = (
        Revision.objects.filter(initiative=initiative, created_at__lte=submissions[1].created_at)
        .order_by("-created_at", "-id")
        .first()
    )
    if before is None:
        return None
    return {
        "since": submissions[1].created_at,
        "version": before.version,
        "diffs": diff_snapshots(before.data, initiative_to_json(initiative), only_changed=True),
    }


def _detail(request, initiative, *, transition_form=None, status=200):
    # Numbers are set in the edition being prepared; a published edition is frozen.
    edition = edition_in_preparation() or edition_current()
    entry = initiative.edition_entries.filter(edition=edition).first() if edition else None
    return render(
        request,
        "contributions/curation/detail.html",
        {
            "initiative": initiative,
            "decisions": _decisions(initiative, request.user),
            "reason_required": [to.value for to in services.REASON_REQUIRED],
            "since_submission": _since_last_submission(initiative),
            "transition_form": transition_form or TransitionForm(),
            "comment_form": CommentForm(),
            "comments": initiative.comments.select_related("author"),
            "audit": AuditLogEntry.objects.filter(initiative=initiative).select_related("actor")[
                :50
            ],
            "similar": selectors.similar_initiatives(
                title=initiative.title,
                porteur=initiative.porteur_label,
                exclude_pk=initiative.pk,
                include_unpublished=True,
            ),
            "edition": edition,
            "number_form": NumberForm(initial={"number": entry.number if entry else None}),
            "number": entry.number if entry else None,
            "missing": services.submission_missing_fields(initiative),
            "essaimage": essaimage_facts(initiative),
            "lineage_form": LineageForm(
                initial={"version": initiative.version}, initiative=initiative
            ),
            "replications": initiative.replications.select_related("region").order_by("title"),
            "figures": len(outcome_suggestions(initiative)),
        },
        status=status,
    )


@curator_required
@require_POST
def transition(request, pk):
    initiative = _initiative(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Changement d’état inconnu.")
        return redirect("curation:detail", pk=pk)
    try:
        services.initiative_transition(
            initiative=initiative,
            to=form.cleaned_data["to"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "reason" in error.error_dict:
            # The reason is missing (or too long): the page again, the field itself in error
            # and what was typed kept, with the message above as well.
            for message in error.messages:
                messages.error(request, message)
            errors_to_form(form, error)
            return _detail(request, initiative, transition_form=form)
        for message in error.messages:
            messages.error(request, message)
    except services.TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Nouvel état : {S(form.cleaned_data['to']).label}.")
    return redirect("curation:detail", pk=pk)


@curator_required
@require_POST
def comment(request, pk):
    initiative = _initiative(pk)
    form = CommentForm(request.POST)
    if refused := comment_refused(
        request, form, back=reverse("curation:detail", kwargs={"pk": pk})
    ):
        return refused
    if form.is_valid():
        services.comment_add(
            initiative=initiative, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(
            request, "Commentaire ajouté ; le contributeur en est averti par courriel."
        )
    else:
        messages.error(request, comment_error(form))
    return redirect("curation:detail", pk=pk)


@curator_required
def history(request, pk):
    initiative = _initiative(pk)
    revisions = list(selectors.revisions_of(initiative))
    return render(
        request,
        "contributions/curation/history.html",
        {"initiative": initiative, "revisions": revisions},
    )


@curator_required
def revision_diff(request, pk, revision_pk):
    """A revision next to the one before it (or to ?avec=<id>, or to the fiche as it is now)."""
    initiative = _initiative(pk)
    revision = get_object_or_404(Revision, pk=revision_pk, initiative=initiative)
    other_pk = request.GET.get("avec", "")
    show_all = request.GET.get("tout") == "1"
    if other_pk == "actuelle":
        other, old, new = None, revision.data, initiative_to_json(initiative)
        titles = (f"Version {revision.version}", f"Version actuelle ({initiative.version})")
    else:
        if other_pk.isdigit():
            other = get_object_or_404(Revision, pk=other_pk, initiative=initiative)
        else:
            other = (
                Revision.objects.filter(initiative=initiative, created_at__lte=revision.created_at)
                .exclude(pk=revision.pk)
                .order_by("-created_at", "-id")
                .first()
            )
        old, new = (other.data if other else {}), revision.data
        titles = (
            f"Version {other.version}" if other else "Aucune version antérieure",
            f"Version {revision.version}",
        )
    return render(
        request,
        "contributions/curation/diff.html",
        {
            "initiative": initiative,
            "revision": revision,
            "other": other,
            "left_title": titles[0],
            "right_title": titles[1],
            "diffs": diff_snapshots(old, new, only_changed=not show_all),
            "show_all": show_all,
        },
    )


@curator_required
@require_POST
def revision_restore(request, pk, revision_pk):
    initiative = _initiative(pk)
    revision = get_object_or_404(Revision, pk=revision_pk, initiative=initiative)
    version = request.POST.get("version", "")
    if not version.isdigit():
        return version_missing(request, back=reverse("curation:history", kwargs={"pk": pk}))
    try:
        services.revision_restore(
            revision=revision, actor=request.user, expected_version=int(version)
        )
    except VersionConflict:
        messages.error(
            request,
            "La fiche a été modifiée entre-temps : vérifiez l’historique avant de restaurer.",
        )
        return redirect("curation:history", pk=pk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("curation:history", pk=pk)
    messages.success(request, f"Version {revision.version} restaurée (nouvelle révision).")
    return redirect("curation:history", pk=pk)


@curator_required
@require_POST
def number(request, pk):
    initiative = _initiative(pk)
    edition = edition_in_preparation() or edition_current()
    form = NumberForm(request.POST)
    if edition is None:
        messages.error(request, "Aucune édition n’existe encore : créez-en une avant de numéroter.")
    elif form.is_valid():
        try:
            services.initiative_number_set(
                initiative=initiative,
                edition=edition,
                number=form.cleaned_data["number"],
                actor=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Numérotation enregistrée.")
    else:
        messages.error(request, "Le numéro doit être un entier positif.")
    return redirect("curation:detail", pk=pk)


@curator_required
def merge(request, pk):
    """Fold this proposal (the duplicate) into an existing fiche chosen by the curator."""
    duplicate = _initiative(pk)
    target_pk = request.POST.get("target") or request.GET.get("cible", "")
    target = _initiative(target_pk) if str(target_pk).isdigit() else None
    form = MergeForm(
        request.POST or None,
        initial={
            "target": target.pk if target else None,
            "version": target.version if target else None,
        },
    )
    form.fields["fields_from_duplicate"].choices = [(n, n) for n in services.MERGEABLE_FIELDS]
    form.fields["fields_combined"].choices = [(n, n) for n in services.MERGE_COMBINABLE]
    if request.method == "POST" and target and form.is_valid():
        version = form.cleaned_data["version"]
        if version is None:
            back = f"{reverse('curation:merge', kwargs={'pk': pk})}?cible={target.pk}"
            return version_missing(request, back=back)
        try:
            merged = services.initiative_merge(
                duplicate=duplicate,
                target=target,
                fields_from_duplicate=form.cleaned_data["fields_from_duplicate"],
                fields_combined=form.cleaned_data["fields_combined"],
                actor=request.user,
                note=form.cleaned_data["note"],
                expected_version=version,
            )
        except VersionConflict:
            messages.error(
                request, "La fiche existante a été modifiée entre-temps : recommencez la fusion."
            )
            return redirect(f"{reverse('curation:merge', kwargs={'pk': pk})}?cible={target.pk}")
        except (ValidationError, services.TransitionNotAllowed) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            if merged.version == version:
                messages.success(
                    request,
                    f"Doublon fusionné dans « {target.title} » : aucun champ repris, la fiche "
                    "conservée n’a pas de nouvelle version.",
                )
            else:
                messages.success(request, f"Doublon fusionné dans « {target.title} ».")
            return redirect("curation:detail", pk=target.pk)
    candidates = selectors.similar_initiatives(
        title=duplicate.title,
        porteur=duplicate.porteur_label,
        exclude_pk=duplicate.pk,
        include_unpublished=True,
    )
    query = request.GET.get("q", "").strip()
    found = (
        Initiative.objects.exclude(pk=duplicate.pk).filter(title__icontains=query)[:20]
        if query
        else []
    )
    rows = (
        merge_rows(
            initiative_to_json(target),
            initiative_to_json(duplicate),
            combinable=services.MERGE_COMBINABLE,
        )
        if target
        else []
    )
    chosen = set(form["fields_from_duplicate"].value() or []) if form.is_bound else set()
    combined = set(form["fields_combined"].value() or []) if form.is_bound else set()
    return render(
        request,
        "contributions/curation/merge.html",
        {
            "duplicate": duplicate,
            "target": target,
            "form": form,
            "candidates": candidates,
            "found": found,
            "query": query,
            "rows": rows,
            "chosen": chosen,
            "combined": combined,
        },
    )
