"""A toolkit's message lines: the finding behind each and the placements and posts that used it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry
from chorus.research import services
from chorus.research.models import MessageLine
from chorus.social.models import Account, Post
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(users) -> MessageLine:
    actor = users[Role.DIGITAL_OFFICER]
    toolkit = services.toolkit_create(actor=actor, title="Safe routes", slug="safe-routes")
    finding = services.finding_create(
        actor=actor,
        title="Order lands",
        statement="x",
        review_by=datetime.date(2030, 1, 1),
    )
    return services.message_line_create(
        actor=actor, toolkit=toolkit, text="Fair and orderly.", finding=finding
    )


@pytest.fixture
def post() -> Post:
    account = Account.objects.create(platform="instagram", handle="journeys_demo")
    return Post.objects.create(
        account=account,
        published_at=timezone.now(),
        kind="reel",
        caption="Safe routes are fair and orderly",
    )


def _client(users, role: Role) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


def test_staff_link_a_post_and_a_placement_and_the_toolkit_page_shows_both(users, line, post):
    placement = PlacementFactory()
    client = _client(users, Role.DIGITAL_OFFICER)
    url = reverse("research:line_link", args=[line.pk])
    missing = client.post(url, {"kind": "post", "number": "999999"})
    assert "No post numbered 999999" in missing.content.decode()
    assert client.post(url, {"kind": "post", "number": post.pk}).status_code == 302
    assert client.post(url, {"kind": "placement", "number": placement.pk}).status_code == 302
    again = client.post(url, {"kind": "post", "number": post.pk})
    assert "already linked to that post" in again.content.decode()
    assert list(line.posts.all()) == [post] and list(line.placements.all()) == [placement]
    page = client.get(reverse("research:toolkit_detail", args=[line.toolkit_id])).content.decode()
    assert reverse("social:post_detail", args=[post.pk]) in page
    assert "@journeys_demo" in page and str(placement.outlet) in page
    assert reverse("research:finding_detail", args=[line.finding_id]) in page
    changes = [
        e.changes
        for e in AuditEntry.objects.filter(object_type="research.messageline").order_by("pk")
        if "posts" in e.changes or "placements" in e.changes
    ]
    assert {"posts": {"from": [], "to": [post.pk]}} in changes
    assert {"placements": {"from": [], "to": [placement.pk]}} in changes


def test_unlinking_takes_the_post_off_and_is_audited(users, line, post):
    services.message_line_link(actor=users[Role.DIGITAL_OFFICER], line=line, post=post)
    client = _client(users, Role.MEDIA_OFFICER)
    response = client.post(
        reverse("research:line_unlink", args=[line.pk]), {"kind": "post", "number": post.pk}
    )
    assert response.status_code == 302
    assert line.posts.count() == 0
    assert AuditEntry.objects.filter(
        object_type="research.messageline",
        object_id=str(line.pk),
        changes={"posts": {"from": [post.pk], "to": []}},
    ).exists()
    page = client.get(reverse("research:toolkit_detail", args=[line.toolkit_id])).content.decode()
    assert "No recorded placement or post." in page


def test_the_edit_form_sets_posts_by_number(users, line, post):
    client = _client(users, Role.ADMIN)
    url = reverse("research:line_edit", args=[line.pk])
    bad = client.post(url, {"text": "Fair and orderly.", "posts": "abc"})
    assert "Give post numbers separated by commas" in bad.content.decode()
    assert client.post(url, {"text": "Fair and orderly.", "posts": f"{post.pk}"}).status_code == 302
    assert list(line.posts.all()) == [post]
    assert f'value="{post.pk}"' in client.get(url).content.decode()


def test_those_who_only_read_toolkits_see_the_links_but_cannot_change_them(users, line, post):
    services.message_line_link(actor=users[Role.DIGITAL_OFFICER], line=line, post=post)
    client = _client(users, Role.VOLUNTEER)
    page = client.get(reverse("research:toolkit_detail", args=[line.toolkit_id])).content.decode()
    assert "@journeys_demo" in page and "Unlink" not in page
    refused = client.post(
        reverse("research:line_unlink", args=[line.pk]), {"kind": "post", "number": post.pk}
    )
    assert refused.status_code == 403
    assert line.posts.count() == 1


def test_the_public_page_shows_the_messages_but_not_the_evidence_or_coverage(users, line, post):
    actor = users[Role.DIGITAL_OFFICER]
    services.message_line_link(actor=actor, line=line, post=post)
    version = services.toolkit_version_upload(
        actor=actor, toolkit=line.toolkit, name="kit.pdf", content=io.BytesIO(b"%PDF-1.7\n")
    )
    services.toolkit_version_publish(actor=actor, version=version)
    page = Client().get("/research/published/safe-routes/").content.decode()
    assert "Fair and orderly." in page
    assert "Order lands" not in page and "journeys_demo" not in page


def test_the_placement_page_shows_the_message_line_it_used_read_only(users, line):
    placement = PlacementFactory()
    services.message_line_link(actor=users[Role.DIGITAL_OFFICER], line=line, placement=placement)
    other = PlacementFactory()
    client = _client(users, Role.MEDIA_OFFICER)
    page = client.get(reverse("media:placement_edit", args=[placement.pk])).content.decode()
    assert "Message line used: “Fair and orderly.” (Safe routes)" in page
    assert reverse("research:toolkit_detail", args=[line.toolkit_id]) in page
    unused = client.get(reverse("media:placement_edit", args=[other.pk])).content.decode()
    assert "Message line used" not in unused


def test_the_post_page_shows_the_message_line_it_used_read_only(users, line, post):
    services.message_line_link(actor=users[Role.DIGITAL_OFFICER], line=line, post=post)
    page = _client(users, Role.DIGITAL_OFFICER).get(reverse("social:post_detail", args=[post.pk]))
    html = page.content.decode()
    assert "Message line used: “Fair and orderly.” (Safe routes)" in html
    assert reverse("research:toolkit_detail", args=[line.toolkit_id]) in html
    services.message_line_unlink(actor=users[Role.DIGITAL_OFFICER], line=line, post=post)
    after = _client(users, Role.DIGITAL_OFFICER).get(reverse("social:post_detail", args=[post.pk]))
    assert "Message line used" not in after.content.decode()
