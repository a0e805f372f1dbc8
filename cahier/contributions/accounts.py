"""Accounts: sign-up with a signed e-mail link, invitations by a curator, the curator role.
The user name is the e-mail address (lower-cased)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cahier.core import roles

from . import notifications
from .audit import audit_log
from .enums import AuditAction
from .text import clean_text

logger = logging.getLogger(__name__)

ACTIVATION_SALT = "cahier.contributions.activation"
ACTIVATION_MAX_AGE = 3 * 24 * 3600


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


def activation_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=ACTIVATION_SALT)


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
        else:
            _send_activation(existing)
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
    """The account the link designates, now active. Raises ValidationError (French) if the link
    is altered, expired, or the address changed since."""
    try:
        payload = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(
            "Ce lien a expiré : inscrivez-vous à nouveau pour en recevoir un autre."
        ) from error
    except signing.BadSignature as error:
        raise ValidationError("Ce lien n'est pas valide.") from error
    user = get_user_model().objects.filter(pk=payload.get("u"), email=payload.get("e")).first()
    if user is None:
        raise ValidationError("Ce lien n'est pas valide.")
    if not user.is_active:
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
