"""The round-up editor's work: the morning draft, and what an editor does with it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.monitoring.models import EditorDecision, NewsRegion
from chorus.privacy.models import AuditEntry
from chorus.roundup.editions import services as editions
from chorus.roundup.models import Edition, EditionItem
from tests.monitoring.factories import make_source, make_story

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 11, 23, 6, 30, tzinfo=datetime.UTC)


def test_outlets_are_named_the_way_a_reader_expects():
    assert editions.outlets_label(["BBC"]) == "BBC"
    assert editions.outlets_label(["BBC", "ITV", "BBC"]) == "BBC and ITV"
    assert editions.outlets_label(["BBC", "ITV", "Sky News"]) == "BBC, ITV and Sky News"
    assert (
        editions.outlets_label(["BBC", "ITV", "Sky News", "Metro", "PA", "Guardian"])
        == "BBC, ITV and 4 others"
    )


def test_the_draft_offers_relevant_stories_by_section_most_relevant_first():
    bbc, itv, sky = (make_source(name=n) for n in ("BBC", "ITV", "Sky News"))
    crossing = make_story("Dozens rescued in the Channel", outlets=[bbc, itv, sky], relevance=0.9)
    hotel = make_story("Council objects to new asylum hotel", outlets=[bbc], relevance=0.7)
    europe = make_story(
        "Greek court rules on pushbacks", outlets=[itv], relevance=0.8, region=NewsRegion.EUROPE
    )
    make_story("Premier League results", outlets=[sky], relevance=0.1)

    edition = editions.edition_draft_build()

    sections = editions.sections(edition, included_only=False)
    assert [label for label, _ in sections] == ["UK", "Europe"]
    uk = sections[0][1]
    assert [i.cluster_id for i in uk] == [crossing.pk, hotel.pk]
    assert uk[0].outlets == "BBC, ITV and Sky News"
    assert uk[0].headline == "Dozens rescued in the Channel"
    assert sections[1][1][0].cluster_id == europe.pk
    assert edition.status == Edition.Status.DRAFT


def test_the_draft_covers_the_weekend_on_a_monday():
    with time_machine.travel(MONDAY_MORNING, tick=False):
        saturday = timezone.now() - datetime.timedelta(hours=40)
        make_story("Saturday's story", published_at=saturday)
        make_story("Last week's story", published_at=timezone.now() - datetime.timedelta(days=5))
        edition = editions.edition_draft_build()
    headlines = [i.headline for i in edition.items.all()]
    assert headlines == ["Saturday's story"]


def test_building_again_keeps_the_editors_work_and_adds_new_stories(users):
    first = make_story("First story", relevance=0.9)
    edition = editions.edition_draft_build()
    item = edition.items.get(cluster=first)
    editions.item_set_included(item=item, included=False, actor=users[Role.COORDINATOR])
    editions.item_update(item=item, actor=users[Role.COORDINATOR], summary="Edited by hand.")

    make_story("A later story", relevance=0.95)
    editions.edition_draft_build()

    item.refresh_from_db()
    assert item.included is False
    assert item.summary == "Edited by hand."
    assert edition.items.count() == 2


def test_leaving_out_a_story_records_a_decision_for_the_model(
    users, django_capture_on_commit_callbacks
):
    make_story("Story", relevance=0.9)
    edition = editions.edition_draft_build()
    item = edition.items.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        editions.item_set_included(item=item, included=False, actor=users[Role.VOLUNTEER])
    decision = EditorDecision.objects.get()
    assert decision.article_id == item.article_id
    assert decision.included is False
    assert decision.decided_by == users[Role.VOLUNTEER]
    assert len(callbacks) == 1  # the model learns after the change is committed


def test_moving_a_story_swaps_it_with_its_neighbour(users):
    for n, relevance in enumerate((0.9, 0.8, 0.7)):
        make_story(f"Story {n}", relevance=relevance)
    edition = editions.edition_draft_build()
    items = [i for _, rows in editions.sections(edition, included_only=False) for i in rows]
    editions.item_move(item=items[2], direction="up", actor=users[Role.COORDINATOR])
    order = [
        i.headline for _, rows in editions.sections(edition, included_only=False) for i in rows
    ]
    assert order == ["Story 0", "Story 2", "Story 1"]
    editions.item_move(
        item=items[0], direction="up", actor=users[Role.COORDINATOR]
    )  # already first: no change
    again = [
        i.headline for _, rows in editions.sections(edition, included_only=False) for i in rows
    ]
    assert again == order


def test_an_empty_edition_cannot_be_approved(users):
    edition = editions.edition_draft_build()
    with pytest.raises(ValidationError, match="at least one story"):
        editions.edition_approve(edition=edition, actor=users[Role.COORDINATOR])


def test_a_change_after_approval_needs_a_fresh_approval(users):
    make_story("Story", relevance=0.9)
    edition = editions.edition_draft_build()
    editions.edition_approve(edition=edition, actor=users[Role.COORDINATOR])
    assert edition.status == Edition.Status.APPROVED
    item = edition.items.get()
    editions.item_update(item=item, actor=users[Role.VOLUNTEER], headline="A better headline")
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert AuditEntry.objects.filter(note="Changed after approval: back to draft").exists()


def test_a_sent_edition_cannot_be_changed(users):
    make_story("Story", relevance=0.9)
    edition = editions.edition_draft_build()
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENT)
    item = EditionItem.objects.select_related("edition").get()
    with pytest.raises(ValidationError, match="gone out"):
        editions.item_set_included(item=item, included=False, actor=users[Role.COORDINATOR])


def test_the_desk_shows_the_draft_and_the_editor_can_leave_out_a_story(client_for):
    make_story("Dozens rescued in the Channel", relevance=0.9)
    make_story("Council objects to new asylum hotel", relevance=0.7)
    client = client_for(Role.VOLUNTEER)
    response = client.post(reverse("roundup:edition_build"))
    edition = Edition.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("roundup:edition_detail", args=[edition.pk])).content.decode()
    assert "Dozens rescued in the Channel" in page
    assert "2 of 2 stories included" in page
    item = edition.items.get(headline="Council objects to new asylum hotel")
    client.post(reverse("roundup:item_toggle", args=[item.pk]), {"include": "0"})
    page = client.get(reverse("roundup:edition_detail", args=[edition.pk])).content.decode()
    assert "1 of 2 stories included" in page
    assert "Left out" in page


def test_a_volunteer_may_edit_but_not_approve(client_for):
    make_story("Story", relevance=0.9)
    edition = editions.edition_draft_build()
    volunteer = client_for(Role.VOLUNTEER)
    assert volunteer.post(reverse("roundup:edition_approve", args=[edition.pk])).status_code == 403
    coordinator = client_for(Role.COORDINATOR)
    response = coordinator.post(reverse("roundup:edition_approve", args=[edition.pk]))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == Edition.Status.APPROVED


def test_the_weekly_digest_gathers_the_weeks_sent_stories_once(users):
    from chorus.roundup.delivery import selectors as delivery_selectors
    from chorus.roundup.models import Subscriber

    story = make_story("Dozens rescued in the Channel", relevance=0.9)
    today = timezone.localdate()
    for offset, title in ((1, "Monday"), (2, "Sunday"), (9, "Old")):
        day = today - datetime.timedelta(days=offset)
        daily = Edition.objects.create(
            issue_date=day, title=title, status=Edition.Status.SENT, published_at=timezone.now()
        )
        EditionItem.objects.create(
            edition=daily,
            cluster=story if offset < 3 else None,
            headline=f"{title} story",
            url=f"https://example.org/{title}",
            section=NewsRegion.UK,
        )
    Edition.objects.create(issue_date=today, title="Today's daily")  # same day, other kind

    digest = editions.edition_digest_build(day=today)

    assert digest.kind == Edition.Kind.WEEKLY
    headlines = [i.headline for i in digest.items.all()]
    assert len(headlines) == 1  # the same story sent twice in the week appears once
    assert "Old story" not in headlines
    assert editions.edition_digest_build(day=today).pk == digest.pk

    Subscriber.objects.create(email="daily@example.org", status="confirmed", frequency="daily")
    weekly = Subscriber.objects.create(
        email="weekly@example.org", status="confirmed", frequency="weekly"
    )
    assert [pk for pk, _ in delivery_selectors.eligible_subscribers(digest)] == [weekly.pk]


def test_moving_a_story_with_htmx_answers_with_its_section_only(client_for):
    make_story("Dozens rescued in the Channel", relevance=0.9)
    make_story("Council objects to new asylum hotel", relevance=0.7)
    edition = editions.edition_draft_build()
    first = edition.items.get(headline="Dozens rescued in the Channel")
    client = client_for(Role.VOLUNTEER)
    response = client.post(
        reverse("roundup:item_move", args=[first.pk]), {"direction": "down"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<section id="section-uk"' in html and "<html" not in html
    assert html.index("Council objects") < html.index("Dozens rescued")
    assert "data-focus-after-swap" in html
    # Buttons name their story for screen readers.
    assert 'aria-label="Move down: Dozens rescued in the Channel"' in html
    assert 'Leave out<span class="visually-hidden">: Dozens rescued in the Channel' in html
    # Without htmx, the form still works and the page reloads.
    plain = client.post(reverse("roundup:item_move", args=[first.pk]), {"direction": "up"})
    assert plain.status_code == 302
