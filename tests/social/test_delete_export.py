"""Deleting a post recorded by mistake, and the posts as CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.social import services
from chorus.social.models import Account, MetricSnapshot, Post
from chorus.voices.models import StoryUse
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


@pytest.fixture
def account():
    return Account.objects.create(platform="instagram", handle="delete_invented")


def _post(users, account, caption="Week one #InventedDelete", day=14):
    return services.post_create(
        actor=users[Role.DIGITAL_OFFICER],
        account=account,
        published_at=datetime.datetime(2023, 3, day, 18, 30, tzinfo=TZ),
        kind="reel",
        caption=caption,
    )


def test_deleting_asks_first_then_removes_the_post_its_figures_and_its_uses(
    client_for, users, account
):
    post = _post(users, account)
    services.metrics_record(
        post=post, exported_on=datetime.date(2023, 4, 1), values={"plays": 10, "reach": 9}
    )
    consent = ConsentFactory(media_types=["social"])
    services.post_feature_storyteller(
        actor=users[Role.DIGITAL_OFFICER],
        post=post,
        storyteller=consent.storyteller,
        identity_level="first_name",
    )
    client = client_for(Role.DIGITAL_OFFICER)
    url = reverse("social:post_delete", args=[post.pk])
    confirm = client.get(url).content.decode()
    assert "Delete this post from Chorus?" in confirm
    assert "2 recorded figures go with it" in confirm
    assert "The 1 storyteller it features loses this use of their story" in confirm
    assert Post.objects.filter(pk=post.pk).exists()  # asking deletes nothing

    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("social:post_list")
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not MetricSnapshot.objects.exists()
    assert not StoryUse.objects.filter(kind=StoryUse.Kind.POST, object_id=post.pk).exists()
    deleted = AuditEntry.objects.get(action=AuditAction.DELETE, object_type="social.post")
    assert deleted.object_id == str(post.pk)
    assert deleted.changes["account"] == {"from": "@delete_invented", "to": None}
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, object_type="voices.storyuse"
    ).exists()


def test_a_post_that_was_taken_down_is_never_deleted(client_for, users, account):
    post = _post(users, account)
    services.post_take_down(actor=users[Role.DIGITAL_OFFICER], post=post, reason="Withdrawal")
    page = client_for(Role.DIGITAL_OFFICER).post(reverse("social:post_delete", args=[post.pk]))
    assert page.status_code == 200
    assert "its takedown log is the record that it was removed" in page.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()


def test_roles_that_only_read_cannot_delete(client_for, users, account):
    post = _post(users, account)
    response = client_for(Role.READ_ONLY).post(reverse("social:post_delete", args=[post.pk]))
    assert response.status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_the_export_gives_the_filtered_posts_with_latest_figures_and_no_names(
    client_for, users, account
):
    featured = _post(users, account, caption="=HYPERLINK(1) Story #InventedDelete", day=14)
    _post(users, account, caption="Notice of an event", day=15)
    services.metrics_record(
        post=featured, exported_on=datetime.date(2023, 4, 1), values={"plays": 10, "reach": 9}
    )
    services.metrics_record(
        post=featured, exported_on=datetime.date(2023, 5, 1), values={"plays": 25, "reach": 20}
    )
    consent = ConsentFactory(media_types=["social"])
    services.post_feature_storyteller(
        actor=users[Role.DIGITAL_OFFICER],
        post=featured,
        storyteller=consent.storyteller,
        identity_level="first_name",
    )
    client = client_for(Role.READ_ONLY)
    response = client.get(reverse("social:post_export"), {"storytelling": "yes"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="posts-')
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 1
    row = rows[0]
    assert row["Account username"] == "delete_invented"
    assert row["Caption"].startswith("'=HYPERLINK")  # neutralised for spreadsheets
    assert row["Plays (latest export)"] == "25" and row["Reach (latest export)"] == "20"
    assert row["Views (latest export)"] == ""  # never filled from Plays
    assert row["Lived-experience storytelling"] == "yes"
    assert consent.storyteller.reference not in body
    assert consent.storyteller.media_name not in body
    exported = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="social.post")
    assert exported.note == "1 posts as CSV; filters: storytelling: yes"
    assert exported.actor == users[Role.READ_ONLY]
    # The list links to the export with its filters.
    page = client.get(reverse("social:post_list"), {"storytelling": "yes"}).content.decode()
    assert f"{reverse('social:post_export')}?storytelling=yes&amp;" in page
