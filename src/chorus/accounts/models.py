from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models

from chorus.accounts.roles import MFA_REQUIRED_ROLES, Role


class User(AbstractUser):
    """A member of staff or a volunteer. Storytellers and journalists are People, not Users."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.READ_ONLY)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"password"})
    AUDIT_IGNORED_FIELDS: ClassVar[frozenset[str]] = frozenset({"last_login"})

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
