"""Sign-ins and sign-outs go into the audit log. Failed sign-ins record no password."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record

UNKNOWN_USERNAME = "(unknown username)"


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, instance=user)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, instance=user)


@receiver(user_login_failed)
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # A username that exists is kept, so an admin sees whose account is being tried.
    # What was typed for one that does not is not: people type their password into the
    # username box, and the audit log must never hold a password.
    tried = str(credentials.get("username", "")).strip()[:150]
    known = bool(tried) and get_user_model().objects.filter(username__iexact=tried).exists()
    if not known:
        tried = UNKNOWN_USERNAME
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        note=f"username tried: {tried}",
    )
