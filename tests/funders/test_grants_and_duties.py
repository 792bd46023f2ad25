"""Grants in 360Giving's terms, what they pay for, the duties they bring and who sees them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.funders import duties, services
from chorus.funders.models import Duty, Fund, Grant
from chorus.media.models import Campaign
from chorus.people.models import Organisation
from chorus.privacy.models import AuditEntry
from chorus.voices.models import Membership, Programme
from tests.factories import OrganisationFactory, StorytellerFactory

pytestmark = pytest.mark.django_db


def _grant(actor, **overrides) -> Grant:
    fields = {
        "identifier": "360G-test-001",
        "title": "Lived experience in the media",
        "funder": Organisation.objects.get_or_create(name="Tollgate Moss Trust")[0],
        "programme": "Voices",
        "amount": Decimal("24000"),
        "award_date": datetime.date(2022, 6, 1),
        "planned_start": datetime.date(2022, 7, 1),
        "planned_end": datetime.date(2023, 6, 30),
        "fund": Fund.RESTRICTED,
    } | overrides
    return services.grant_create(actor=actor, **fields)


def test_a_grant_is_recorded_with_its_audit_row_and_refuses_to_end_before_it_starts(users):
    director = users[Role.DIRECTOR]
    grant = _grant(director, currency="gbp")
    assert grant.currency == "GBP"
    assert AuditEntry.objects.filter(object_type="funders.grant", object_id=str(grant.pk)).exists()
    with pytest.raises(ValidationError):
        _grant(
            director,
            identifier="360G-test-002",
            planned_start=datetime.date(2023, 7, 1),
            planned_end=datetime.date(2023, 1, 1),
        )


def test_a_grant_is_linked_to_a_campaign_offered_through_the_report_content_registry(users):
    director = users[Role.DIRECTOR]
    grant = _grant(director)
    campaign = Campaign.objects.create(
        name="Safe routes", starts_on=datetime.date(2022, 11, 1), ends_on=datetime.date(2023, 1, 31)
    )
    Campaign.objects.create(
        name="Long ago", starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2019, 2, 1)
    )
    choices = dict(services.purpose_choices(grant))
    assert choices[f"media.campaigns:{campaign.pk}"] == "Campaigns: Safe routes"
    assert not any("Long ago" in label for label in choices.values())
    purpose = services.purpose_add(
        actor=director, grant=grant, choice=f"media.campaigns:{campaign.pk}", amount=Decimal(6000)
    )
    assert (purpose.title, purpose.record_id, purpose.amount) == ("Safe routes", campaign.pk, 6000)
    with pytest.raises(ValidationError):
        services.purpose_add(actor=director, grant=grant, choice="media.campaigns:999999")


def test_a_grant_pays_for_an_ambassador_programme_named_without_its_members(users):
    director = users[Role.DIRECTOR]
    grant = _grant(director)
    cohort = Programme.objects.create(
        name="Ambassadors: Refugee Week cohort",
        kind=Programme.Kind.AMBASSADORS,
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(2023, 6, 30),
    )
    Membership.objects.create(
        programme=cohort, storyteller=StorytellerFactory(), joined_on=datetime.date(2023, 3, 1)
    )
    Programme.objects.create(
        name="An earlier cohort",
        kind=Programme.Kind.AMBASSADORS,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2021, 6, 30),
    )
    choices = dict(services.purpose_choices(grant))
    assert choices[f"voices.programmes:{cohort.pk}"] == (
        "Programmes run: Ambassadors: Refugee Week cohort"
    )
    assert not any("earlier cohort" in label for label in choices.values())
    purpose = services.purpose_add(
        actor=director, grant=grant, choice=f"voices.programmes:{cohort.pk}", amount=Decimal(8000)
    )
    assert (purpose.title, purpose.detail) == (
        "Ambassadors: Refugee Week cohort",
        "Ambassador cohort, March 2023 to June 2023",
    )


def test_the_director_sees_what_is_due_in_the_next_60_days_on_the_home_page(users, client_for):
    director = users[Role.DIRECTOR]
    grant = _grant(director)
    today = timezone.localdate()
    services.duty_create(
        actor=director, grant=grant, title="Interim report", due_on=today + datetime.timedelta(20)
    )
    services.duty_create(
        actor=director, grant=grant, title="Far-off review", due_on=today + datetime.timedelta(90)
    )
    done = services.duty_create(
        actor=director, grant=grant, title="Already sent", due_on=today + datetime.timedelta(5)
    )
    services.duty_update(actor=director, duty=done, submitted_on=today)
    assert Duty.objects.get(pk=done.pk).status == Duty.Status.DONE

    page = client_for(Role.DIRECTOR).get("/").content.decode()
    assert "Interim report" in page
    assert "Far-off review" not in page
    assert "Already sent" not in page
    # Other roles' home pages say nothing of funders.
    assert "Interim report" not in client_for(Role.READ_ONLY).get("/").content.decode()


def test_the_nightly_reminder_mails_each_director_only_when_something_is_due(users, make_user):
    director = users[Role.DIRECTOR]
    director.email = "director@example.org"
    director.save()
    make_user(Role.ADMIN, username="admin2", email="admin2@example.org")
    grant = _grant(director)
    today = datetime.date(2026, 3, 1)
    assert duties.send_reminders(today) == 0
    services.duty_create(
        actor=director, grant=grant, title="Annual report", due_on=datetime.date(2026, 4, 15)
    )
    assert duties.send_reminders(today) == 1
    [message] = mail.outbox
    assert message.to == ["director@example.org"]
    assert "Annual report" in message.body and "Tollgate Moss Trust" in message.body


def test_only_the_director_and_admin_see_grants(users, client_for):
    grant = _grant(users[Role.DIRECTOR])
    for role in Role:
        response = client_for(role).get(f"/funders/grants/{grant.pk}/")
        expected = 200 if role in (Role.DIRECTOR, Role.ADMIN) else 403
        assert response.status_code == expected, role


def test_the_director_records_a_grant_through_the_form(users, client_for):
    funder = OrganisationFactory(name="Kittiwake Fund")
    response = client_for(Role.DIRECTOR).post(
        "/funders/grants/new/",
        {
            "identifier": "360G-kittiwake-9",
            "title": "Core costs",
            "funder": funder.pk,
            "amount": "15000",
            "currency": "GBP",
            "award_date": "2022-05-01",
            "planned_start": "2022-07-01",
            "planned_end": "2023-06-30",
            "fund": "unrestricted",
        },
    )
    grant = Grant.objects.get(identifier="360G-kittiwake-9")
    assert response.status_code == 302 and response["Location"] == f"/funders/grants/{grant.pk}/"
    assert grant.funder == funder and grant.fund == Fund.UNRESTRICTED
