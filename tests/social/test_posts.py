"""Posts, featuring storytellers (both judges), withdrawal, takedowns and flags."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.social import services
from chorus.social.models import Account, Post
from chorus.voices.consent.services import consent_withdraw
from chorus.voices.models import SafeguardingConcern, StoryUse
from tests.factories import CampaignFactory, ConsentFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2023, 3, 14, 18, 30, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def account():
    return Account.objects.create(platform="instagram", handle="journeys_invented")


@pytest.fixture
def post(users, account):
    return services.post_create(
        actor=users[Role.DIGITAL_OFFICER],
        account=account,
        published_at=PUBLISHED,
        kind="reel",
        caption="A new life in Leeds #InventedJourneys",
    )


def _social_consent(**fields):
    return ConsentFactory(media_types=["social", "online"], **fields)


def test_a_post_links_the_media_campaign_with_the_same_hashtag(users, account):
    campaign = CampaignFactory(name="Invented Journeys", hashtag="#InventedJourneys")
    post = services.post_create(
        actor=users[Role.DIGITAL_OFFICER],
        account=account,
        published_at=PUBLISHED,
        kind="image",
        caption="Week one. #inventedjourneys #refugeesWelcome",
    )
    assert post.hashtags == "#inventedjourneys #refugeesWelcome"
    assert post.campaign == campaign
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(post.pk)).exists()


def test_featuring_a_storyteller_whose_consent_excludes_social_is_refused_with_the_reason(
    client_for, post
):
    consent = ConsentFactory(media_types=["print", "online"])
    response = client_for(Role.DIGITAL_OFFICER).post(
        reverse("social:post_feature", args=[post.pk]),
        {"storyteller": consent.storyteller.pk, "identity_level": "first_name"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Refused: The consent given on 10 January 2022 does not cover social media." in page
    assert not StoryUse.objects.filter(kind=StoryUse.Kind.POST).exists()


def test_featuring_a_covered_storyteller_records_a_use_the_withdrawal_page_lists(
    client_for, users, post
):
    consent = _social_consent()
    client = client_for(Role.DIGITAL_OFFICER)
    response = client.post(
        reverse("social:post_feature", args=[post.pk]),
        {"storyteller": consent.storyteller.pk, "identity_level": "first_name"},
    )
    assert response.status_code == 302
    use = StoryUse.objects.get(kind=StoryUse.Kind.POST, object_id=post.pk)
    assert use.media_type == "social"
    assert use.used_on == datetime.date(2023, 3, 14)
    post.refresh_from_db()
    assert post.lived_experience is True
    # The post page names them by reference and media name, the read audited.
    page = client.get(reverse("social:post_detail", args=[post.pk])).content.decode()
    assert consent.storyteller.reference in page
    assert consent.storyteller.media_name in page
    assert AuditEntry.objects.filter(
        actor=users[Role.DIGITAL_OFFICER], note__startswith="name in media shown on post"
    ).exists()
    # After a withdrawal, the list of uses offers the post to take down (social's provider).
    consent_withdraw(
        actor=users[Role.SAFEGUARDING_LEAD],
        storyteller=consent.storyteller,
        on=timezone.localdate(),
        how="verbal",
        note="",
    )
    uses_page = client_for(Role.SAFEGUARDING_LEAD).get(
        reverse("voices:withdrawal_uses", args=[consent.storyteller.pk])
    )
    assert "Take the post down from @journeys_invented" in uses_page.content.decode()


def test_the_media_officer_sees_who_is_featured_but_not_their_media_name(users, client_for, post):
    consent = _social_consent()
    services.post_feature_storyteller(
        actor=users[Role.ADMIN],
        post=post,
        storyteller=consent.storyteller,
        identity_level="first_name",
    )
    page = client_for(Role.MEDIA_OFFICER).get(reverse("social:post_detail", args=[post.pk]))
    assert consent.storyteller.reference in page.content.decode()
    assert consent.storyteller.media_name not in page.content.decode()
    volunteer = client_for(Role.VOLUNTEER).get(reverse("social:post_detail", args=[post.pk]))
    assert consent.storyteller.reference not in volunteer.content.decode()
    assert "1 storyteller (only staff who work with storytellers see which)" in (
        volunteer.content.decode()
    )


def test_a_safeguarding_hold_refuses_the_feature_and_says_nothing_of_the_concern(users, post):
    consent = _social_consent()
    SafeguardingConcern.objects.create(
        storyteller=consent.storyteller,
        raised_on=datetime.date(2023, 1, 2),
        level="high",
        summary="CANARY-CONCERN",
    )
    with pytest.raises(ValidationError) as refusal:
        services.post_feature_storyteller(
            actor=users[Role.DIGITAL_OFFICER],
            post=post,
            storyteller=consent.storyteller,
            identity_level="first_name",
        )
    assert "On hold: ask the safeguarding lead." in str(refusal.value)
    assert "CANARY" not in str(refusal.value)


def test_a_face_shown_needs_a_consent_that_allows_it(users, post):
    consent = _social_consent(face_shown=False)
    with pytest.raises(ValidationError):
        services.post_feature_storyteller(
            actor=users[Role.DIGITAL_OFFICER],
            post=post,
            storyteller=consent.storyteller,
            identity_level="first_name",
            face_shown=True,
        )


def test_featuring_twice_is_refused(users, post):
    consent = _social_consent()
    kwargs = {
        "actor": users[Role.ADMIN],
        "post": post,
        "storyteller": consent.storyteller,
        "identity_level": "anonymous",
    }
    services.post_feature_storyteller(**kwargs)
    with pytest.raises(ValidationError, match="already featured"):
        services.post_feature_storyteller(**kwargs)


def test_a_takedown_is_logged_with_who_and_when(client_for, users, post):
    client = client_for(Role.DIGITAL_OFFICER)
    response = client.post(
        reverse("social:post_take_down", args=[post.pk]), {"reason": "Consent withdrawn"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.taken_down_at is not None
    takedown = post.takedowns.get()
    assert takedown.removed_by == users[Role.DIGITAL_OFFICER]
    page = client.get(reverse("social:post_detail", args=[post.pk])).content.decode()
    assert "removed by digital" in page
    assert "Consent withdrawn" in page
    empty = client.post(reverse("social:post_take_down", args=[post.pk]), {"reason": ""})
    assert empty.status_code == 200
    assert post.takedowns.count() == 1


def test_a_post_featuring_someone_with_no_recorded_consent_is_flagged(client_for, users, account):
    flagged = services.post_create(
        actor=users[Role.DIGITAL_OFFICER],
        account=account,
        published_at=PUBLISHED,
        kind="image",
        caption="The choir",
        others_featured="a singer in the back row",
    )
    services.post_create(
        actor=users[Role.DIGITAL_OFFICER], account=account, published_at=PUBLISHED, kind="image"
    )
    client = client_for(Role.DIGITAL_OFFICER)
    listing = client.get(reverse("social:post_list"), {"flagged": "on"}).content.decode()
    assert "1</strong> post match" in listing
    assert "Flagged: no recorded consent" in listing
    page = client.get(reverse("social:post_detail", args=[flagged.pk])).content.decode()
    assert "features someone with no recorded consent" in page
    assert Post.objects.get(pk=flagged.pk).lived_experience is True


def test_the_post_list_searches_and_pages(client_for, users, account):
    for n in range(55):
        services.post_create(
            actor=users[Role.ADMIN],
            account=account,
            published_at=PUBLISHED - datetime.timedelta(days=n),
            kind="image",
            caption=f"Post number {n}" + (" #needle" if n == 7 else ""),
        )
    client = client_for(Role.READ_ONLY)
    first = client.get(reverse("social:post_list")).content.decode()
    assert "55</strong> posts" in first
    assert "Post number 54" not in first
    found = client.get(reverse("social:post_list"), {"q": "needle"}).content.decode()
    assert "1</strong> post match" in found and "Post number 7" in found
