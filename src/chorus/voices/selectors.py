"""Reads of the storytellers network that views share.

Storytellers are always reached through `chorus.voices.access` (the one door); this
module only narrows, prefetches and summarises what that door lets through. It must
never decrypt more than a page shows: list querysets defer every encrypted field the
viewer may not see, and every encrypted field the page does not show.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.access import MATRIX, can
from chorus.accounts.models import User
from chorus.people.models import Region
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record
from chorus.voices.access import may_see_sensitive, storytellers_for
from chorus.voices.consent import ConsentStatus, consent_status, day, governing_consent
from chorus.voices.models import (
    Consent,
    MediaType,
    Membership,
    Programme,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    Theme,
)

# Encrypted fields of a profile that no list shows; media_name is shown to those who
# may see sensitive details, so it is deferred only for everyone else.
_NEVER_LISTED = tuple(sorted(StorytellerProfile.SENSITIVE_FIELDS - {"media_name"}))


def _listing_fields(user: Any) -> tuple[str, ...]:
    return _NEVER_LISTED if may_see_sensitive(user) else (*_NEVER_LISTED, "media_name")


# --- Storytellers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListedLanguage:
    name: str
    level: str
    needs_interpreter: bool


# How much warning the storytellers list gives before a consent ends.
CONSENT_WARNING_DAYS = 30
CONSENT_EXPIRING, CONSENT_EXPIRED, CONSENT_RUNNING_OUT = (
    "expiring",
    "expired",
    "expiring_or_expired",
)


@dataclass(frozen=True, slots=True)
class ConsentStanding:
    """Where a storyteller's standing consent is today (`consent.governing_consent`).

    `in_force` is False when they have no consent, or the one that stands has expired or
    was withdrawn: their story cannot be used, whatever their status in the network.
    """

    status: ConsentStatus | None
    expires_on: datetime.date | None
    expiring_soon: bool

    @property
    def in_force(self) -> bool:
        return self.status == ConsentStatus.IN_FORCE

    @property
    def label(self) -> str:
        if self.status is None:
            return "No consent recorded"
        if self.status == ConsentStatus.EXPIRED and self.expires_on:
            return f"Consent expired {day(self.expires_on)}"
        if self.status == ConsentStatus.WITHDRAWN:
            return "Consent withdrawn"
        if self.expiring_soon and self.expires_on:
            return f"Consent expires {day(self.expires_on)}"
        return "Consent in force"


def consent_standings(
    storyteller_ids: Sequence[int], *, on: datetime.date
) -> dict[int, ConsentStanding]:
    """The standing consent of each storyteller, judged by `consent_status` (plain fields only)."""
    consents: dict[int, list[Consent]] = defaultdict(list)
    for consent in (
        Consent.objects.filter(storyteller_id__in=storyteller_ids)
        .only("id", "storyteller_id", "given_on", "expires_on", "withdrawn_on")
        .order_by("-given_on", "-id")
    ):
        consents[consent.storyteller_id].append(consent)
    return {pk: standing_of(consents[pk], on=on) for pk in storyteller_ids}


def standing_of(consents: Sequence[Any], *, on: datetime.date) -> ConsentStanding:
    """The standing of one storyteller from their consents, newest first."""
    standing = governing_consent(consents, on)
    if standing is None:
        return ConsentStanding(None, None, False)
    status = consent_status(standing, on)
    soon = on + datetime.timedelta(days=CONSENT_WARNING_DAYS)
    expiring = (
        status == ConsentStatus.IN_FORCE
        and standing.expires_on is not None
        and standing.expires_on <= soon
    )
    return ConsentStanding(status, standing.expires_on, expiring)


@dataclass(frozen=True, slots=True)
class StorytellerRow:
    """One line of the storytellers list: the profile, its languages, its themes as text."""

    profile: StorytellerProfile
    url: str
    name_in_media: str
    experience: str
    status: str
    languages: list[ListedLanguage]
    themes: str
    consent: ConsentStanding


_PK_MARK = 987654321


def storyteller_rows(profiles: Sequence[StorytellerProfile]) -> list[StorytellerRow]:
    """Rows for a page of storytellers: what each line shows, ready to print.

    One plain query each for languages and themes, read as tuples: prefetching them as
    model instances built several hundred objects for a page of 50, which was most of
    the list's time outside the template. Links and labels are made here too; reversing
    a URL and resolving each label in the template took a third of the table's time.
    """
    detail_url = reverse("voices:storyteller_detail", args=[_PK_MARK])
    ids = [p.pk for p in profiles]
    levels = dict(StorytellerLanguage.Level.choices)
    languages: dict[int, list[ListedLanguage]] = defaultdict(list)
    for storyteller_id, name, level, interpreter in (
        StorytellerLanguage.objects.filter(storyteller_id__in=ids)
        .order_by("language")
        .values_list("storyteller_id", "language", "level", "needs_interpreter")
    ):
        languages[storyteller_id].append(
            ListedLanguage(name, str(levels.get(level, level)), interpreter)
        )
    standings = consent_standings(ids, on=timezone.localdate())
    themes: dict[int, list[str]] = defaultdict(list)
    for storyteller_id, name in (
        StorytellerProfile.themes.through.objects.filter(storytellerprofile_id__in=ids)
        .order_by("theme__position", "theme__name")
        .values_list("storytellerprofile_id", "theme__name")
    ):
        themes[storyteller_id].append(name)
    return [
        StorytellerRow(
            profile=profile,
            url=detail_url.replace(str(_PK_MARK), str(profile.pk)),
            name_in_media=str(profile.get_name_in_media_display()),
            experience=str(profile.get_experience_display()),
            status=str(profile.get_status_display()),
            languages=languages[profile.pk],
            themes=", ".join(themes[profile.pk]),
            consent=standings[profile.pk],
        )
        for profile in profiles
    ]


def storytellers_filter(
    user: Any,
    *,
    q: str = "",
    region: Region | None = None,
    language: str = "",
    theme: Theme | None = None,
    status: str = "",
    available: bool | None = None,
    training_done: bool | None = None,
    consent: str = "",
) -> QuerySet[StorytellerProfile]:
    """The storytellers `user` may list, narrowed by plain (unencrypted) fields only.

    Encrypted fields cannot be searched in SQL, and their values must not travel in
    a URL, so `q` matches the reference only.
    """
    profiles = storytellers_for(user).defer(*_listing_fields(user))
    if q:
        profiles = profiles.filter(reference__icontains=q)
    if region is not None:
        profiles = profiles.filter(Q(region=region) | Q(region__parent=region))
    if language:
        # At most one row per storyteller and language (a unique constraint): no duplicates.
        profiles = profiles.filter(languages__language=language)
    if theme is not None:
        profiles = profiles.filter(themes=theme)
    if status:
        profiles = profiles.filter(status=status)
    if available is not None:
        profiles = profiles.filter(is_available=available)
    if training_done is not None:
        profiles = profiles.filter(media_training_done=training_done)
    if consent:
        profiles = _with_consent_running_out(profiles, consent, on=timezone.localdate())
    return profiles.order_by("reference")


def _with_consent_running_out(
    profiles: QuerySet[StorytellerProfile], which: str, *, on: datetime.date
) -> QuerySet[StorytellerProfile]:
    """Those whose standing consent (the newest given by `on`) has expired, or ends soon.

    The same rule as `consent_status`, asked of the database: a withdrawn consent is
    neither expiring nor expired (it is withdrawn).
    """
    standing = Consent.objects.filter(storyteller=OuterRef("pk"), given_on__lte=on).order_by(
        "-given_on", "-id"
    )
    profiles = profiles.annotate(
        standing_expires=Subquery(standing.values("expires_on")[:1]),
        standing_withdrawn=Subquery(standing.values("withdrawn_on")[:1]),
    )
    not_withdrawn = Q(standing_withdrawn__isnull=True) | Q(standing_withdrawn__gt=on)
    expired = Q(standing_expires__lt=on)
    soon = on + datetime.timedelta(days=CONSENT_WARNING_DAYS)
    expiring = Q(standing_expires__gte=on, standing_expires__lte=soon)
    wanted = {
        CONSENT_EXPIRED: expired,
        CONSENT_EXPIRING: expiring,
        CONSENT_RUNNING_OUT: expired | expiring,
    }.get(which)
    if wanted is None:
        return profiles
    return profiles.filter(wanted & not_withdrawn)


def language_names() -> list[str]:
    """Every language some storyteller speaks, A–Z, for the list's filter."""
    return list(
        StorytellerLanguage.objects.order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )


