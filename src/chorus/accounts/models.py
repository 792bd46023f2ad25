from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models

from chorus.accounts.roles import MFA_REQUIRED_ROLES, Role


class User(AbstractUser):
    """A member of staff or a volunteer. Storytellers and journalists are People, not Users."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.READ_ONLY)

    # Safer recruitment: those who work with storytellers need a current DBS check and
    # safeguarding training. The safeguarding lead keeps the dates; a nightly task
    # reminds them before either runs out (the *_reminded_for fields hold the renewal
    # date last reminded of, so each renewal is announced once).
    works_with_storytellers = models.BooleanField(default=False)
    dbs_checked_on = models.DateField(null=True, blank=True, verbose_name="DBS check done on")
    dbs_renew_by = models.DateField(null=True, blank=True, verbose_name="DBS check renew by")
    safeguarding_trained_on = models.DateField(
        null=True, blank=True, verbose_name="safeguarding training done on"
    )
    safeguarding_renew_by = models.DateField(
        null=True, blank=True, verbose_name="safeguarding training renew by"
    )
    dbs_reminded_for = models.DateField(null=True, blank=True, editable=False)
    safeguarding_reminded_for = models.DateField(null=True, blank=True, editable=False)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"password"})
    AUDIT_IGNORED_FIELDS: ClassVar[frozenset[str]] = frozenset({"last_login"})
    CHECK_FIELDS: ClassVar[tuple[str, ...]] = (
        "works_with_storytellers",
        "dbs_checked_on",
        "dbs_renew_by",
        "safeguarding_trained_on",
        "safeguarding_renew_by",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def mfa_required(self) -> bool:
        return self.role in MFA_REQUIRED_ROLES

    def has_mfa(self) -> bool:
        # Deferred: allauth.mfa.models imports this app's user model at load time.
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists()
