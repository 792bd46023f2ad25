"""Safeguarding concerns: seen only by the safeguarding lead and admins, 404 for everyone else."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib import crypto
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.models import SafeguardingAction, SafeguardingConcern
from tests.factories import StorytellerFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Invented summary: worried about hostile comments"
NOTES = "Invented notes: family abroad could be identified"
ACTION = "Invented action: call before the interview"
TODAY = datetime.date(2023, 6, 15)

KEPT_OUT = [
    Role.MEDIA_OFFICER,
    Role.COORDINATOR,
    Role.DIGITAL_OFFICER,
    Role.VOLUNTEER,
    Role.READ_ONLY,
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def storyteller():
    return StorytellerFactory(reference="S-0013")


@pytest.fixture
def concern(storyteller, users):
    concern = SafeguardingConcern.objects.create(
        storyteller=storyteller,
        raised_on=datetime.date(2023, 6, 1),
        raised_by=users[Role.SAFEGUARDING_LEAD],
        level=SafeguardingConcern.Level.HIGH,
        summary=SUMMARY,
        notes=NOTES,
    )
    SafeguardingAction.objects.create(
        concern=concern,
        description=ACTION,
        owner=users[Role.SAFEGUARDING_LEAD],
        due_on=datetime.date(2023, 6, 10),
    )
    return concern


def _urls(storyteller, concern) -> list[tuple[str, str]]:
    """(method, url) of every safeguarding page."""
    action = concern.actions.get()
    return [
        ("get", reverse("voices:concern_overview")),
        ("get", reverse("voices:storyteller_concerns", args=[storyteller.pk])),
        ("get", reverse("voices:storyteller_concern_raise", args=[storyteller.pk])),
        ("post", reverse("voices:storyteller_concern_raise", args=[storyteller.pk])),
        ("get", reverse("voices:concern_detail", args=[concern.pk])),
        ("get", reverse("voices:concern_edit", args=[concern.pk])),
        ("post", reverse("voices:concern_action_add", args=[concern.pk])),
        ("post", reverse("voices:concern_resolve", args=[concern.pk])),
        ("post", reverse("voices:safeguarding_action_done", args=[action.pk])),
    ]


def _audit_dump() -> str:
    return json.dumps(list(AuditEntry.objects.values()), default=str)


@pytest.mark.parametrize("role", KEPT_OUT)
def test_it_answers_404_on_every_safeguarding_page_to_other_roles(
    client_for, storyteller, concern, role
):
    client = client_for(role)
    for method, url in _urls(storyteller, concern):
        response = getattr(client, method)(
            url, {"level": "low", "summary": "x", "status": "closed"}
        )
        assert response.status_code == 404, url
        html = response.content.decode()
        assert SUMMARY not in html and ACTION not in html
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.OPEN
    assert SafeguardingConcern.objects.count() == 1
    assert concern.actions.get().done_on is None


def test_it_shows_no_sign_of_concerns_on_the_profile_to_the_media_officer(
    client_for, storyteller, concern
):
    html = (
        client_for(Role.MEDIA_OFFICER)
        .get(reverse("voices:storyteller_detail", args=[storyteller.pk]))
        .content.decode()
    )
    assert SUMMARY not in html
    assert "Safeguarding" not in html
    assert reverse("voices:concern_overview") not in html
    # "Raise a concern" is in everyone's menu; beyond it, the page says no more about a
    # storyteller with a concern than about one without.
    other = StorytellerFactory(reference="S-0014")
    other_html = (
        client_for(Role.MEDIA_OFFICER)
        .get(reverse("voices:storyteller_detail", args=[other.pk]))
        .content.decode()
    )
    assert html.lower().count("concern") == other_html.lower().count("concern")


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.ADMIN])
def test_it_shows_concerns_on_the_profile_to_the_safeguarding_lead(
    client_for, storyteller, concern, role
):
    response = client_for(role).get(reverse("voices:storyteller_detail", args=[storyteller.pk]))
    html = response.content.decode()
    assert SUMMARY in html and "High concern" in html
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.note == "viewed profile and safeguarding concerns (with sensitive details)"


def test_it_raises_a_concern_stored_encrypted_and_audited_without_its_text(
    client_for, users, storyteller
):
    url = reverse("voices:storyteller_concern_raise", args=[storyteller.pk])
    client = client_for(Role.SAFEGUARDING_LEAD)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"raised_on": "2023-06-15", "level": "medium", "summary": SUMMARY, "notes": NOTES}
    )
    concern = SafeguardingConcern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("voices:concern_detail", args=[concern.pk])
    assert concern.raised_by == users[Role.SAFEGUARDING_LEAD]
    assert (concern.level, concern.status) == ("medium", "open")
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, notes FROM voices_safeguardingconcern")
        for stored in cursor.fetchone():
            assert stored.startswith(crypto.PREFIX)
            assert SUMMARY not in stored and NOTES not in stored
    create = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="voices.safeguardingconcern"
    )
    assert create.changes["summary"] == "changed"
    assert create.object_repr == "Medium concern about S-0013 (Open)"
    dump = _audit_dump()
    assert SUMMARY not in dump and NOTES not in dump


def test_it_needs_a_summary_to_raise_a_concern(client_for, storyteller):
    url = reverse("voices:storyteller_concern_raise", args=[storyteller.pk])
    response = client_for(Role.ADMIN).post(url, {"raised_on": "2023-06-15", "level": "low"})
    assert response.status_code == 200
    assert not SafeguardingConcern.objects.exists()


def test_it_shows_a_concern_with_its_actions_and_audits_the_read(client_for, users, concern):
    response = client_for(Role.SAFEGUARDING_LEAD).get(
        reverse("voices:concern_detail", args=[concern.pk])
    )
    html = response.content.decode()
    assert SUMMARY in html and NOTES in html and ACTION in html
    assert "Overdue" in html
    assert response["Cache-Control"] == "no-store"
    read = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert read.object_type == "voices.safeguardingconcern"
    assert read.object_id == str(concern.pk)
    assert read.actor == users[Role.SAFEGUARDING_LEAD]


def test_it_adds_an_action_and_marks_it_done(client_for, users, concern):
    client = client_for(Role.SAFEGUARDING_LEAD)
    response = client.post(
        reverse("voices:concern_action_add", args=[concern.pk]),
        {
            "action-description": "Invented: book a Farsi interpreter",
            "action-owner": users[Role.ADMIN].pk,
            "action-due_on": "2023-06-20",
        },
    )
    assert response.status_code == 302
    added = concern.actions.get(due_on=datetime.date(2023, 6, 20))
    assert added.owner == users[Role.ADMIN]
    response = client.post(reverse("voices:safeguarding_action_done", args=[added.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("voices:concern_detail", args=[concern.pk])
    added.refresh_from_db()
    assert added.done_on == TODAY
    done = AuditEntry.objects.get(
        action=AuditAction.UPDATE, object_type="voices.safeguardingaction"
    )
    assert done.changes == {"done_on": {"from": None, "to": "2023-06-15"}}
    assert "Farsi interpreter" not in _audit_dump()


def test_it_gives_actions_only_to_staff_who_may_see_concerns(client_for, users, concern):
    response = client_for(Role.ADMIN).post(
        reverse("voices:concern_action_add", args=[concern.pk]),
        {"action-description": "Invented", "action-owner": users[Role.MEDIA_OFFICER].pk},
    )
    assert response.status_code == 200
    assert concern.actions.count() == 1


@pytest.mark.parametrize("outcome", ["closed"])
def test_it_closes_a_concern(client_for, users, concern, outcome):
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("voices:concern_resolve", args=[concern.pk]), {"status": outcome}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == outcome
    assert concern.resolved_by == users[Role.SAFEGUARDING_LEAD]
    assert concern.resolved_on == TODAY
    update = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert update.changes["status"] == {"from": "open", "to": outcome}


def test_it_does_not_reopen_a_concern_through_resolve(client_for, concern):
    response = client_for(Role.ADMIN).post(
        reverse("voices:concern_resolve", args=[concern.pk]), {"status": "open"}
    )
    assert response.status_code == 200
    concern.refresh_from_db()
    assert concern.status == "open" and concern.resolved_on is None


def test_it_edits_a_concern(client_for, concern):
    url = reverse("voices:concern_edit", args=[concern.pk])
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        url, {"level": "low", "summary": "Invented: calmer now", "notes": NOTES}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.level == "low" and concern.summary == "Invented: calmer now"
    update = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert update.changes == {"level": {"from": "high", "to": "low"}, "summary": "changed"}


def test_it_lists_open_concerns_with_their_open_actions(client_for, users, concern):
    other = StorytellerFactory(reference="S-0099")
    SafeguardingConcern.objects.create(
        storyteller=other,
        raised_on=datetime.date(2023, 1, 1),
        level="low",
        summary="Invented: resolved long ago",
        status=SafeguardingConcern.Status.CLOSED,
    )
    erased = StorytellerFactory(reference="S-0100", status="erased")
    SafeguardingConcern.objects.create(
        storyteller=erased, raised_on=TODAY, level="high", summary="Invented: erased person"
    )
    response = client_for(Role.SAFEGUARDING_LEAD).get(reverse("voices:concern_overview"))
    html = response.content.decode()
    assert SUMMARY in html and ACTION in html and "S-0013" in html and "Overdue" in html
    assert "resolved long ago" not in html and "erased person" not in html
    read = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert read.note == "viewed the overview of open concerns (1)"
    assert read.actor == users[Role.SAFEGUARDING_LEAD]


def test_it_lists_every_concern_of_one_storyteller(client_for, storyteller, concern):
    SafeguardingConcern.objects.create(
        storyteller=storyteller,
        raised_on=datetime.date(2022, 1, 1),
        level="low",
        summary="Invented: an earlier concern",
        status=SafeguardingConcern.Status.CLEARED,
    )
    html = (
        client_for(Role.ADMIN)
        .get(reverse("voices:storyteller_concerns", args=[storyteller.pk]))
        .content.decode()
    )
    assert SUMMARY in html and "an earlier concern" in html and "Cleared to take part" in html
