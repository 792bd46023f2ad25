"""The podcast: episodes, hosts, guests through both judges, awards, withdrawal, figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.impact.indicators import Period, get_indicator
from chorus.privacy.erasure import person_erase
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.privacy.registry import personal_data
from chorus.social.podcast import services
from chorus.social.podcast.models import Episode, Guest, Series
from chorus.voices.consent.services import consent_withdraw
from chorus.voices.models import SafeguardingConcern, StoryUse
from tests.factories import ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def series(users):
    return services.series_create(actor=users[Role.DIGITAL_OFFICER], title="Invented Voices")


@pytest.fixture
def episode(users, series):
    return services.episode_create(
        actor=users[Role.DIGITAL_OFFICER],
        series=series,
        number=1,
        title="Crossing lines",
        published_on=D(2023, 3, 14),
        show_notes="Write to producer@example.org with your questions.",
    )


def _podcast_consent(**fields):
    return ConsentFactory(media_types=["podcast", "online"], **fields)


def test_show_notes_are_kept_without_email_addresses(episode):
    assert episode.show_notes == "Write to <address> with your questions."
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="social.episode", object_id=str(episode.pk)
    ).exists()


def test_a_guest_whose_consent_excludes_podcasts_is_refused_with_the_reason(client_for, episode):
    consent = ConsentFactory(media_types=["print", "online"])
    response = client_for(Role.DIGITAL_OFFICER).post(
        reverse("social:episode_guest_add", args=[episode.pk]),
        {"storyteller": consent.storyteller.pk, "identity_level": "first_name"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Refused: The consent given on 10 January 2022 does not cover podcast." in page
    assert not StoryUse.objects.filter(kind=StoryUse.Kind.PODCAST_GUEST).exists()
    assert not Guest.objects.exists()


def test_an_anonymous_guest_is_judged_as_anonymous_and_kept_out_of_the_notes(users, series):
    consent = _podcast_consent(identity_level="anonymous")
    person = consent.storyteller.person
    episode = services.episode_create(
        actor=users[Role.DIGITAL_OFFICER],
        series=series,
        number=2,
        title="Home, twice",
        published_on=D(2023, 5, 9),
        show_notes=f"This week {person.full_name} tells us about "
        f"{consent.storyteller.media_name}'s first winter.",
    )
    # Named, they would be more identifiable than this consent allows: refused.
    with pytest.raises(ValidationError):
        services.episode_guest_add(
            actor=users[Role.DIGITAL_OFFICER],
            episode=episode,
            storyteller=consent.storyteller,
            anonymous=False,
            identity_level="first_name",
        )
    guest = services.episode_guest_add(
        actor=users[Role.DIGITAL_OFFICER],
        episode=episode,
        storyteller=consent.storyteller,
        anonymous=True,
        voice_disguised=True,
    )
    assert guest.use.identity_level == "anonymous"
    assert guest.use.media_type == "podcast"
    assert guest.use.used_on == D(2023, 5, 9)
    assert guest.voice_disguised
    episode.refresh_from_db()
    assert person.full_name not in episode.show_notes
    assert consent.storyteller.media_name not in episode.show_notes
    assert episode.show_notes.startswith("This week <name> tells us about <name>'s")


def test_a_safeguarding_hold_refuses_a_guest_and_says_nothing_of_the_concern(users, episode):
    consent = _podcast_consent()
    SafeguardingConcern.objects.create(
        storyteller=consent.storyteller,
        raised_on=D(2023, 1, 2),
        level="high",
        summary="CANARY-CONCERN",
    )
    with pytest.raises(ValidationError) as refusal:
        services.episode_guest_add(
            actor=users[Role.DIGITAL_OFFICER],
            episode=episode,
            storyteller=consent.storyteller,
            anonymous=True,
        )
    assert "On hold: ask the safeguarding lead." in str(refusal.value)
    assert "CANARY" not in str(refusal.value)


def test_a_guest_twice_in_one_episode_is_refused(users, episode):
    consent = _podcast_consent()
    kwargs = {
        "actor": users[Role.ADMIN],
        "episode": episode,
        "storyteller": consent.storyteller,
        "anonymous": False,
    }
    services.episode_guest_add(**kwargs)
    with pytest.raises(ValidationError, match="already a guest"):
        services.episode_guest_add(**kwargs)


def test_withdrawal_lists_the_episode_with_what_to_do(client_for, users, episode):
    consent = _podcast_consent()
    client = client_for(Role.DIGITAL_OFFICER)
    response = client.post(
        reverse("social:episode_guest_add", args=[episode.pk]),
        {"storyteller": consent.storyteller.pk, "identity_level": "first_name"},
    )
    assert response.status_code == 302
    page = client.get(reverse("social:episode_detail", args=[episode.pk])).content.decode()
    assert consent.storyteller.reference in page
    consent_withdraw(
        actor=users[Role.SAFEGUARDING_LEAD],
        storyteller=consent.storyteller,
        on=timezone.localdate(),
        how="verbal",
        note="",
    )
    uses = client_for(Role.SAFEGUARDING_LEAD).get(
        reverse("voices:withdrawal_uses", args=[consent.storyteller.pk])
    )
    text = uses.content.decode()
    assert "Podcast guest: Invented Voices #1: Crossing lines" in text
    assert "Edit the episode to cut their part, or take it down from every feed" in text


def test_hosts_are_a_person_or_staff_and_show_on_the_episode(client_for, users, episode):
    person = PersonFactory(full_name="Invented Former Ambassador")
    client = client_for(Role.DIGITAL_OFFICER)
    both = client.post(
        reverse("social:episode_host_add", args=[episode.pk]),
        {"person": person.pk, "staff": users[Role.DIGITAL_OFFICER].pk},
    )
    assert "Choose either a person or a member of staff." in both.content.decode()
    client.post(
        reverse("social:episode_host_add", args=[episode.pk]),
        {"person": person.pk, "role": "co-presenter"},
    )
    client.post(
        reverse("social:episode_host_add", args=[episode.pk]),
        {"staff": users[Role.DIGITAL_OFFICER].pk},
    )
    page = client.get(reverse("social:episode_detail", args=[episode.pk])).content.decode()
    assert "Invented Former Ambassador · co-presenter" in page
    assert episode.hosts.count() == 2


def test_a_volunteer_sees_how_many_guests_but_not_who(client_for, users, episode):
    consent = _podcast_consent()
    services.episode_guest_add(
        actor=users[Role.ADMIN], episode=episode, storyteller=consent.storyteller, anonymous=True
    )
    page = client_for(Role.VOLUNTEER).get(reverse("social:episode_detail", args=[episode.pk]))
    text = page.content.decode()
    assert "1 guest (only staff who work with storytellers see which)" in text
    assert consent.storyteller.reference not in text


def test_an_award_or_shortlisting_shows_on_the_series(client_for, series, episode):
    client = client_for(Role.DIGITAL_OFFICER)
    missing = client.post(reverse("social:series_award_create", args=[series.pk]), {"year": 2024})
    assert missing.status_code == 200
    assert "This field is required." in missing.content.decode()
    response = client.post(
        reverse("social:series_award_create", args=[series.pk]),
        {"name": "Independent Podcast Awards", "year": 2024, "outcome": "shortlisted"},
    )
    assert response.status_code == 302
    page = client.get(reverse("social:series_list")).content.decode()
    assert "Shortlisted: Independent Podcast Awards 2024" in page


def test_an_episode_number_is_used_once_per_series(client_for, series, episode):
    response = client_for(Role.DIGITAL_OFFICER).post(
        reverse("social:series_episode_create", args=[series.pk]),
        {"number": 1, "title": "Again"},
    )
    assert response.status_code == 200
    assert "Invented Voices already has an episode 1." in response.content.decode()
    assert Episode.objects.count() == 1


def test_the_series_page_has_an_empty_state(client_for, series):
    page = client_for(Role.READ_ONLY).get(reverse("social:series_detail", args=[series.pk]))
    assert "No episodes yet." in page.content.decode()


def test_podcast_episodes_counts_those_published_in_the_period(users, series):
    for number, day in enumerate(
        [D(2022, 6, 30), D(2022, 7, 1), D(2023, 6, 30), D(2023, 7, 1), None], start=1
    ):
        services.episode_create(
            actor=users[Role.ADMIN],
            series=series,
            number=number,
            title=f"E{number}",
            published_on=day,
        )
    other = Series.objects.create(title="Another")
    services.episode_create(
        actor=users[Role.ADMIN], series=other, number=1, title="X", published_on=D(2023, 1, 1)
    )
    result = get_indicator("podcast.episodes").compute(Period.financial_year(2022))
    assert result.value == 3
    assert result.records_url == reverse("social:series_list")


def test_subject_access_and_erasure_find_a_guest_and_a_host(users, episode):
    consent = _podcast_consent()
    services.episode_guest_add(
        actor=users[Role.ADMIN], episode=episode, storyteller=consent.storyteller, anonymous=True
    )
    host = PersonFactory(full_name="Invented Host")
    services.episode_host_add(actor=users[Role.ADMIN], episode=episode, person=host)
    kinds = {kind.label: kind for kind in personal_data()}
    guest_person = consent.storyteller.person
    assert list(kinds["social.guest"].records_of(guest_person)) == list(Guest.objects.all())
    assert kinds["social.host"].records_of(host).count() == 1
    result = person_erase(actor=users[Role.ADMIN], person=guest_person, reason="request")
    # The guest row stays (it is counted) and names no one; the use's description is blanked.
    assert result.records["social.guest"] == 1
    assert Guest.objects.get().use.description == ""
