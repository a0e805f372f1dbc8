"""Contributor pages: the call (/proposer/), the step-by-step form, « Mes initiatives »."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData, VersionConflict
from cahier.core import roles
from cahier.core.http import rate_limited
from cahier.quality.criteria import fiche_quality

from .. import selectors, services, uploads
from ..enums import AuditAction
from ..essaimage import essaimage_facts
from ..fields import errors_to_form as _errors_to_form
from ..forms import STEPS, CommentForm, IdentityForm, ResultsForm, step_of, steps_progress
from ..kit_forms import KitForm
from ..models import AuditLogEntry
from ..suggestions import suggest
from .common import (
    comment_error,
    comment_refused,
    conflict_response,
    form_status,
    own_initiative,
    too_many_requests,
)


def _offered_origin(request, data: InitiativeData) -> InitiativeData:
    """Step 1 may offer « votre projet est-il un essaimage de … ? » (the contacts app's
    `essaimage_offer` tag, for fiches the contributor wrote about): the published fiche
    ticked becomes the origin; nothing ticked changes nothing."""
    pk = request.POST.get("essaimage_de", "")
    origin = Initiative.objects.published().filter(pk=pk).first() if pk.isdigit() else None
    if origin is not None:
        data.replication_of, data.origin_name, data.origin_url = origin, "", ""
    return data


def call_landing(request):
    """The open call and how to answer it; when none is open, say so with the next/last one."""
    call = selectors.call_current()
    upcoming, last = selectors.call_next_or_last()
    drafts = []
    if request.user.is_authenticated:
        drafts = selectors.initiatives_of(request.user).filter(
            status__in=roles.CONTRIBUTOR_EDITABLE
        )
    return render(
        request,
        "contributions/call_landing.html",
        {"call": call, "upcoming": upcoming, "last": last, "drafts": drafts},
    )


def _regions_of(call):
    return list(call.regions.all()) if call else []


@login_required
def start(request):
    """Step 1 of a new proposal; the draft exists from its first save."""
    call = selectors.call_current()
    if call is None:
        messages.warning(request, "Aucun appel à remontée d’initiatives n’est ouvert.")
        return redirect("contributions:call")
    return start_form(request, call=call)


def start_form(request, *, call):
    """Step 1 of a new fiche, saved as a draft of *request.user* (a contributor answering
    *call*, or a curator writing a fiche from scratch with no call: curation.create); the
    other steps, the preview and the submission are the contributor's, whoever writes."""
    form = IdentityForm(request.POST or None, regions=_regions_of(call))
    form.fields["version"].required = False  # a new proposal has no version yet
    if request.method == "POST":
        if rate_limited(request, group="submission", key="user"):
            return too_many_requests(request)
        if form.is_valid():
            data = _offered_origin(request, form.apply(InitiativeData(title="", region=None)))
            try:
                initiative = services.initiative_save(
                    data=data, actor=request.user, call=call, comment="Brouillon créé"
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, "Brouillon enregistré.")
                return redirect("contributions:step", pk=initiative.pk, step=2)
    return render(
        request,
        "contributions/step.html",
        {
            "form": form,
            "step": 1,
            "step_title": STEPS[0][1],
            "steps": STEPS,
            "call": call,
            "initiative": None,
            "breadcrumb_links": _breadcrumb(None),
        },
    )


def _suggestions_for(initiative):
    text = "\n".join(
        [
            initiative.title,
            initiative.territory,
            initiative.description,
            *initiative.added_value,
            initiative.public,
            initiative.results,
        ]
    )
    return suggest(text)


def _form_kwargs(form_class, initiative, call, request) -> dict:
    if form_class is IdentityForm:
        return {"regions": _regions_of(call)}
    if form_class is KitForm:
        return {"initiative": initiative, "add_rows": request.GET.get("ajouter", "")}
    return {}


def store_uploads(form) -> list[str]:
    """Store the PDFs sent with *form* (its resources get their address); the addresses, to
    discard them if the fiche is not saved after all."""
    stored = []
    for resource in getattr(form, "uploads", list)():
        resource["url"] = uploads.resource_file_store(upload=resource.pop("file"))
        stored.append(resource["url"])
    return stored


