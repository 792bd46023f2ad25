"""The safeguarding lead's inbox: what needs them today, each item linked to where it is handled.

It is made of sections. Voices registers its own (new concerns, consents expired or
expiring, follow-up actions due, wellbeing check-ins due after an appearance); other
apps register theirs in their AppConfig.ready() (the media desk adds candidates
waiting for safeguarding clearance), so this module imports no other app.

The inbox is shown as a home-page panel (`chorus.lib.panels`), and the nightly summary
mail (`send_lead_summaries`) carries only how many items each section holds and a link:
never a reference, a name or anything a concern says.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.access import can
from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.lib import mail
from chorus.voices.consent import ConsentStatus, consent_status, day, governing_consent
from chorus.voices.models import (
    Consent,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerProfile,
    StoryUse,
    WellbeingCheckIn,
)

# A consent that ends within this many days is flagged, so it can be renewed in time.
CONSENT_EXPIRY_WARNING_DAYS = 30
# Follow-up actions show this many days before they are due (and every day after).
ACTION_DUE_WARNING_DAYS = 7
# A wellbeing check-in is due within this many days of a media appearance.
AFTERCARE_DAYS = 7
# Appearances older than this are not chased any more (the profile still shows them).
AFTERCARE_LOOKBACK_DAYS = 60


@dataclass(frozen=True)
class InboxItem:
    text: str
    url: str
    when: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class InboxSection:
    key: str
    title: str
    items: Callable[[datetime.date], list[InboxItem]]
    order: int = 100


_SECTIONS: dict[str, InboxSection] = {}


def register_section(
    *, key: str, title: str, items: Callable[[datetime.date], list[InboxItem]], order: int = 100
) -> None:
    """Add a section to the inbox (the same key again replaces it)."""
    _SECTIONS[key] = InboxSection(key=key, title=title, items=items, order=order)


@dataclass(frozen=True)
class FilledSection:
    section: InboxSection
    items: list[InboxItem]

    @property
    def count(self) -> int:
        return len(self.items)


def inbox(on: datetime.date | None = None) -> list[FilledSection]:
    """Every section with what is due on `on` (today by default), in order."""
    on = on or timezone.localdate()
    sections = sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    return [FilledSection(section, section.items(on)) for section in sections]


# --- Voices' own sections ----------------------------------------------------------------

_LIVE = ~Q(storyteller__status=StorytellerProfile.Status.ERASED)


def new_concerns(on: datetime.date) -> list[InboxItem]:
    """Open concerns the lead has not reviewed yet, or not linked to a storyteller yet."""
    concerns = (
        SafeguardingConcern.objects.filter(status=SafeguardingConcern.Status.OPEN)
        .filter(Q(storyteller__isnull=True) | Q(reviewed_on__isnull=True))
        .filter(_LIVE)
        .select_related("storyteller")
        .only("id", "level", "raised_on", "storyteller__reference", "storyteller__status")
        .order_by("raised_on", "pk")
    )
    items = []
    for concern in concerns:
        storyteller = concern.storyteller
        about = (
            f"about {storyteller.reference}" if storyteller else "not yet linked to a storyteller"
        )
        raised = f"{concern.get_level_display()} concern raised {day(concern.raised_on)}"
        items.append(
            InboxItem(
                text=f"{raised}, {about}",
                url=reverse("voices:concern_detail", args=[concern.pk]),
                when=concern.raised_on,
                overdue=concern.level == SafeguardingConcern.Level.HIGH,
            )
        )
    return items


def consents_running_out(on: datetime.date) -> list[InboxItem]:
    """Storytellers still in the network whose standing consent has expired or ends soon."""
    soon = on + datetime.timedelta(days=CONSENT_EXPIRY_WARNING_DAYS)
    consents = (
        Consent.objects.filter(
            storyteller__status__in=[
                StorytellerProfile.Status.ACTIVE,
                StorytellerProfile.Status.PAUSED,
            ]
        )
        .select_related("storyteller")
        .only(
            "id",
            "given_on",
            "expires_on",
            "withdrawn_on",
            "storyteller__id",
            "storyteller__reference",
        )
        .order_by("storyteller__reference", "-given_on", "-id")
    )
    by_storyteller: dict[int, list[Consent]] = {}
    for consent in consents:
        by_storyteller.setdefault(consent.storyteller_id, []).append(consent)
    items = []
    for rows in by_storyteller.values():
        standing = governing_consent(rows, on)
        if standing is None or standing.expires_on is None:
            continue
        status = consent_status(standing, on)
        reference = standing.storyteller.reference
        url = reverse("voices:storyteller_consents", args=[standing.storyteller_id])
        if status == ConsentStatus.EXPIRED:
            text = f"{reference}: consent expired on {day(standing.expires_on)}"
            items.append(InboxItem(text, url, standing.expires_on, overdue=True))
        elif status == ConsentStatus.IN_FORCE and standing.expires_on <= soon:
            text = f"{reference}: consent expires on {day(standing.expires_on)}"
            items.append(InboxItem(text, url, standing.expires_on))
    return sorted(items, key=lambda item: item.when or on)


def actions_due(on: datetime.date) -> list[InboxItem]:
    """Follow-up actions not done, due within a week or overdue."""
    horizon = on + datetime.timedelta(days=ACTION_DUE_WARNING_DAYS)
    actions = (
        SafeguardingAction.objects.filter(done_on__isnull=True, due_on__lte=horizon)
        .exclude(concern__storyteller__status=StorytellerProfile.Status.ERASED)
        .select_related("concern", "concern__storyteller", "owner")
        .only(
            "id",
            "due_on",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "concern__id",
            "concern__storyteller__reference",
        )
        .order_by("due_on", "pk")
    )
    items = []
    for action in actions:
        due_on = action.due_on or on  # the query only lets dated actions through
        concern = action.concern
        storyteller = concern.storyteller
        about = storyteller.reference if storyteller else "an unlinked concern"
        overdue = due_on < on
        owner = f", for {action.owner.get_full_name() or action.owner}" if action.owner else ""
        text = f"Follow-up on {about} {'was ' if overdue else ''}due {day(due_on)}{owner}"
        items.append(
            InboxItem(
                text=text,
                url=reverse("voices:concern_detail", args=[concern.pk]),
                when=due_on,
                overdue=overdue,
            )
        )
    return items


def check_ins_due(on: datetime.date) -> list[InboxItem]:
    """Media appearances in the last weeks with no wellbeing check-in since.

    An appearance is a placement their story was used in, on the day it was published.
    Any check-in held on or after that day (aftercare or not) answers it.
    """
    since = on - datetime.timedelta(days=AFTERCARE_LOOKBACK_DAYS)
    uses = (
        StoryUse.objects.filter(
            kind=StoryUse.Kind.PLACEMENT,
            used_on__gte=since,
            used_on__lte=on,
            storyteller__status__in=[
                StorytellerProfile.Status.ACTIVE,
                StorytellerProfile.Status.PAUSED,
            ],
        )
        .order_by("storyteller_id", "-used_on")
        .values_list("storyteller_id", "storyteller__reference", "used_on", "description")
    )
    latest: dict[int, tuple[str, datetime.date, str]] = {}
    for storyteller_id, reference, published_on, outlet in uses:
        if published_on is None:
            continue  # not possible for a placement use (filtered on the day above)
        # The newest appearance of each storyteller: one check-in after it answers all.
        latest.setdefault(storyteller_id, (reference, published_on, outlet))
    if not latest:
        return []
    last_check_in: dict[int, datetime.date] = {}
    for storyteller_id, held_on in (
        WellbeingCheckIn.objects.filter(storyteller_id__in=latest)
        .order_by("storyteller_id", "held_on")
        .values_list("storyteller_id", "held_on")
    ):
        last_check_in[storyteller_id] = held_on
    items = []
    for storyteller_id, (reference, published_on, outlet) in latest.items():
        held = last_check_in.get(storyteller_id)
        if held is not None and held >= published_on:
            continue
        due = published_on + datetime.timedelta(days=AFTERCARE_DAYS)
        items.append(
            InboxItem(
                text=(
                    f"{reference}: appeared in {outlet} on {day(published_on)}; "
                    f"check-in due by {day(due)}"
                ),
                url=reverse("voices:storyteller_detail", args=[storyteller_id]) + "#wellbeing",
                when=due,
                overdue=due < on,
            )
        )
    return sorted(items, key=lambda item: item.when or on)


def register_voices_sections() -> None:
    register_section(key="new_concerns", title="New concerns", items=new_concerns, order=10)
    register_section(key="actions_due", title="Follow-up actions due", items=actions_due, order=30)
    register_section(
        key="consents",
        title=f"Consents expired or expiring within {CONSENT_EXPIRY_WARNING_DAYS} days",
        items=consents_running_out,
        order=40,
    )
    register_section(
        key="check_ins",
        title="Wellbeing check-ins due after an appearance",
        items=check_ins_due,
        order=50,
    )


# --- The home-page panel -----------------------------------------------------------------


def panel_context(request: HttpRequest) -> dict[str, Any]:
    if not can(request.user, "safeguarding", "view"):
        return {"sections": [], "total": 0}
    sections = inbox()
    return {"sections": sections, "total": sum(s.count for s in sections)}


# --- The nightly summary mail --------------------------------------------------------------


def summary_content(sections: list[FilledSection]) -> mail.Content:
    """The summary: how many items each section holds, and where to see them. No names."""
    total = sum(filled.count for filled in sections)
    return mail.render(
        subject=f"Safeguarding inbox: {total} item{'s' if total != 1 else ''} waiting",
        html_template="voices/email/lead_summary.html",
        text_template="voices/email/lead_summary.txt",
        context={
            "sections": sections,
            "link": settings.CHORUS_PUBLIC_URL + reverse("impact:dashboard"),
        },
    )


def send_lead_summaries(on: datetime.date | None = None) -> int:
    """Mail every active safeguarding lead the inbox's counts. Returns how many were sent.

    Nothing is sent on a night when the inbox is empty.
    """
    sections = inbox(on)
    total = sum(filled.count for filled in sections)
    if not total:
        return 0
    leads = User.objects.filter(is_active=True, role=Role.SAFEGUARDING_LEAD, email__gt="").order_by(
        "pk"
    )
    content = summary_content(sections)
    sent = 0
    for lead in leads:
        sent += mail.send(
            mail.build(
                content,
                to=[lead.email],
                message_id_parts=("safeguarding", "summary"),
                auto_submitted=True,
            )
        )
    return sent


# --- Handing over a leaver's work (chorus.accounts.handover) -----------------------------


def open_actions_owned_by(user: Any) -> Any:
    """Safeguarding follow-ups not done that this member of staff owns."""
    return (
        SafeguardingAction.objects.filter(owner=user, done_on__isnull=True)
        .exclude(concern__storyteller__status=StorytellerProfile.Status.ERASED)
        .order_by("due_on", "pk")
    )


def action_url(action: SafeguardingAction) -> str:
    return reverse("voices:concern_detail", args=[action.concern_id])
