"""Reads about staff accounts: the quarterly access review."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.utils import timezone

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.lib.csv_export import csv_lines

# An account nobody has signed in to for this long is asked about in the review.
UNUSED_DAYS = 90


@dataclass(frozen=True)
class ReviewRow:
    user: User
    has_mfa: bool
    unused: bool

    @property
    def last_sign_in(self) -> datetime.datetime | None:
        return self.user.last_login


def access_review(*, now: datetime.datetime | None = None) -> list[ReviewRow]:
    """Every account, by role then username, with whether it went unused for 90 days.

    Unused: active, and no sign-in for UNUSED_DAYS (or never, with the account older
    than that). Disabled accounts are listed too: the review confirms they stay so.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=UNUSED_DAYS)
    with_mfa = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user_id", flat=True)
    )
    order = {role.value: i for i, role in enumerate(Role)}
    rows = [
        ReviewRow(
            user=user,
            has_mfa=user.pk in with_mfa,
            unused=user.is_active and (user.last_login or user.date_joined) < cutoff,
        )
        for user in User.objects.all()
    ]
    return sorted(rows, key=lambda r: (order.get(r.user.role, 99), r.user.username))


REVIEW_HEADER = (
    "username",
    "name",
    "role",
    "active",
    "two-factor",
    "last sign-in",
    "account created",
    f"unused {UNUSED_DAYS} days",
)


def access_review_csv_lines(rows: list[ReviewRow]) -> Iterator[str]:
    def when(value: datetime.datetime | None) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "never"

    return csv_lines(
        REVIEW_HEADER,
        (
            (
                r.user.username,
                r.user.get_full_name(),
                r.user.role_label,
                "yes" if r.user.is_active else "no",
                "yes" if r.has_mfa else "no",
                when(r.user.last_login),
                when(r.user.date_joined),
                "yes" if r.unused else "no",
            )
            for r in rows
        ),
    )
