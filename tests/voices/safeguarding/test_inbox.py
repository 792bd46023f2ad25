"""The safeguarding lead's inbox on their home page, and the nightly summary that names no one."""

from __future__ import annotations

import datetime
import email
import email.policy

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import JournalistRequest, RequestCandidate
from chorus.voices.models import SafeguardingAction, StoryUse, WellbeingCheckIn
from chorus.voices.services import concern_raise
from chorus.voices.tasks import mail_safeguarding_summary
from tests.factories import ConsentFactory, OutletFactory, PlacementFactory, StorytellerFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2023, 6, 15)
DESCRIBED = "Invented: the woman from the Leeds workshop"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def due(users):
    """One item of each kind, each about a different invented storyteller."""
    # A new concern, raised by a volunteer about someone described in words.
    new = concern_raise(
        actor=users[Role.VOLUNTEER], person_described=DESCRIBED, level="high", summary="x"
    )
    # A concern the lead reviewed, with a follow-up action due in three days.
    held = StorytellerFactory(reference="S-0101", media_name="Pseudoheld")
    reviewed = concern_raise(
        actor=users[Role.SAFEGUARDING_LEAD],
        storyteller=held,
        level="low",
        summary="y",
        reviewed=True,
    )
    SafeguardingAction.objects.create(concern=reviewed, description="z", due_on=D(2023, 6, 18))
    # Done, and far off: neither is due.
    SafeguardingAction.objects.create(
        concern=reviewed, description="z", due_on=D(2023, 6, 1), done_on=D(2023, 6, 2)
    )
    SafeguardingAction.objects.create(concern=reviewed, description="z", due_on=D(2023, 8, 1))
    # A consent that expired, one that ends in a fortnight, and one renewed after expiring.
    expired = ConsentFactory(
        storyteller=StorytellerFactory(reference="S-0102", media_name="Pseudoexpired"),
        expires_on=D(2023, 5, 1),
    )
    ConsentFactory(storyteller=StorytellerFactory(reference="S-0103"), expires_on=D(2023, 6, 29))
    renewed = StorytellerFactory(reference="S-0104")
    ConsentFactory(storyteller=renewed, given_on=D(2021, 1, 1), expires_on=D(2022, 1, 1))
    ConsentFactory(storyteller=renewed, given_on=D(2022, 2, 1))
    # A storyteller put forward for a request, waiting for clearance.
    outlet = OutletFactory(name="The Invented Courier")
    request = JournalistRequest.objects.create(
        outlet=outlet,
        received_on=D(2023, 6, 10),
        brief="b",
        format="interview",
        media_type="online",
        identity_level_acceptable="anonymous",
    )
    RequestCandidate.objects.create(
        request=request,
        storyteller=StorytellerFactory(reference="S-0105"),
        status=RequestCandidate.Status.SAFEGUARDING,
        identity_level="anonymous",
    )
    # Two appearances: one with no check-in since, one answered by an aftercare check-in.
    for reference, checked in (("S-0106", False), ("S-0107", True)):
        consent = ConsentFactory(storyteller=StorytellerFactory(reference=reference))
        placement = PlacementFactory(outlet=outlet, published_on=D(2023, 6, 1))
        use = StoryUse.objects.create(
            storyteller=consent.storyteller,
            kind="placement",
            object_id=placement.pk,
            description=outlet.name,
            used_on=placement.published_on,
            media_type="online",
            identity_level="anonymous",
            consent=consent,
        )
        if checked:
            WellbeingCheckIn.objects.create(
                storyteller=consent.storyteller,
                kind="aftercare",
                held_on=D(2023, 6, 5),
                appearance=use,
            )
    return {"new": new, "reviewed": reviewed, "expired": expired, "request": request}