def language_spelling(name: str) -> str:
    """The spelling already in use for a language ("farsi" → "Farsi"), so filters stay whole."""
    name = " ".join(name.split())
    existing = (
        StorytellerLanguage.objects.filter(language__iexact=name)
        .values_list("language", flat=True)
        .first()
    )
    if existing:
        return existing
    return name[:1].upper() + name[1:] if name.islower() else name


def storyteller_by_reference(user: Any, reference: str) -> StorytellerProfile | None:
    """The storyteller with this reference that `user` may see, or None."""
    return (
        storytellers_for(user)
        .defer(*_listing_fields(user))
        .filter(reference__iexact=reference.strip())
        .first()
    )


@dataclass
class ConsentSummary:
    in_force: int = 0
    expired: int = 0
    withdrawn: int = 0
    not_yet_valid: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)


def consent_summary(profile: StorytellerProfile, *, on: datetime.date) -> ConsentSummary:
    """How many of their consents are in force, expired or withdrawn, and each one's state.

    Only plain fields are read: the encrypted topics and withdrawal note stay on the
    consent pages.
    """
    summary = ConsentSummary()
    consents = profile.consents.defer(*Consent.SENSITIVE_FIELDS).order_by("-given_on", "-id")
    counters = {
        ConsentStatus.IN_FORCE: "in_force",
        ConsentStatus.EXPIRED: "expired",
        ConsentStatus.WITHDRAWN: "withdrawn",
        ConsentStatus.NOT_YET_VALID: "not_yet_valid",
    }
    for consent in consents:
        status = consent_status(consent, on)
        attribute = counters[status]
        setattr(summary, attribute, getattr(summary, attribute) + 1)
        summary.rows.append(
            {
                "consent": consent,
                "status": status,
                "media_types": [
                    MediaType(value).label if value in MediaType.values else value
                    for value in consent.media_types
                ],
            }
        )
    return summary


