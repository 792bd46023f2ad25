"""The requests inbox, the match page, the pipeline from shortlist to debrief, and the outcome."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.media.models import JournalistRequest, Placement, RequestCandidate
from chorus.privacy.models import AuditEntry
from chorus.voices.models import (
    Interpreter,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
)
from tests.factories import (
    ConsentFactory,
    OutletFactory,
    PersonFactory,
    RegionFactory,
    StorytellerFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("media:request_list")
NOW = datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def make_request(**fields) -> JournalistRequest:
    values = {
        "outlet": fields.pop("outlet", None) or OutletFactory(),
        "received_on": datetime.date(2024, 2, 28),
        "brief": "A first-person piece on a first winter in the North East.",
        "format": "first_person",
        "media_type": "online",
        "identity_level_acceptable": "first_name",
    }
    values.update(fields)
    return JournalistRequest.objects.create(**values)


def storyteller(consent: bool = True, **fields) -> StorytellerProfile:
    fields.setdefault("media_training_done", True)
    profile = StorytellerFactory(**fields)
    if consent:
        ConsentFactory(storyteller=profile)
    return profile


def open_concern(profile: StorytellerProfile, summary: str = "Hostile messages") -> None:
    SafeguardingConcern.objects.create(
        storyteller=profile, raised_on=datetime.date(2024, 2, 1), level="high", summary=summary
    )


def candidate(request: JournalistRequest, profile: StorytellerProfile, status: str):
    return RequestCandidate.objects.create(
        request=request,
        storyteller=profile,
        identity_level=request.identity_level_acceptable,
        status=status,
    )


def _step(client, request, cand, step, **extra):
    return client.post(
        reverse("media:request_candidate_step", args=[request.pk]),
        {"candidate": cand.pk, "step": step, **extra},
    )


# --- Who may see requests -------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR, Role.DIGITAL_OFFICER]
)
def test_it_keeps_requests_from_roles_that_do_not_work_with_storytellers(client_for, role):
    request = make_request()
    client = client_for(role)
    for url in (
        LIST,
        reverse("media:request_create"),
        reverse("media:request_detail", args=[request.pk]),
        reverse("media:request_match", args=[request.pk]),
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SAFEGUARDING_LEAD, Role.MEDIA_OFFICER])
def test_it_shows_requests_to_the_media_desk_and_safeguarding(client_for, role):
    request = make_request()
    assert client_for(role).get(LIST).status_code == 200
    assert (
        client_for(role).get(reverse("media:request_detail", args=[request.pk])).status_code == 200
    )


# --- The inbox --------------------------------------------------------------------------


def test_it_logs_a_request_with_what_the_journalist_needs(client_for):
    outlet = OutletFactory(name="Example Evening News")
    journalist = outlet.journalists.create(person=PersonFactory(full_name="Invented Reporter"))
    region = RegionFactory(name="Stockton-on-Tees")
    theme = ThemeFactory(name="Asylum hotels")
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:request_create"),
        {
            "outlet": outlet.pk,
            "journalist": journalist.pk,
            "received_on": "2024-03-01",
            "deadline": "2024-03-04T17:00",
            "brief": "Someone who lived in a hotel for a year.",
            "format": "interview",
            "media_type": "broadcast",
            "languages": "English,  farsi, English",
            "region": region.pk,
            "themes": [theme.pk],
            "identity_level_acceptable": "pseudonym",
            "face_needed": "",
            "status": "open",
            "notes": "",
        },
    )
    request = JournalistRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("media:request_detail", args=[request.pk])
    assert request.languages == ["English", "farsi"]
    assert list(request.themes.all()) == [theme]
    assert request.journalist == journalist
    assert AuditEntry.objects.filter(object_type="media.journalistrequest").exists()


def test_it_refuses_a_journalist_of_another_outlet(client_for):
    other = OutletFactory()
    journalist = other.journalists.create(person=PersonFactory())
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:request_create"),
        {
            "outlet": OutletFactory().pk,
            "journalist": journalist.pk,
            "received_on": "2024-03-01",
            "brief": "x",
            "format": "interview",
            "media_type": "online",
            "identity_level_acceptable": "anonymous",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "writes for" in str(response.context["form"].errors["journalist"])
    assert not JournalistRequest.objects.exists()


def test_it_edits_a_request(client_for):
    request = make_request(languages=["Arabic"])
    client = client_for(Role.MEDIA_OFFICER)
    form = client.get(reverse("media:request_edit", args=[request.pk])).context["form"]
    assert form.initial["languages"] == "Arabic"
    data = {k: v for k, v in form.initial.items() if v is not None and k != "themes"}
    data.update(languages="Arabic, Kurdish", brief="A new brief", received_on="2024-02-28")
    response = client.post(reverse("media:request_edit", args=[request.pk]), data)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.languages == ["Arabic", "Kurdish"] and request.brief == "A new brief"


def test_it_filters_by_status_and_outlet_and_flags_deadlines(client_for):
    outlet = OutletFactory(name="Example Daily")
    overdue = make_request(outlet=outlet, deadline=NOW - datetime.timedelta(hours=1))
    soon = make_request(deadline=NOW + datetime.timedelta(hours=20))
    done = make_request(deadline=NOW - datetime.timedelta(days=2), status="done")
    client = client_for(Role.MEDIA_OFFICER)

    page = client.get(LIST)
    html = page.content.decode()
    assert html.count("Deadline passed") == 1 and html.count("Due within 48 hours") == 1
    states = {r.pk: r.deadline_state for r in page.context["page_obj"]}
    assert states == {overdue.pk: "overdue", soon.pk: "soon", done.pk: ""}

    by_outlet = client.get(LIST, {"outlet": outlet.pk}).context["page_obj"]
    assert [r.pk for r in by_outlet] == [overdue.pk]
    by_status = client.get(LIST, {"status": "done"}).context["page_obj"]
    assert [r.pk for r in by_status] == [done.pk]


def test_the_inbox_costs_the_same_queries_for_many_requests(
    client_for, django_assert_max_num_queries
):
    client = client_for(Role.MEDIA_OFFICER)
    for _ in range(3):
        make_request(journalist=OutletFactory().journalists.create(person=PersonFactory()))
    client.get(LIST)
    for _ in range(20):
        outlet = OutletFactory()
        make_request(outlet=outlet, journalist=outlet.journalists.create(person=PersonFactory()))
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


# --- Matching page ---------------------------------------------------------------------


def test_the_match_page_ranks_and_explains_without_revealing_concerns(client_for):
    request = make_request(languages=["Farsi"])
    speaker = storyteller(reference="S-0100", media_name="Invented Media Name")
    StorytellerLanguage.objects.create(storyteller=speaker, language="Farsi", level="native")
    held = storyteller(reference="S-0101")
    StorytellerLanguage.objects.create(storyteller=held, language="Farsi", level="fluent")
    open_concern(held, summary="CANARY-DESK-CONCERN")
    storyteller(reference="S-0102")

    response = client_for(Role.MEDIA_OFFICER).get(
        reverse("media:request_match", args=[request.pk]),
        {"shown": "1"},  # everyone
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert [row["result"].storyteller.reference for row in response.context["rows"]] == [
        "S-0100",
        "S-0101",
        "S-0102",
    ]
    assert "Speaks Farsi (first language)." in html
    assert "On hold: ask the safeguarding lead." in html
    assert "Does not speak Farsi at conversational level or better." in html
    assert "CANARY" not in html
    # Names used in media are sensitive: the media officer sees references only.
    assert "Invented Media Name" not in html
    assert response["Cache-Control"] == "no-store"


def test_the_match_page_shows_names_in_media_to_the_safeguarding_lead_and_audits_it(client_for):
    request = make_request()
    profile = storyteller(reference="S-0110", media_name="Invented Media Name")
    response = client_for(Role.SAFEGUARDING_LEAD).get(
        reverse("media:request_match", args=[request.pk])
    )
    assert "Invented Media Name" in response.content.decode()
    entry = AuditEntry.objects.get(object_id=str(profile.pk), action="view")
    assert "Invented Media Name" not in entry.note + entry.object_repr


def test_the_match_page_costs_the_same_queries_for_a_larger_network(
    client_for, django_assert_max_num_queries
):
    request = make_request(languages=["English"], region=RegionFactory())
    request.themes.set([ThemeFactory()])
    client = client_for(Role.MEDIA_OFFICER)
    url = reverse("media:request_match", args=[request.pk]) + "?shown=1"  # everyone
    for _ in range(3):
        storyteller()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(60):
        storyteller()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 50
    assert response.context["page_obj"].paginator.count == 63


@pytest.mark.parametrize("query", [{}, {"shown": "1", "fit": "on"}])
def test_the_match_page_shows_only_those_who_fit_by_default(client_for, query):
    request = make_request()
    storyteller(reference="S-0120")
    storyteller(reference="S-0121", consent=False)
    response = client_for(Role.MEDIA_OFFICER).get(
        reverse("media:request_match", args=[request.pk]), query
    )
    assert [row["result"].storyteller.reference for row in response.context["rows"]] == ["S-0120"]
    assert response.context["summary"] == {"considered": 2, "eligible": 1, "held": 0}
    assert 'name="fit" checked' in response.content.decode().replace(' id="id_fit"', "")


def test_the_match_page_shows_everyone_when_the_filter_is_unticked(client_for):
    request = make_request()
    storyteller(reference="S-0120")
    storyteller(reference="S-0121", consent=False)
    response = client_for(Role.MEDIA_OFFICER).get(
        reverse("media:request_match", args=[request.pk]), {"shown": "1"}
    )
    refs = [row["result"].storyteller.reference for row in response.context["rows"]]
    assert refs == ["S-0120", "S-0121"]


def test_a_storyteller_who_misses_a_must_have_never_ranks_above_one_who_meets_them_all(
    client_for,
):
    """The review's case: a Farsi, North East, ITV request; the best-scored storyteller
    lives in the West Midlands and must not come first, nor be labelled "Fits"."""
    north_east = RegionFactory(name="North East")
    west_midlands = RegionFactory(name="West Midlands")
    request = make_request(languages=["Farsi"], region=north_east)
    birmingham = storyteller(reference="S-0036", region=west_midlands, experience="experienced")
    StorytellerLanguage.objects.create(storyteller=birmingham, language="Farsi", level="native")
    newcastle = storyteller(reference="S-0037", region=north_east, media_training_done=False)
    StorytellerLanguage.objects.create(
        storyteller=newcastle, language="Farsi", level="conversational"
    )
    response = client_for(Role.MEDIA_OFFICER).get(
        reverse("media:request_match", args=[request.pk]), {"shown": "1"}
    )
    rows = [row["result"] for row in response.context["rows"]]
    assert [r.storyteller.reference for r in rows] == ["S-0037", "S-0036"]
    assert [r.eligible for r in rows] == [True, False]
    html = response.content.decode()
    card = html[html.index("S-0036") :]
    assert "Does not fit" in card[: card.index("</h2>")]


# --- Shortlist and the pipeline ----------------------------------------------------------


def test_it_shortlists_a_storyteller_with_the_consent_that_covers_the_request(client_for):
    request = make_request()
    profile = storyteller()
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:request_shortlist", args=[request.pk]), {"storyteller": profile.pk}
    )
    assert response.status_code == 302
    cand = RequestCandidate.objects.get()
    assert cand.storyteller == profile
    assert cand.status == RequestCandidate.Status.SHORTLISTED
    assert cand.consent == profile.consents.get()
    assert cand.identity_level == "first_name"
    request.refresh_from_db()
    assert request.status == JournalistRequest.Status.MATCHING


def test_it_refuses_to_shortlist_someone_whose_consent_does_not_cover_it(client_for):
    request = make_request(media_type="broadcast")
    profile = storyteller()
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:request_shortlist", args=[request.pk]),
        {"storyteller": profile.pk},
        follow=True,
    )
    assert not RequestCandidate.objects.exists()
    assert "does not cover broadcast" in response.content.decode()


def test_a_held_storyteller_goes_straight_to_safeguarding(client_for):
    request = make_request()
    profile = storyteller()
    open_concern(profile)
    client_for(Role.MEDIA_OFFICER).post(
        reverse("media:request_shortlist", args=[request.pk]), {"storyteller": profile.pk}
    )
    assert RequestCandidate.objects.get().status == RequestCandidate.Status.SAFEGUARDING
    request.refresh_from_db()
    assert request.status == JournalistRequest.Status.SAFEGUARDING


def test_the_media_officer_waits_for_safeguarding_and_cannot_clear(client_for):
    request = make_request()
    profile = storyteller(reference="S-0200")
    open_concern(profile, summary="CANARY-PIPELINE")
    cand = candidate(request, profile, RequestCandidate.Status.SAFEGUARDING)
    media = client_for(Role.MEDIA_OFFICER)

    page = media.get(reverse("media:request_detail", args=[request.pk])).content.decode()
    assert "Waiting for safeguarding" in page
    assert "Clear to take part" not in page
    assert "CANARY" not in page

    refused = media.post(
        reverse("media:request_candidate_clear", args=[request.pk]), {"candidate": cand.pk}
    )
    assert refused.status_code == 403
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.SAFEGUARDING and cand.cleared_by is None
    # Nor can they skip the step.
    _step(media, request, cand, "briefed")
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.SAFEGUARDING


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.ADMIN])
def test_the_safeguarding_lead_or_an_admin_clears_a_candidate(client_for, users, role):
    request = make_request()
    cand = candidate(request, storyteller(), RequestCandidate.Status.SAFEGUARDING)
    response = client_for(role).post(
        reverse("media:request_candidate_clear", args=[request.pk]), {"candidate": cand.pk}
    )
    assert response.status_code == 302
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.CLEARED
    assert cand.cleared_by == users[role]
    assert cand.cleared_on == datetime.date(2024, 3, 1)


def test_clearing_checks_consent_again(client_for):
    request = make_request()
    profile = storyteller()
    cand = candidate(request, profile, RequestCandidate.Status.SAFEGUARDING)
    profile.consents.update(withdrawn_on=datetime.date(2024, 2, 29))
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("media:request_candidate_clear", args=[request.pk]),
        {"candidate": cand.pk},
        follow=True,
    )
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.SAFEGUARDING
    assert "withdrawn" in response.content.decode()


def test_a_cleared_candidate_gets_an_interpreter_a_briefing_and_a_debrief(client_for):
    request = make_request()
    cand = candidate(request, storyteller(), RequestCandidate.Status.SHORTLISTED)
    interpreter = Interpreter.objects.create(name="Invented Interpreter", languages="Farsi")
    media = client_for(Role.MEDIA_OFFICER)

    _step(media, request, cand, "safeguarding")
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.SAFEGUARDING
    client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("media:request_candidate_clear", args=[request.pk]), {"candidate": cand.pk}
    )
    _step(
        media,
        request,
        cand,
        "interpreter",
        interpreter=interpreter.pk,
        booked_for="2024-03-02T14:30",
    )
    _step(media, request, cand, "briefed")
    cand.refresh_from_db()
    assert cand.interpreter == interpreter
    assert timezone.localtime(cand.interpreter_booked_for).strftime("%H:%M") == "14:30"
    assert cand.status == RequestCandidate.Status.BRIEFED
    assert cand.briefed_on == datetime.date(2024, 3, 1)
    request.refresh_from_db()
    assert request.status == JournalistRequest.Status.BRIEFED

    _step(media, request, cand, "debriefed")
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.DEBRIEFED
    assert cand.debriefed_on == datetime.date(2024, 3, 1)


def test_a_candidate_of_another_request_is_not_found(client_for):
    request, other = make_request(), make_request()
    cand = candidate(other, storyteller(), RequestCandidate.Status.SHORTLISTED)
    response = _step(client_for(Role.MEDIA_OFFICER), request, cand, "withdraw")
    assert response.status_code == 404


# --- The outcome ------------------------------------------------------------------------


def test_recording_the_outcome_creates_the_placement_and_closes_the_request(client_for):
    region = RegionFactory()
    request = make_request(region=region, format="interview")
    profile = storyteller()
    spoke = candidate(request, profile, RequestCandidate.Status.DEBRIEFED)
    client = client_for(Role.MEDIA_OFFICER)

    form = client.get(reverse("media:request_outcome", args=[request.pk])).context["form"]
    # Who spoke decides that it features lived experience: there is no box for it.
    assert "features_lived_experience" not in form.fields
    response = client.post(
        reverse("media:request_outcome", args=[request.pk]),
        {
            "speakers": [spoke.pk],
            "published_on": "2024-03-01",
            "headline": "My first winter in the North East",
            "url": "https://example.org/first-winter",
            "format": "interview",
            "is_humanising": "on",
            "region": region.pk,
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    request.refresh_from_db()
    assert request.placement == placement
    assert request.status == JournalistRequest.Status.DONE
    assert placement.outlet == request.outlet
    # The storyteller who spoke is recorded against their consent, and now rests.
    use = StoryUse.objects.get()
    assert use.storyteller == profile and use.object_id == placement.pk
    profile.refresh_from_db()
    assert profile.last_media_appearance == datetime.date(2024, 3, 1)

    again = client.get(reverse("media:request_outcome", args=[request.pk]))
    assert again.status_code == 302
    assert Placement.objects.count() == 1
