"""Accounts: sign-up with a signed e-mail link, invitations by a curator, the curator role.
The user name is the e-mail address (lower-cased)."""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cahier.core import roles
from cahier.core.cleaning import clean_text

from . import notifications
from .audit import audit_log
from .enums import AuditAction

logger = logging.getLogger(__name__)

ACTIVATION_MAX_AGE = 3 * 24 * 3600
ACTIVATION_INVALID = "Ce lien n’est pas valide ou a déjà servi."
ACTIVATION_EXPIRED = "Ce lien a expiré : inscrivez-vous à nouveau pour en recevoir un autre."


class ActivationStateGenerator(PasswordResetTokenGenerator):
    """Django's password-reset hash, over what an activation must not outlive: the password,
    the last log-in, whether the account is active and its address. Activating (is_active,
    last_login), resetting the password or deactivating the account changes the hash."""

    key_salt = "cahier.contributions.accounts.ActivationStateGenerator"

    def _make_hash_value(self, user, timestamp):
        last_login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
        return f"{user.pk}{user.password}{last_login}{timestamp}{user.is_active}{user.email}"


activation_state = ActivationStateGenerator()


def _send(subject: str, template: str, context: dict, to: str) -> None:
    context = {
        "base_url": settings.CAHIER_BASE_URL,
        "site_name": settings.CAHIER_SITE_NAME,
        **context,
    }
    notifications.send_on_commit(
        notifications.mail(
            f"[{settings.CAHIER_SITE_NAME}] {subject}", render_to_string(template, context), [to]
        ),
        f"Courriel « {subject} » non envoyé à {to}",
    )


def user_by_email(email: str):
    return get_user_model().objects.filter(username=email.strip().lower()).first()


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def activation_token(user) -> str:
    """A new opaque activation key for *user* (the previous one dies): nothing in it says whose
    account it opens."""
    from .models import AccountActivation

    key = secrets.token_urlsafe(32)
    AccountActivation.objects.update_or_create(
        user=user,
        defaults={
            "key_hash": _key_hash(key),
            "state": activation_state.make_token(user),
            "created_at": timezone.now(),
            "used_at": None,
        },
    )
    return key


def activation_pending(user) -> bool:
    """True for an account made by sign-up and never activated; False for one deactivated
    since (by a curator or an administrator): only a person can turn that one back on."""
    from .models import AccountActivation

    return (
        not user.is_active
        and AccountActivation.objects.filter(user=user, used_at__isnull=True).exists()
    )


@transaction.atomic
def user_signup(*, email: str, password: str, first_name: str = "", last_name: str = ""):
    """An inactive account and a signed activation link by e-mail. An address already known gets
    a reminder instead, so that the form does not reveal who has an account."""
    email = email.strip().lower()
    existing = user_by_email(email)
    if existing is not None:
        if existing.is_active:
            _send(
                "Vous avez déjà un compte",
                "contributions/emails/account_exists.txt",
                {"user": existing, "login_url": reverse("contributions:login")},
                email,
            )
        elif activation_pending(existing):
            _send_activation(existing)
        else:
            logger.info("Inscription refusée : le compte %s a été désactivé", existing.pk)
        return existing
    user = get_user_model()(
        username=email,
        email=email,
        first_name=clean_text(first_name)[:150],
        last_name=clean_text(last_name)[:150],
        is_active=False,
    )
    user.set_password(password)
    user.save()
    audit_log(action=AuditAction.USER_SIGNED_UP, actor=user, email=email)
    _send_activation(user)
    return user


def activation_resend(*, email: str) -> None:
    """« Renvoyer le lien »: a new activation link to an account still waiting for its first
    one (the old link dies, see activation_token); nothing for any other address, and the
    caller says the same either way, so that no one learns who has an account."""
    user = user_by_email(email)
    if user is not None and activation_pending(user):
        _send_activation(user)


def _send_activation(user) -> None:
    url = reverse("contributions:activate", kwargs={"token": activation_token(user)})
    _send(
        "Confirmez votre adresse électronique",
        "contributions/emails/activation.txt",
        {"user": user, "url": url, "days": ACTIVATION_MAX_AGE // 86400},
        user.email,
    )


@transaction.atomic
def user_activate(*, token: str):
    """The account the link designates, now active. The link serves once, dies after a
    password reset or a deactivation, and expires after ACTIVATION_MAX_AGE. Raises
    ValidationError (French) otherwise."""
    from .models import AccountActivation

    activation = (
        AccountActivation.objects.select_for_update()
        .select_related("user")
        .filter(key_hash=_key_hash(token), used_at__isnull=True)
        .first()
    )
    if activation is None:
        raise ValidationError(ACTIVATION_INVALID)
    user = activation.user
    if activation.created_at < timezone.now() - timedelta(seconds=ACTIVATION_MAX_AGE):
        raise ValidationError(ACTIVATION_EXPIRED)
    if user.is_active or not activation_state.check_token(user, activation.state):
        raise ValidationError(ACTIVATION_INVALID)
    activation.used_at = timezone.now()
    activation.save(update_fields=["used_at"])
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_log(action=AuditAction.USER_ACTIVATED, actor=user)
    return user


def password_set_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("contributions:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def user_invite(*, email: str, actor, first_name: str = "", last_name: str = "", message: str = ""):
    """A curator invites a contributor: an active account without password, and a link to
    choose one (Django's password reset link)."""
    if not roles.can(actor, roles.Action.INVITE):
        raise PermissionDenied
    email = email.strip().lower()
    user = user_by_email(email)
    if user is None:
        user = get_user_model()(
            username=email,
            email=email,
            first_name=clean_text(first_name)[:150],
            last_name=clean_text(last_name)[:150],
        )
        user.set_unusable_password()
        user.save()
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit_log(action=AuditAction.USER_INVITED, actor=actor, email=email)
    _send(
        "Invitation à proposer des initiatives",
        "contributions/emails/invitation.txt",
        {
            "user": user,
            "url": password_set_url(user),
            "inviter": actor,
            "message": clean_text(message),
        },
        email,
    )
    return user


def curator_group() -> Group:
    """The « Curateurs » group holding every permission of roles.Action (the group and the
    permissions are created when missing: a migration does it too, this survives a flush)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Call

    group, _ = Group.objects.get_or_create(name=roles.CURATOR_GROUP)
    content_type = ContentType.objects.get_for_model(Call)
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": label}
        )[0]
        for codename, label in roles.PERMISSIONS
    ]
    group.permissions.add(*permissions)
    return group


def curator_grant(*, user, actor=None) -> None:
    user.groups.add(curator_group())
    audit_log(action=AuditAction.USER_CURATOR_GRANTED, actor=actor, email=user.email)


def curator_revoke(*, user, actor=None) -> None:
    user.groups.remove(curator_group())
    audit_log(action=AuditAction.USER_CURATOR_REVOKED, actor=actor, email=user.email)