@dataclass
class StorytellerRecord:
    """Everything the profile page shows about one storyteller, read in a few queries."""

    profile: StorytellerProfile
    languages: list[StorytellerLanguage]
    themes: list[Theme]
    memberships: list[Membership]
    consents: ConsentSummary
    uses_count: int
    mentoring: list[Any]
    payments: list[Any]
    check_ins: list[Any]
    concerns: list[SafeguardingConcern] | None  # None: the viewer may not know of concerns
    standing: ConsentStanding


def storyteller_record(profile: StorytellerProfile, *, user: Any) -> StorytellerRecord:
    """The related records of `profile` for its page; encrypted notes only if `user` may see them.

    `profile` must come from `access.get_storyteller_for`, which audited the read.
    """
    sensitive = may_see_sensitive(user)
    mentoring = profile.mentoring.select_related("mentor")
    check_ins = profile.check_ins.select_related("by", "appearance")
    if not sensitive:
        mentoring = mentoring.defer("notes")
        check_ins = check_ins.defer("notes")
    today = timezone.localdate()
    consents = consent_summary(profile, on=today)
    concerns = None
    if can(user, "safeguarding", "view"):
        concerns = list(
            profile.concerns.select_related("raised_by", "resolved_by").prefetch_related(
                Prefetch("actions", queryset=SafeguardingAction.objects.select_related("owner"))
            )
        )
    return StorytellerRecord(
        profile=profile,
        languages=list(profile.languages.all()),
        themes=list(profile.themes.all()),
        memberships=list(
            profile.memberships.select_related("programme").order_by("-joined_on", "-id")
        ),
        consents=consents,
        uses_count=profile.uses.count(),
        mentoring=list(mentoring),
        payments=list(profile.payments.all()),
        check_ins=list(check_ins),
        concerns=concerns,
        standing=standing_of([row["consent"] for row in consents.rows], on=today),
    )


def appearances_of(profile: StorytellerProfile) -> QuerySet[StoryUse]:
    """The placements their story was used in, as uses (for aftercare check-ins)."""
    return profile.uses.filter(kind=StoryUse.Kind.PLACEMENT).order_by("-used_on", "-id")


def staff_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def safeguarding_staff() -> QuerySet[User]:
    """Staff who may see concerns: the only people a follow-up action can be given to."""
    roles = MATRIX["safeguarding"]["view"]
    return staff_choices().filter(role__in=roles)


# --- Safeguarding ------------------------------------------------------------------------

# Concern pages name the storyteller by reference only; their identity stays encrypted.
_STORYTELLER_SECRETS = tuple(
    f"storyteller__{name}" for name in sorted(StorytellerProfile.SENSITIVE_FIELDS)
)


