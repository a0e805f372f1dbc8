"""« Me prévenir »: ask for an alert (a search, or a region), confirm it, manage it, leave it.
No account: the links of the e-mails are signed (tokens.py). The views parse, call a service
and render; `unsubscribe_one_click` is the only view exempt from CSRF (RFC 8058)."""

import contextlib
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cahier.core.http import rate_limited
from cahier.search.parameters import SITE, SearchParameterError

from . import services, tokens
from .enums import FREQUENCY_WORDS
from .forms import HONEYPOT, FrequencyForm, RegionSubscribeForm, SubscribeForm
from .models import Subscription
from .searches import AlertQuery, parse


def _email_key(group, request) -> str:
    return services.normalise_email(request.POST.get("email", ""))


def _too_many(request, form, context):
    context |= {"form": form, "too_many": True}
    return render(request, "alerts/subscribe.html", context, status=429)


def _subscribe(request, form, query: AlertQuery, context: dict):
    """The POST of both forms, *form* bound and *query* read."""
    if request.POST.get(HONEYPOT):  # a bot: the same answer as a person gets, nothing done
        return render(request, "alerts/sent.html", context)
    if rate_limited(request, group="alert"):
        return _too_many(request, form, context)
    if form.is_valid():
        if rate_limited(request, group="alert_email", key=_email_key):
            return _too_many(request, form, context)
        try:
            services.subscription_request(
                email=form.cleaned_data["email"],
                query=query,
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            context["email"] = services.normalise_email(form.cleaned_data["email"])
            return render(request, "alerts/sent.html", context)
    return render(request, "alerts/subscribe.html", context | {"form": form}, status=400)


def _query_context(query: AlertQuery) -> dict:
    return {
        "query": query,
        "parts": query.parts(),
        "description": query.describe(),
        "count": query.initiatives().count(),
    }


def subscribe(request):
    """« Me prévenir » for the search of the URL (the result page's query string)."""
    try:
        query = AlertQuery.from_querydict(request.GET)
    except SearchParameterError as error:
        return render(
            request, "alerts/bad_search.html", {"message": error.message(SITE)}, status=400
        )
    context = _query_context(query)
    context["action"] = request.path + (f"?{query.text}" if query.text else "")
    if request.method == "POST":
        return _subscribe(request, SubscribeForm(request.POST), query, context)
    return render(request, "alerts/subscribe.html", context | {"form": SubscribeForm()})


def region(request):
    """« Nouvelles initiatives dans ma région »: a region chosen in a list."""
    context = {"region_form": True, "action": request.path}
    if request.method == "POST":
        form = RegionSubscribeForm(request.POST)
        query = AlertQuery({})  # an unknown region: the form refuses it
        slug = request.POST.get("region", "").strip()
        if slug:
            with contextlib.suppress(SearchParameterError):
                query = AlertQuery.from_querydict(QueryDict(urlencode({"region": slug})))
        if query.values:
            context |= _query_context(query)
        return _subscribe(request, form, query, context)
    return render(request, "alerts/subscribe.html", context | {"form": RegionSubscribeForm()})


def _from_token(request, token: str, purpose: str):
    """(subscription or None when gone, None) or (None, error response)."""
    try:
        key = tokens.read(token, purpose)
    except tokens.TokenError as error:
        context = {"message": error.message, "expired": error.expired}
        return None, render(request, "alerts/bad_link.html", context, status=400)
    return Subscription.objects.filter(key=key).first(), None


def _subscription_context(subscription: Subscription) -> dict:
    query = parse(subscription.query)
    return {
        "subscription": subscription,
        "query": query,
        "parts": query.parts() if query else [],
        "frequency": FREQUENCY_WORDS.get(subscription.frequency, subscription.frequency),
        # A filter value removed since (a keyword merged…): shown as stored, nothing matches.
        "broken": query is None,
        "description": query.describe() if query else subscription.query,
    }


def confirm(request, token: str):
    """The link of the confirmation e-mail: a button (POST) confirms, so that a mail filter
    opening the link confirms nothing."""
    subscription, error = _from_token(request, token, tokens.CONFIRM)
    if error:
        return error
    if subscription is None:
        return render(request, "alerts/gone.html", {"pending": True}, status=410)
    context = _subscription_context(subscription)
    if request.method == "POST" or subscription.confirmed:
        confirmed = services.subscription_confirm(subscription=subscription)
        context |= {"done": True, "already": not confirmed}
        context["manage_token"] = tokens.make(subscription.key, tokens.MANAGE)
    return render(request, "alerts/confirm.html", context)


def unsubscribe(request, token: str):
    """The unsubscribe link of every e-mail: a button (POST) deletes the subscription; once
    it is gone, the link says so."""
    subscription, error = _from_token(request, token, tokens.UNSUBSCRIBE)
    if error:
        return error
    if subscription is None:
        return render(request, "alerts/gone.html", {})
    context = _subscription_context(subscription)
    if request.method == "POST":
        services.subscription_delete(subscription=subscription)
        return render(request, "alerts/gone.html", context | {"just_now": True})
    return render(request, "alerts/unsubscribe.html", context)


@csrf_exempt  # RFC 8058: the mail client posts « List-Unsubscribe=One-Click », without a cookie
@require_POST
def unsubscribe_one_click(request, token: str):
    """The `List-Unsubscribe` URL of the e-mails' headers, posted by the mail client."""
    try:
        key = tokens.read(token, tokens.UNSUBSCRIBE)
    except tokens.TokenError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponse(
            "Corps attendu : List-Unsubscribe=One-Click (RFC 8058).",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is not None:
        services.subscription_delete(subscription=subscription)
    return HttpResponse("Désabonnement enregistré.", content_type="text/plain; charset=utf-8")


def manage(request, token: str):
    """The « Gérer » link: the search followed, its frequency (changeable), leave."""
    subscription, error = _from_token(request, token, tokens.MANAGE)
    if error:
        return error
    if subscription is None:
        return render(request, "alerts/gone.html", {})
    context = _subscription_context(subscription)
    context["unsubscribe_token"] = tokens.make(subscription.key, tokens.UNSUBSCRIBE)
    status = 200
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if form.is_valid():
            services.subscription_set_frequency(
                subscription=subscription, frequency=form.cleaned_data["frequency"]
            )
            context["saved"] = True
        else:
            status = 400
    else:
        form = FrequencyForm(initial={"frequency": subscription.frequency})
    return render(request, "alerts/manage.html", context | {"form": form}, status=status)
