"""Writes to staff accounts. Each is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from chorus.accounts import selectors
from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_record,
    audited_create,
    audited_update,
)


@transaction.atomic
def user_create(
    *, actor: Any, username: str, role: Role | str, password: str | None = None, **fields: Any
) -> User:
    user = User(username=username, role=role, **fields)
    if password:
        user.set_password(password)
    else:
        # No password yet: the person sets one through the reset link an admin sends.
        user.set_unusable_password()
    audited_create(actor=actor, instance=user)
    _vouch_for_email(user)
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **fields: Any) -> User:
    changes = audited_update(actor=actor, instance=user, fields=fields)
    if "email" in changes:
        _vouch_for_email(user)
    if "is_active" in changes and not user.is_active:
        end_all_sessions(user)
    return user


def _vouch_for_email(user: User) -> None:
    """Record the address an admin gave as the account's one verified address.

    Staff cannot sign themselves up: the admin who types the address vouches for it.
    Without this, allauth files the address as unverified the first time it sees it
    (a password reset does), and then refuses to let the person enrol two-factor.
    """
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email or "").delete()
    if not user.email:
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary and address.email == user.email):
        address.email, address.verified, address.primary = user.email, True, True
        address.save(update_fields=["email", "verified", "primary"])


def user_deactivate(*, actor: Any, user: User) -> User:
    """Disable the account and end every session it has, on every device, at once."""
    return user_update(actor=actor, user=user, is_active=False)


def end_all_sessions(user: User) -> int:
    """End every session of this user. Returns how many were ended."""
    ended = 0
    for user_session in UserSession.objects.filter(user=user):
        user_session.end()
        ended += 1
    # Sessions made before session tracking (or by a test client) are found by their contents.
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def sessions_clear_expired() -> int:
    """Delete sessions past their expiry date. Returns how many were deleted."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@transaction.atomic
def user_mfa_reset(*, actor: Any, user: User) -> int:
    """Remove the person's second factors (a lost phone) and end their sessions.

    They sign in again with their password; a role that needs two factors is then sent
    to enrol a new one before anything else (RequireMFAMiddleware). Recovery codes go
    too: they belong to the lost set-up. Returns how many authenticators were removed.
    """
    removed = list(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    Authenticator.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=user,
        changes={"second factor": REDACTED_MFA},
        note=f"second factor reset ({', '.join(sorted(removed)) or 'none set up'}); "
        "re-enrols at next sign-in",
    )
    end_all_sessions(user)
    return len(removed)


# What the audit row says changed: never a secret.
REDACTED_MFA = "removed"


def user_remove_role(*, actor: Any, user: User) -> User:
    """A leaver's role goes back to read-only, so re-enabling the account grants nothing."""
    return user_update(actor=actor, user=user, role=Role.READ_ONLY)


def access_review_export(*, actor: Any) -> Iterator[str]:
    """The access review as CSV lines; the download is audited (it lists staff)."""
    rows = selectors.access_review()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="accounts.user",
        object_repr=f"Access review ({len(rows)} accounts)",
        note="quarterly access review CSV",
    )
    return selectors.access_review_csv_lines(rows)
