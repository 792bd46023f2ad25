"""The consent screens: a storyteller's consents, recording one, checking a use."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import OutletKind
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.models import Consent, StoryUse
from tests.factories import (
    ConsentFactory,
    OutletFactory,
    PlacementFactory,
    StorytellerFactory,
    record_use,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SECRET_NAME = "Invented Secret Name"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def consent():
    storyteller = StorytellerFactory(reference="S-0042", media_name=SECRET_NAME)
    return ConsentFactory(storyteller=storyteller, topics="Talks about the asylum process")


@pytest.fixture
def storyteller(consent):
    return consent.storyteller


def page(client: Client, name: str, pk: int, **params: str) -> tuple[int, str]:
    response = client.get(reverse(name, args=[pk]), params)
    return response.status_code, response.content.decode()


def _consent_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "given_on": "2023-06-14",
        "how": "written",
        "language": "Farsi",
        "interpreter": "",
        "information_version": "v3, May 2023",
        "information_given": "Read out in Farsi.",
        "media_types": ["online", "broadcast"],
        "identity_level": "pseudonym",
        "excluded_outlet_kinds": ["tv"],
        "topics": "Not about family members",
        "expires_on": "2024-06-14",
    }
    data.update(overrides)
    return data


# --- The consent page ----------------------------------------------------------------


def test_it_lists_consents_with_their_status_and_audits_the_read(client_for, users, storyteller):
    ConsentFactory(
        storyteller=storyteller,
        given_on=D(2021, 1, 5),
        expires_on=D(2021, 12, 31),
    )
    ConsentFactory(storyteller=StorytellerFactory())  # someone else's: not shown
    status, html = page(
        client_for(Role.SAFEGUARDING_LEAD), "voices:storyteller_consents", storyteller.pk
    )
    assert status == 200
    assert "Consent of S-0042" in html
    assert "In force" in html and "Expired" in html
    assert "10 Jan 2022" in html and "5 Jan 2021" in html
    assert "Talks about the asylum process" in html
    assert SECRET_NAME in html  # the safeguarding lead sees the name used in media
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, object_type="voices.storytellerprofile")
    assert entry.actor == users[Role.SAFEGUARDING_LEAD]
    assert "consent" in entry.note


def test_it_shows_withdrawn_and_replaced_consents_as_such(client_for, storyteller, consent):
    ConsentFactory(storyteller=storyteller, given_on=D(2023, 1, 2))
    withdrawn_one = ConsentFactory(
        storyteller=StorytellerFactory(), withdrawn_on=D(2023, 2, 1), withdrawal_how="verbal"
    )
    client = client_for(Role.SAFEGUARDING_LEAD)
    _, html = page(client, "voices:storyteller_consents", storyteller.pk)
    assert "Replaced" in html
    _, html = page(client, "voices:storyteller_consents", withdrawn_one.storyteller.pk)
    assert "Withdrawn" in html and "1 Feb 2023" in html
    assert reverse("voices:withdrawal_uses", args=[withdrawn_one.storyteller.pk]) in html


def test_the_media_officer_sees_consents_but_no_identity_and_no_recording(client_for, storyteller):
    status, html = page(
        client_for(Role.MEDIA_OFFICER), "voices:storyteller_consents", storyteller.pk
    )
    assert status == 200
    assert "In force" in html
    assert SECRET_NAME not in html
    assert reverse("voices:consent_create", args=[storyteller.pk]) not in html
    assert reverse("voices:consent_withdraw", args=[storyteller.pk]) not in html


def test_it_answers_404_for_a_storyteller_that_does_not_exist(client_for):
    status, _ = page(client_for(Role.ADMIN), "voices:storyteller_consents", 999_999)
    assert status == 404


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR])
def test_roles_outside_the_work_never_see_a_storytellers_consent(client_for, storyteller, role):
    client = client_for(role)
    urls = [
        reverse(name, args=[storyteller.pk])
        for name in (
            "voices:storyteller_consents",
            "voices:consent_create",
            "voices:consent_withdraw",
            "voices:withdrawal_uses",
        )
    ] + [reverse("voices:withdrawals")]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        html = response.content.decode()
        assert "S-0042" not in html and SECRET_NAME not in html, url
        assert "asylum process" not in html, url
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_pages_are_not_cached_and_carry_no_inline_script_or_style(client_for, storyteller):
    client = client_for(Role.ADMIN)
    for name in (
        "voices:storyteller_consents",
        "voices:consent_create",
        "voices:consent_withdraw",
        "voices:withdrawal_uses",
    ):
        response = client.get(reverse(name, args=[storyteller.pk]))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "no-store", name
        html = response.content.decode()
        assert "<script>" not in html and 'style="' not in html and "<style" not in html, name


# --- Checking a use --------------------------------------------------------------------


def test_it_checks_a_use_and_says_why_it_is_not_covered_without_writing(client_for, storyteller):
    tv = OutletFactory(name="Example TV", kind=OutletKind.TV)
    client = client_for(Role.MEDIA_OFFICER)
    params = {
        "check-outlet": str(tv.pk),
        "check-media_type": "broadcast",
        "check-identity_level": "first_name",
        "check-on": "2023-06-15",
    }
    _, html = page(client, "voices:storyteller_consents", storyteller.pk, **params)
    assert "Not covered." in html
    assert "does not cover broadcast (TV / radio)" in html
    params["check-media_type"] = "online"
    _, html = page(client, "voices:storyteller_consents", storyteller.pk, **params)
    assert "Covered." in html
    assert "Covered by the consent given on 10 January 2022." in html
    assert not StoryUse.objects.exists()
    assert Consent.objects.count() == 1


# --- Recording a consent ---------------------------------------------------------------


def test_it_suggests_today_a_twelve_month_expiry_and_the_current_user(client_for, users):
    storyteller = StorytellerFactory()
    _, html = page(client_for(Role.SAFEGUARDING_LEAD), "voices:consent_create", storyteller.pk)
    assert 'name="given_on" value="2023-06-15"' in html
    assert 'name="expires_on" value="2024-06-15"' in html
    lead = users[Role.SAFEGUARDING_LEAD]
    assert f'<option value="{lead.pk}" selected>' in html
    assert 'type="checkbox" name="media_types" value="podcast"' in html
    assert '<label for="id_topics">' in html


def test_it_records_a_consent(client_for, users):
    storyteller = StorytellerFactory()
    excluded = OutletFactory(name="The Daily Example")
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("voices:consent_create", args=[storyteller.pk]),
        _consent_form(
            taken_by=users[Role.ADMIN].pk, excluded_organisations=[excluded.organisation.pk]
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("voices:storyteller_consents", args=[storyteller.pk])
    consent = Consent.objects.get(storyteller=storyteller)
    assert consent.given_on == D(2023, 6, 14) and consent.expires_on == D(2024, 6, 14)
    assert consent.media_types == ["online", "broadcast"]
    assert consent.identity_level == "pseudonym"
    assert consent.taken_by == users[Role.ADMIN]
    assert consent.language == "Farsi"
    assert consent.excluded_outlet_kinds == ["tv"]
    assert list(consent.excluded_organisations.all()) == [excluded.organisation]
    assert consent.topics == "Not about family members"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"media_types": []}, "Choose at least one media type the consent covers."),
        ({"expires_on": "2023-06-14"}, "The expiry date must be after the date it was given."),
        ({"given_on": "2023-06-16"}, "Consent cannot be given in the future: check the date."),
    ],
)
def test_it_explains_what_is_wrong_with_a_consent(client_for, users, changes, message):
    storyteller = StorytellerFactory()
    data = _consent_form(taken_by=users[Role.SAFEGUARDING_LEAD].pk, **changes)
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("voices:consent_create", args=[storyteller.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()


def test_the_media_officer_cannot_record_or_withdraw_consent(client_for, users, storyteller):
    client = client_for(Role.MEDIA_OFFICER)
    create = reverse("voices:consent_create", args=[storyteller.pk])
    withdraw = reverse("voices:consent_withdraw", args=[storyteller.pk])
    assert client.get(create).status_code == 403
    data = _consent_form(taken_by=users[Role.MEDIA_OFFICER].pk)
    assert client.post(create, data).status_code == 403
    assert client.get(withdraw).status_code == 403
    assert client.post(withdraw, {"on": "2023-06-15", "how": "verbal"}).status_code == 403
    assert Consent.objects.count() == 1
    assert Consent.objects.get().withdrawn_on is None


def test_the_consent_page_keeps_to_a_query_budget(
    client_for, users, storyteller, consent, django_assert_max_num_queries
):
    for year in range(2015, 2021):
        older = ConsentFactory(storyteller=storyteller, given_on=D(year, 3, 1))
        older.excluded_organisations.add(OutletFactory().organisation, OutletFactory().organisation)
    for n in range(8):
        record_use(
            actor=users[Role.ADMIN],
            storyteller=storyteller,
            kind="placement",
            placement=PlacementFactory(published_on=D(2023, 1, n + 1)),
            media_type="online",
            identity_level="anonymous",
        )
    client = client_for(Role.SAFEGUARDING_LEAD)
    url = reverse("voices:storyteller_consents", args=[storyteller.pk])
    # Each app that uses stories describes its own (chorus.voices.uses): media reads its
    # uses and their placements once each, however many there are (social its posts).
    # Social's posts, podcast guests and creative projects and the report's case
    # studies add one query each.
    with django_assert_max_num_queries(21):
        assert client.get(url).status_code == 200


def test_a_use_recorded_by_mistake_can_be_removed_with_a_reason(storyteller, client_for, users):
    placement = PlacementFactory(published_on=D(2023, 6, 1))
    use = record_use(
        actor=users[Role.MEDIA_OFFICER],
        storyteller=storyteller,
        kind=StoryUse.Kind.PLACEMENT,
        placement=placement,
        media_type="online",
        identity_level="anonymous",
    )
    storyteller.refresh_from_db()
    assert storyteller.last_media_appearance == D(2023, 6, 1)
    client = client_for(Role.MEDIA_OFFICER)
    url = reverse("voices:story_use_remove", args=[use.pk])
    assert "Why is it being removed?" in client.get(url).content.decode()

    refused = client.post(url, {"reason": "  "})
    assert "Say why the use is being removed" in refused.content.decode()
    assert StoryUse.objects.filter(pk=use.pk).exists()

    response = client.post(url, {"reason": "Wrong storyteller chosen"})
    assert response.status_code == 302
    assert not StoryUse.objects.filter(pk=use.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_id=str(use.pk))
    assert entry.note == "Wrong storyteller chosen"
    storyteller.refresh_from_db()
    assert storyteller.last_media_appearance is None


def test_only_those_who_record_uses_may_remove_them(storyteller, client_for, users):
    use = record_use(
        actor=users[Role.MEDIA_OFFICER],
        storyteller=storyteller,
        kind=StoryUse.Kind.PLACEMENT,
        placement=PlacementFactory(published_on=D(2023, 6, 1)),
        media_type="online",
        identity_level="anonymous",
    )
    url = reverse("voices:story_use_remove", args=[use.pk])
    for role in (Role.COORDINATOR, Role.VOLUNTEER, Role.READ_ONLY):
        assert client_for(role).post(url, {"reason": "x"}).status_code == 403
    assert StoryUse.objects.filter(pk=use.pk).exists()
