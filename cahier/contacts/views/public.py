"""Public pages: « Je souhaite m'inspirer de ce projet » (the form and its answer), the
« J'ai répondu » link of the e-mails, what is stored and for how long."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render

from cahier.catalogue.models import Initiative
from cahier.core.charts import csv_response
from cahier.core.http import rate_limited

from .. import selectors, services, tokens
from ..enums import AnsweredBy, RequestStatus
from ..forms import ContactForm
from ..models import ContactRequest

RATE_LIMITED = (
    "Trop de demandes envoyées depuis cette connexion ou avec cette adresse : la vôtre n’a pas "
    "été envoyée. Réessayez plus tard ; votre texte est gardé ci-dessous."
)


def _email_key(group, request) -> str:
    return (request.POST.get("email") or "").strip().lower()


def _breadcrumb(initiative) -> list[tuple[str, str]]:
    return [
        ("/initiatives/", "Rechercher une initiative"),
        (initiative.get_absolute_url(), initiative.title),
    ]


def _form_page(request, initiative, form, status=200):
    return render(
        request,
        "contacts/form.html",
        {
            "initiative": initiative,
            "breadcrumb_links": _breadcrumb(initiative),
            "form": form,
            "has_recipient": bool(selectors.recipients_for(initiative)),
        },
        status=status,
    )


def _sent_page(request, contact_request):
    labels = [selectors.recipient_label(summary) for summary in contact_request.recipients]
    return render(
        request,
        "contacts/sent.html",
        {
            "initiative": contact_request.initiative,
            "breadcrumb_links": _breadcrumb(contact_request.initiative),
            "contact": contact_request,
            "recipients": labels,
            "no_recipient": contact_request.status == RequestStatus.NO_RECIPIENT,
        },
    )


def request_form(request, slug):
    initiative = get_object_or_404(
        Initiative.objects.published().select_related("region"), slug=slug
    )
    if request.method != "POST":
        return _form_page(request, initiative, ContactForm())
    form = ContactForm(request.POST)
    if not form.is_valid():
        if form.has_error("__all__", "token"):
            form.renew_token()
        return _form_page(request, initiative, form, status=400)
    key = form.cleaned_data["key"]
    existing = ContactRequest.objects.filter(idempotency_key=key).first()
    if existing is not None:  # the same form sent twice: one request, its answer again
        return _sent_page(request, existing)
    if rate_limited(request, group="contact") or rate_limited(
        request, group="contact_email", key=_email_key
    ):
        form.add_error(None, RATE_LIMITED)
        return _form_page(request, initiative, form, status=429)
    requester = services.Requester(
        **{name: form.cleaned_data[name] for name in ("name", "organisation", "territory")},
        email=form.cleaned_data["email"],
        message=form.cleaned_data["message"],
    )
    try:
        contact_request, _ = services.contact_request_send(
            initiative=initiative, requester=requester, key=key
        )
    except services.ContactRefused as refused:
        form.add_error(None, str(refused))
        return _form_page(request, initiative, form, status=429)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _form_page(request, initiative, form, status=400)
    return _sent_page(request, contact_request)


def answered(request, token):
    """The « J'ai répondu » link: a page with one button (mail scanners open links, so a GET
    changes nothing), then the request is marked answered, once."""
    context = {"token": token}
    try:
        pk = tokens.answer_request_pk(token)
    except tokens.Expired as error:
        return render(
            request, "contacts/answered.html", {"state": "expired", "error": error}, status=410
        )
    except tokens.TokenError as error:
        return render(
            request, "contacts/answered.html", {"state": "invalid", "error": error}, status=400
        )
    contact_request = get_object_or_404(ContactRequest.objects.select_related("initiative"), pk=pk)
    context["contact"] = contact_request
    context["initiative"] = contact_request.initiative
    if contact_request.status == RequestStatus.ANSWERED:
        context["state"] = "already"
    elif request.method == "POST":
        done = services.contact_request_answer(
            contact_request=contact_request, by=AnsweredBy.HOLDER
        )
        context["state"] = "done" if done else "already"
    else:
        context["state"] = "confirm"
    return render(request, "contacts/answered.html", context)


def privacy(request):
    return render(
        request,
        "contacts/privacy.html",
        {"retention_days": services.RETENTION.days, "remind_days": services.REMIND_AFTER.days},
    )


def statistics_csv(request):
    """The contact requests by status, as a CSV of « Statistiques »."""
    return csv_response(selectors.status_chart())