def _inbox(client) -> str:
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_leads_home_page_is_the_inbox_with_every_kind_of_item(client_for, due):
    html = _inbox(client_for(Role.SAFEGUARDING_LEAD))
    assert "Safeguarding inbox" in html
    assert reverse("impact:media_dashboard") in html  # the dashboard is one link away
    assert 'aria-label="Choose the period"' not in html
    # New concern, linking to where it is handled.
    assert "High concern raised 15 June 2023, not yet linked to a storyteller" in html
    assert reverse("voices:concern_detail", args=[due["new"].pk]) in html
    # Follow-up action due within a week; not the done one or the one in August.
    assert "Follow-up on S-0101 due 18 June 2023" in html
    assert html.count("Follow-up on") == 1
    # Consents: expired and expiring, not the renewed one.
    assert "S-0102: consent expired on 1 May 2023" in html
    assert "S-0103: consent expires on 29 June 2023" in html
    assert "S-0104" not in html
    assert reverse("voices:storyteller_consents", args=[due["expired"].storyteller_id]) in html
    # The candidate the media desk put forward.
    assert "S-0105 put forward for The Invented Courier" in html
    assert reverse("media:request_detail", args=[due["request"].pk]) in html
    # Check-ins: the appearance with none since, not the one answered.
    assert "S-0106: appeared in The Invented Courier on 1 June 2023" in html
    assert "S-0107" not in html


def test_a_reviewed_concern_leaves_the_new_list(client_for, due):
    lead = client_for(Role.SAFEGUARDING_LEAD)
    html = _inbox(lead)
    assert "concern raised" in html and "Low concern" not in html  # reviewed is not new


def test_the_inbox_says_so_when_nothing_is_due(client_for):
    html = _inbox(client_for(Role.SAFEGUARDING_LEAD))
    assert "Nothing is waiting for you" in html


@pytest.mark.parametrize("role", [Role.MEDIA_OFFICER, Role.ADMIN, Role.VOLUNTEER])
def test_other_roles_keep_the_dashboard(client_for, due, role):
    html = _inbox(client_for(role))
    assert "Safeguarding inbox" not in html
    assert 'aria-label="Choose the period"' in html


def test_the_lead_can_still_open_the_dashboard(client_for):
    response = client_for(Role.SAFEGUARDING_LEAD).get(reverse("impact:media_dashboard"))
    assert 'aria-label="Choose the period"' in response.content.decode()


def test_the_nightly_summary_gives_counts_and_a_link_and_names_no_one(
    make_user, users, due, settings
):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    lead = users[Role.SAFEGUARDING_LEAD]
    lead.email = "lead@example.org"
    lead.save()
    make_user(Role.SAFEGUARDING_LEAD, username="away", email="away@example.org", is_active=False)
    make_user(Role.MEDIA_OFFICER, username="media2", email="media@example.org")

    mail_safeguarding_summary.call()

    assert len(mail.outbox) == 1
    raw = mail.outbox[0].message().as_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "lead@example.org"
    assert message.get_content_type() == "multipart/alternative"
    body = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<li>New concerns: 1</li>" in html
    assert f'href="{settings.CHORUS_PUBLIC_URL}{reverse("impact:dashboard")}"' in html
    assert message["Auto-Submitted"] == "auto-generated"
    assert "- New concerns: 1" in body
    assert "- Candidates waiting for safeguarding clearance: 1" in body
    assert "- Follow-up actions due: 1" in body
    assert "- Consents expired or expiring within 30 days: 2" in body
    assert "- Wellbeing check-ins due after an appearance: 1" in body
    assert settings.CHORUS_PUBLIC_URL + reverse("impact:dashboard") in body
    text = str(message["Subject"]) + body + html
    for secret in ("S-01", "Pseudo", "Invented", "Courier", DESCRIBED, "Storyteller"):
        assert secret not in text, secret


def test_no_summary_is_sent_on_a_night_with_nothing_due(users, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    lead = users[Role.SAFEGUARDING_LEAD]
    lead.email = "lead@example.org"
    lead.save()
    assert mail_safeguarding_summary.call() == 0
    assert mail.outbox == []
