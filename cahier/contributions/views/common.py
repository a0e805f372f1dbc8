"""Helpers shared by the contributor and curator views: access checks, rate limits, conflicts."""

from django.shortcuts import get_object_or_404, render

from cahier.catalogue.models import Initiative
from cahier.catalogue.services import VERSION_MISSING
from cahier.catalogue.snapshot import data_to_json, initiative_to_json, json_to_data
from cahier.core import roles
from cahier.core.http import rate_limited

from ..diff import three_way
from ..models import Revision

# Anonymous: to the log-in page. Signed in without the curator role: 403.
curator_required = roles.action_required(roles.Action.CURATE)


def own_initiative(request, pk) -> Initiative:
    """The signed-in contributor's own proposal, or 404 (other people's do not exist for them)."""
    initiative = get_object_or_404(
        Initiative.objects.select_related("region", "submission__call"), pk=pk
    )
    if not roles.is_owner(request.user, initiative):
        from django.http import Http404

        raise Http404("Proposition introuvable.")
    return initiative


def form_status(form) -> int:
    """400 when the posted form lost its version (a broken or forged page): the form comes
    back with what was typed and the French message, and nothing was written."""
    return 400 if form.is_bound and "version" in form.errors else 200


def version_missing(request, *, back: str):
    """HTTP 400 for an action posted without the version it was meant for."""
    return render(
        request,
        "contributions/version_missing.html",
        {"message": VERSION_MISSING, "back": back},
        status=400,
    )


def too_many_requests(request):
    return render(request, "contributions/429.html", status=429)


def comment_refused(request, form, *, back: str):
    """After a comment that was not saved: 429 (over the rate limit) with the typed text kept
    for the person to copy, or None when the comment may go on (*form* still to validate)."""
    if rate_limited(request, group="comment", key="user"):
        text = request.POST.get("text", "")[: form.fields["text"].max_length]
        return render(
            request, "contributions/429_comment.html", {"text": text, "back": back}, status=429
        )
    return None


def comment_error(form) -> str:
    """What went wrong with a comment form, in French (empty, too long)."""
    return " ".join(form.errors.get("text", [])) or "Le commentaire est vide."


def conflict_response(
    request, *, current: Initiative, mine, expected_version, form_class, form_kwargs, action, back
):
    """HTTP 409: who changed what since this person loaded the form, and the form again, at
    the new version, holding the fiche saved meanwhile with this person's changes re-applied
    (three-way: their untouched fields do not undo the other person's work)."""
    base = (
        Revision.objects.filter(initiative=current, version=expected_version)
        .order_by("-id")
        .first()
    )
    current_json, mine_json = initiative_to_json(current), data_to_json(mine)
    merged, rows = three_way(
        base.data if base else current_json, current_json, mine_json, set(form_class.data_fields)
    )
    if base is None:
        merged = mine_json
    initial = form_class.initial_from(json_to_data(merged), current.version)
    form = form_class(initial=initial, **form_kwargs)
    return render(
        request,
        "contributions/conflict.html",
        {
            "initiative": current,
            "rows": rows,
            "both": [row.label for row in rows if row.status == "both"],
            "form": form,
            "action": action,
            "back": back,
        },
        status=409,
    )
