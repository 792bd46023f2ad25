"""Participants' quotes: kept while consent holds and for a stated period after the study;
a withdrawal or an erasure deletes them; subject access lists them."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy import registry
from chorus.privacy.erasure import person_erase
from chorus.privacy.models import AuditEntry
from chorus.privacy.subject_access import subject_access_export
from chorus.research import services
from chorus.research.models import Quote, Study
from chorus.research.privacy import quotes_delete_expired, quotes_kept_until
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _study(users, *, ended_on: datetime.date | None, title: str = "Focus groups") -> Study:
    return services.study_create(
        actor=users[Role.DIGITAL_OFFICER],
        title=title,
        method="focus_group",
        started_on=D(2022, 10, 1),
        ended_on=ended_on,
    )


def _quote(users, study: Study, text: str, participant=None) -> Quote:
    return services.quote_create(
        actor=users[Role.DIGITAL_OFFICER],
        study=study,
        text=text,
        context="a participant in a focus group",
        consent_given=True,
        participant=participant,
    )


def test_quotes_are_registered_as_special_category_found_by_their_participant():
    entry = registry.registration_for("research.quote")
    assert entry is not None and entry.article9 is not None
    assert entry.paths == ("participant",)
    assert registry.unregistered_models() == []


def test_subject_access_lists_the_persons_quotes_and_no_one_elses(users):
    person = PersonFactory(full_name="Tamsin Rowe")
    study = _study(users, ended_on=D(2022, 10, 13))
    _quote(users, study, "I had never heard of safe routes.", participant=person)
    _quote(users, study, "Someone else's words.", participant=PersonFactory())
    _quote(users, study, "Words of someone the partner recruited.")
    archive = subject_access_export(actor=users[Role.SAFEGUARDING_LEAD], person=person)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        found = json.loads(opened.read("research.quote.json"))
    assert [row["text"] for row in found] == ["I had never heard of safe routes."]


def test_erasure_deletes_the_persons_quotes_and_leaves_the_rest(users):
    person = PersonFactory(full_name="Kerensa Hocking")
    study = _study(users, ended_on=None)
    mine = _quote(users, study, "My own words.", participant=person)
    other = _quote(users, study, "Another participant's words.")
    result = person_erase(actor=users[Role.SAFEGUARDING_LEAD], person=person, reason="request")
    assert result.records["research.quote"] == 1
    assert list(Quote.objects.values_list("pk", flat=True)) == [other.pk]
    # The audit rows of the erased quote keep no trace of what it said.
    rows = AuditEntry.objects.filter(object_type="research.quote", object_id=str(mine.pk))
    assert rows.exists()
    assert all("My own words" not in json.dumps(row.changes) for row in rows)


def test_a_withdrawal_deletes_the_quote_at_once_and_the_log_says_why(users):
    person = PersonFactory()
    study = _study(users, ended_on=None)
    first = _quote(users, study, "First.", participant=person)
    _quote(users, study, "Second.", participant=person)
    kept = _quote(users, study, "Someone else.")
    client = Client()
    client.force_login(users[Role.DIGITAL_OFFICER])
    url = reverse("research:quote_withdraw", args=[first.pk])
    assert "withdrew their consent" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Quote.objects.filter(pk=first.pk).exists()
    entry = AuditEntry.objects.get(
        object_type="research.quote", object_id=str(first.pk), action="delete"
    )
    assert entry.note == "consent withdrawn"
    # Withdrawing everything a person said, as when they ask to be left out altogether.
    assert services.quotes_withdraw_for(actor=users[Role.ADMIN], person=person) == 1
    assert list(Quote.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_coordinator_cannot_withdraw_or_read_quotes(users):
    study = _study(users, ended_on=None)
    quote = _quote(users, study, "Words.")
    client = Client()
    client.force_login(users[Role.COORDINATOR])
    assert client.post(reverse("research:quote_withdraw", args=[quote.pk])).status_code == 403
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_quotes_go_once_the_stated_period_after_the_study_is_over(users, settings):
    settings.CHORUS_RESEARCH_QUOTE_RETENTION_MONTHS = 36
    old = _study(users, ended_on=D(2022, 10, 13), title="Old")
    recent = _study(users, ended_on=D(2024, 4, 30), title="Recent")
    running = _study(users, ended_on=None, title="Running")
    gone = _quote(users, old, "Old words.")
    _quote(users, recent, "Recent words.")
    _quote(users, running, "Words from a study still running.")
    assert quotes_kept_until(old) == D(2025, 10, 13)
    assert quotes_kept_until(running) is None
    # On the last day of the period the quote is still kept.
    assert quotes_delete_expired(today=D(2025, 10, 13)) == 0
    assert quotes_delete_expired(today=D(2025, 10, 14)) == 1
    assert sorted(Quote.objects.values_list("study__title", flat=True)) == ["Recent", "Running"]
    entry = AuditEntry.objects.get(
        object_type="research.quote", object_id=str(gone.pk), action="delete"
    )
    assert entry.note.startswith("retention: study ended more than 36 months ago")
    assert quotes_delete_expired(today=D(2025, 10, 15)) == 0


def test_the_quotes_page_says_how_long_they_are_kept(users, settings):
    settings.CHORUS_RESEARCH_QUOTE_RETENTION_MONTHS = 36
    study = _study(users, ended_on=D(2024, 4, 30))
    _quote(users, study, "Words.", participant=PersonFactory(full_name="Hidden Name"))
    client = Client()
    client.force_login(users[Role.MEDIA_OFFICER])
    page = client.get(reverse("research:study_quotes", args=[study.pk])).content.decode()
    assert "Kept until 30 April 2027, 36 months after the study ended" in page
    assert "the participant's record is linked" in page
    # The link is kept for the participant's rights; their name is never shown.
    assert "Hidden Name" not in page


def test_a_quote_can_be_kept_with_its_participant_by_number(users):
    study = _study(users, ended_on=None)
    person = PersonFactory()
    client = Client()
    client.force_login(users[Role.DIGITAL_OFFICER])
    url = reverse("research:study_quote_add", args=[study.pk])
    form = {
        "text": "Words.",
        "context": "a participant in a workshop",
        "consent_given": "on",
        "consent_recorded_on": "2022-10-01",
    }
    bad = client.post(url, {**form, "participant": "999999"})
    assert "No person numbered 999999" in bad.content.decode()
    assert client.post(url, {**form, "participant": str(person.pk)}).status_code == 302
    assert Quote.objects.get().participant == person