def discard_uploads(stored: list[str]) -> None:
    for url in stored:
        uploads.resource_file_discard(url=url)


def _after_save(request, pk, step):
    messages.success(request, "Brouillon enregistré.")
    if added := request.POST.get("add_row", ""):
        url = reverse("contributions:step", kwargs={"pk": pk, "step": step})
        return redirect(f"{url}?ajouter={added}#records-{added}")
    if "save_only" in request.POST:
        return redirect("contributions:step", pk=pk, step=step)
    if step < len(STEPS):
        return redirect("contributions:step", pk=pk, step=step + 1)
    return redirect("contributions:preview", pk=pk)


@login_required
def step(request, pk, step):
    initiative = own_initiative(request, pk)
    if not roles.can_edit_as_contributor(request.user, initiative):
        messages.info(
            request,
            "Cette proposition n’est plus modifiable : elle est en cours d’examen ou traitée.",
        )
        return redirect("contributions:mine_detail", pk=pk)
    if step not in {number for number, _, _ in STEPS}:
        raise Http404
    _, title, form_class = STEPS[step - 1]
    call = initiative.submission.call
    kwargs = _form_kwargs(form_class, initiative, call, request)

    suggestions = _suggestions_for(initiative) if form_class is ResultsForm else None

    def make_form(data=None):
        if data is not None:
            return form_class(data, request.FILES, **kwargs)
        # Suggestions are listed above the form, never ticked for the contributor: a word of
        # the text (« conseillers ») does not make a public.
        current = InitiativeData.from_initiative(initiative)
        return form_class(initial=form_class.initial_from(current, initiative.version), **kwargs)

    form = make_form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if rate_limited(request, group="submission", key="user"):
            return too_many_requests(request)
        if form.is_valid():
            stored = store_uploads(form)
            mine = form.apply(InitiativeData.from_initiative(initiative))
            if step == 1:
                mine = _offered_origin(request, mine)
            try:
                services.initiative_save(
                    initiative=initiative,
                    data=mine,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    comment=f"Étape {step} : {title.lower()}",
                )
            except VersionConflict as conflict:
                return conflict_response(
                    request,
                    current=conflict.initiative,
                    mine=mine,
                    expected_version=form.cleaned_data["version"],
                    form_class=form_class,
                    form_kwargs=kwargs,
                    action=request.path,
                    back=reverse("contributions:mine_detail", kwargs={"pk": pk}),
                )
            except ValidationError as error:
                discard_uploads(stored)
                _errors_to_form(form, error)
            else:
                return _after_save(request, pk, step)
    context = {
        "form": form,
        "step": step,
        "step_title": title,
        "steps": STEPS,
        "progress": steps_progress(initiative, services.submission_missing_fields(initiative)),
        "call": call,
        "initiative": initiative,
        "breadcrumb_links": _breadcrumb(initiative),
    }
    if suggestions is not None:
        context["suggestions"] = suggestions
    return render(request, "contributions/step.html", context, status=form_status(form))


@login_required
def origins(request):
    """The search as you type of « Fiche d'origine » (static/contributions/origin.js)."""
    exclude = request.GET.get("sauf", "")
    found = selectors.origin_candidates(
        query=request.GET.get("q", "")[:200],
        exclude_pk=int(exclude) if exclude.isdigit() else None,
    )
    results = [
        {"id": i.pk, "title": i.title, "region": i.region.name if i.region_id else ""}
        for i in found
    ]
    return JsonResponse({"results": results})


def _breadcrumb(initiative) -> list[tuple[str, str]]:
    """Accueil › Mes initiatives › <the fiche> › (this page)."""
    links = [(reverse("contributions:mine"), "Mes initiatives")]
    if initiative is not None:
        url = reverse("contributions:mine_detail", kwargs={"pk": initiative.pk})
        links.append((url, initiative.title or "Proposition sans titre"))
    return links