def _concerns_for(user: Any) -> QuerySet[SafeguardingConcern]:
    if not can(user, "safeguarding", "view"):
        return SafeguardingConcern.objects.none()
    return (
        SafeguardingConcern.objects.exclude(storyteller__status=StorytellerProfile.Status.ERASED)
        .select_related("storyteller", "raised_by", "resolved_by")
        .defer(*_STORYTELLER_SECRETS)
    )


def get_concern_for(user: Any, pk: int, *, purpose: str = "viewed concern") -> SafeguardingConcern:
    """Concern `pk` if `user` may see safeguarding records (404 otherwise); the read is audited."""
    try:
        concern = _concerns_for(user).get(pk=pk)
    except SafeguardingConcern.DoesNotExist:
        raise Http404("No such concern") from None
    audit_record(actor=user, action=AuditAction.VIEW, instance=concern, note=purpose)
    return concern


def get_safeguarding_action_for(user: Any, pk: int) -> SafeguardingAction:
    """Follow-up action `pk` if `user` may see safeguarding records (404 otherwise)."""
    if not can(user, "safeguarding", "view"):
        raise Http404("No such action")
    try:
        return (
            SafeguardingAction.objects.select_related("concern", "concern__storyteller")
            .defer(*(f"concern__{name}" for name in _STORYTELLER_SECRETS))
            .exclude(concern__storyteller__status=StorytellerProfile.Status.ERASED)
            .get(pk=pk)
        )
    except SafeguardingAction.DoesNotExist:
        raise Http404("No such action") from None


def concerns_of(profile: StorytellerProfile, *, user: Any) -> list[SafeguardingConcern]:
    """Every concern about one storyteller, newest first, with its follow-up actions."""
    return list(
        _concerns_for(user)
        .filter(storyteller=profile)
        .prefetch_related(
            Prefetch("actions", queryset=SafeguardingAction.objects.select_related("owner"))
        )
    )


def concerns_raised_by(user: Any) -> list[SafeguardingConcern]:
    """The concerns `user` raised, newest first: only what they wrote and where it stands.

    The safeguarding lead's notes and follow-up actions are never loaded; the storyteller's
    reference is, but the page shows it only to those who may see storytellers.
    """
    return list(
        SafeguardingConcern.objects.filter(raised_by=user)
        .exclude(storyteller__status=StorytellerProfile.Status.ERASED)
        .select_related("storyteller")
        .only(
            "id",
            "raised_on",
            "level",
            "status",
            "summary",
            "person_described",
            "storyteller__reference",
            "storyteller__status",
        )
        .order_by("-raised_on", "-pk")
    )


def open_concerns(user: Any) -> list[SafeguardingConcern]:
    """Open concerns across the network, highest level first, each with its actions.

    The caller audits the read: the overview shows every open concern's summary.
    """
    level_order: dict[str, int] = {
        SafeguardingConcern.Level.HIGH: 0,
        SafeguardingConcern.Level.MEDIUM: 1,
        SafeguardingConcern.Level.LOW: 2,
    }
    concerns = list(
        _concerns_for(user)
        .filter(status=SafeguardingConcern.Status.OPEN)
        .prefetch_related(
            Prefetch("actions", queryset=SafeguardingAction.objects.select_related("owner"))
        )
        .order_by("raised_on", "id")
    )
    concerns.sort(key=lambda c: level_order.get(c.level, 9))
    return concerns


# --- Programmes ------------------------------------------------------------------------


def programmes_with_counts(*, on: datetime.date) -> QuerySet[Programme]:
    current = Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gte=on)
    shown = [s for s in StorytellerProfile.Status if s != StorytellerProfile.Status.ERASED]
    active = Q(memberships__storyteller__status__in=shown)
    return Programme.objects.annotate(
        member_count=Count("memberships", filter=current & active, distinct=True)
    ).order_by("-starts_on", "name")


def programme_members(programme: Programme, *, user: Any) -> list[Membership]:
    """The programme's members, current first; media names decrypted only for those allowed."""
    hidden = _listing_fields(user)
    return list(
        programme.memberships.exclude(storyteller__status=StorytellerProfile.Status.ERASED)
        .select_related("storyteller")
        .defer(*(f"storyteller__{name}" for name in hidden))
        .order_by(F("left_on").desc(nulls_first=True), "storyteller__reference")
    )
