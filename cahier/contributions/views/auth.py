"""Log-in (throttled by django-axes), log-out, sign-up with e-mail verification, password
reset (Django's views)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from cahier.core.http import rate_limited

from .. import accounts
from ..forms import IDENTIFIER_LABEL, SignupForm
from .common import too_many_requests


def login_username(request, credentials=None) -> str:
    """The account name a log-in is for, as the form cleans it: django-axes counts failures
    under it (AXES_USERNAME_CALLABLE), so that « Porteuse@… » and « porteuse@… » are one."""
    if credentials and credentials.get("username") is not None:
        username = credentials["username"]
    else:
        username = request.POST.get("username", "") if request is not None else ""
    username = str(username).strip()
    # Accounts made here are named by their lower-cased address; a name typed for an
    # account made otherwise (`cahier createsuperuser`) is kept as typed.
    return username.lower() if "@" in username else username


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        "Trop de tentatives de connexion infructueuses pour ce compte ou depuis cette "
        f"adresse\u00a0: par sécurité, la connexion est bloquée pendant {minutes}\u00a0minutes, "
        "même avec le bon mot de passe. Réessayez ensuite."
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the log-in page, HTTP 429, with the
    reason in French. The right password is refused too until the cool-off ends."""
    form = LoginForm(request, initial={"username": login_username(request, credentials)})
    return render(
        request,
        "contributions/auth/login.html",
        {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")},
        status=429,
    )


class LoginForm(AuthenticationForm, DsfrBaseForm):
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte n’est pas encore activé : ouvrez le lien reçu par courriel.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = IDENTIFIER_LABEL
        self.fields["password"].label = "Mot de passe"
        # DsfrBaseForm made the bound fields with Django's labels (« Username »): make them anew.
        self._bound_fields_cache.clear()

    def clean_username(self):
        return login_username(None, {"username": self.cleaned_data["username"]})


class ResetForm(PasswordResetForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The identifier has one name on every page (sign-up, log-in, here): not « Courriel ».
        self.fields["email"].label = IDENTIFIER_LABEL
        self._bound_fields_cache.clear()


class NewPasswordForm(SetPasswordForm, DsfrBaseForm):
    pass


class LoginView(auth_views.LoginView):
    template_name = "contributions/auth/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    # Failed attempts are throttled by django-axes (settings.AXES_*), in the database.


class LogoutView(auth_views.LogoutView):
    template_name = "contributions/auth/logged_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "contributions/auth/password_reset.html"
    form_class = ResetForm
    email_template_name = "contributions/emails/password_reset.txt"
    subject_template_name = "contributions/emails/password_reset_subject.txt"
    success_url = reverse_lazy("contributions:password_reset_done")

    def post(self, request, *args, **kwargs):
        if rate_limited(request, group="login"):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "contributions/auth/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "contributions/auth/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("contributions:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "contributions/auth/password_reset_complete.html"


def signup(request):
    if request.user.is_authenticated:
        return redirect("contributions:mine")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, group="signup"):
            return too_many_requests(request)
        if form.is_valid():
            accounts.user_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
            return render(
                request,
                "contributions/auth/signup_sent.html",
                {"email": form.cleaned_data["email"].strip().lower()},
            )
    return render(request, "contributions/auth/signup.html", {"form": form})


def _email_key(group, request) -> str:
    return request.POST.get("email", "").strip().lower()[:320]


@require_POST
def activation_resend(request):
    """« Renvoyer le lien » of the check-your-mail page: the same answer whatever the address
    (known, active, unknown), limited per client address and per address."""
    email = request.POST.get("email", "").strip().lower()[:320]
    if rate_limited(request, group="signup") or rate_limited(
        request, group="activation_resend", key=_email_key
    ):
        return too_many_requests(request)
    if email:
        accounts.activation_resend(email=email)
    return render(
        request, "contributions/auth/signup_sent.html", {"email": email, "resent": bool(email)}
    )


def activate(request, token):
    try:
        user = accounts.user_activate(token=token)
    except ValidationError as error:
        return render(
            request,
            "contributions/auth/activation_failed.html",
            {"error": error.messages[0]},
            status=400,
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Votre adresse est vérifiée et votre compte activé. Bienvenue !")
    return redirect("contributions:call")