def _missing_links(initiative, missing: dict[str, str]) -> list[dict]:
    """What the preview says is missing, each with a link to its field in its step."""
    items = []
    for name, message in missing.items():
        number = step_of(name)
        url = ""
        if number is not None:
            step_url = reverse("contributions:step", kwargs={"pk": initiative.pk, "step": number})
            url = f"{step_url}#id_{name}"
        items.append({"message": message, "url": url, "step": number})
    return items


@login_required
def preview(request, pk):
    initiative = own_initiative(request, pk)
    missing = services.submission_missing_fields(initiative)
    similar = selectors.similar_initiatives(
        title=initiative.title, porteur=initiative.porteur_label, exclude_pk=initiative.pk
    )
    return render(
        request,
        "contributions/preview.html",
        {
            "initiative": initiative,
            "missing": _missing_links(initiative, missing),
            "similar": similar,
            "steps": STEPS,
            "progress": steps_progress(initiative, missing),
            "breadcrumb_links": _breadcrumb(initiative),
            "step": len(STEPS) + 1,
            "editable": roles.can_edit_as_contributor(request.user, initiative),
            "call": initiative.submission.call,
            "essaimage": essaimage_facts(initiative),
        },
    )


@login_required
@require_POST
def submit(request, pk):
    initiative = own_initiative(request, pk)
    if rate_limited(request, group="submission", key="user"):
        return too_many_requests(request)
    try:
        services.initiative_transition(
            initiative=initiative, to=PublicationStatus.SUBMITTED, actor=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("contributions:preview", pk=pk)
    except services.TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("contributions:mine_detail", pk=pk)
    messages.success(
        request,
        "Votre proposition a été soumise. Vous recevrez un courriel à chaque étape de son examen.",
    )
    return redirect("contributions:mine_detail", pk=pk)


@login_required
def mine(request):
    return render(
        request,
        "contributions/mine.html",
        {"initiatives": selectors.initiatives_of(request.user), "call": selectors.call_current()},
    )


@login_required
def mine_detail(request, pk):
    initiative = own_initiative(request, pk)
    history = AuditLogEntry.objects.filter(
        initiative=initiative,
        action__in=[
            *(a.value for a in services.ACTIONS.values()),
            AuditAction.INITIATIVE_REOPENED,
        ],
    ).select_related("actor")
    changes_requested = None
    if initiative.status == PublicationStatus.CHANGES_REQUESTED:
        changes_requested = (
            history.filter(action=services.ACTIONS[PublicationStatus.CHANGES_REQUESTED])
            .order_by("-created_at", "-pk")
            .first()
        )
    return render(
        request,
        "contributions/mine_detail.html",
        {
            "initiative": initiative,
            "changes_requested": changes_requested,
            "comments_closed": services.DRAFT_COMMENTS_CLOSED
            if initiative.status == PublicationStatus.DRAFT
            else "",
            "breadcrumb_links": [(reverse("contributions:mine"), "Mes initiatives")],
            "comments": initiative.comments.select_related("author"),
            "comment_form": CommentForm(),
            "history": history,
            "editable": roles.can_edit_as_contributor(request.user, initiative),
            "steps": STEPS,
            "quality": fiche_quality(initiative),
            "pending_updates": selectors.update_proposals_pending().filter(initiative=initiative),
        },
    )


@login_required
@require_POST
def comment(request, pk):
    initiative = own_initiative(request, pk)
    form = CommentForm(request.POST)
    if refused := comment_refused(
        request, form, back=reverse("contributions:mine_detail", kwargs={"pk": pk})
    ):
        return refused
    if form.is_valid():
        try:
            services.comment_add(
                initiative=initiative, author=request.user, text=form.cleaned_data["text"]
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Commentaire ajouté.")
    else:
        messages.error(request, comment_error(form))
    return redirect("contributions:mine_detail", pk=pk)


@login_required
@require_POST
def delete(request, pk):
    initiative = own_initiative(request, pk)
    title = initiative.title
    try:
        services.draft_delete(initiative=initiative, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("contributions:mine_detail", pk=pk)
    messages.success(request, f"Brouillon « {title} » supprimé.")
    return redirect("contributions:mine")
