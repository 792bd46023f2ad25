"""The one judge of consent: does a valid consent cover this use of a person's story?

Every place that uses a story (linking a storyteller to a placement, a pitch, a
request, a post) asks `consent_covers` and records which consent covered the use;
an uncovered use is refused with the reason it returns.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from chorus.voices.models import Consent, IdentityLevel, MediaType, StorytellerProfile


@dataclass(frozen=True)
class Coverage:
    covered: bool
    consent: Consent | None
    reason: str

    def __bool__(self) -> bool:
        return self.covered


def _refusal(
    consent: Consent,
    *,
    outlet: Any,
    media_type: str,
    identity_level: str,
    face_shown: bool,
    on: datetime.date,
) -> str | None:
    """Why this consent does not cover the use, or None when it does."""
    given = f"The consent given on {consent.given_on:%-d %B %Y}"
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return f"{given} was withdrawn on {consent.withdrawn_on:%-d %B %Y}."
    if consent.given_on > on:
        return f"{given} does not apply before that date."
    if consent.expires_on is not None and consent.expires_on < on:
        return f"{given} expired on {consent.expires_on:%-d %B %Y}."
    if media_type not in consent.media_types:
        return f"{given} does not cover {MediaType(media_type).label.lower()}."
    if IdentityLevel.rank(identity_level) > IdentityLevel.rank(consent.identity_level):
        allowed = IdentityLevel(consent.identity_level).label.lower()
        wanted = IdentityLevel(identity_level).label.lower()
        return f"{given} allows at most: {allowed}; this use would be: {wanted}."
    if face_shown and not consent.face_shown:
        return f"{given} does not allow their face to be shown."
    if outlet is not None:
        if any(excluded.pk == outlet.pk for excluded in consent.excluded_outlets.all()):
            return f"{given} excludes {outlet}."
        if outlet.kind in consent.excluded_outlet_kinds:
            return f"{given} excludes {outlet.get_kind_display().lower()} outlets such as {outlet}."
        if any(segment.pk == outlet.segment_id for segment in consent.excluded_segments.all()):
            return f"{given} excludes outlets whose audience is {outlet.segment.name.lower()}."
    return None


def consent_covers(
    *,
    storyteller: StorytellerProfile,
    outlet: Any = None,
    media_type: str,
    identity_level: str,
    face_shown: bool = False,
    on: datetime.date | None = None,
) -> Coverage:
    """Does a consent of this storyteller cover this use on this date? Says why not.

    `outlet` is a media Outlet or None (for uses with no outlet, such as a social post).
    """
    on = on or timezone.localdate()
    if storyteller.status in (StorytellerProfile.Status.LEFT, StorytellerProfile.Status.ERASED):
        return Coverage(
            False, None, "This storyteller has left the network: their story cannot be used."
        )
    consents = list(
        storyteller.consents.prefetch_related("excluded_outlets", "excluded_segments").order_by(
            "-given_on", "-id"
        )
    )
    if not consents:
        return Coverage(False, None, "No consent has been recorded for this storyteller.")
    reasons: list[str] = []
    for consent in consents:
        refusal = _refusal(
            consent,
            outlet=outlet,
            media_type=media_type,
            identity_level=identity_level,
            face_shown=face_shown,
            on=on,
        )
        if refusal is None:
            return Coverage(
                True, consent, f"Covered by the consent given on {consent.given_on:%-d %B %Y}."
            )
        reasons.append(refusal)
    # The newest consent's reason is the one staff need to act on.
    return Coverage(False, None, reasons[0])
