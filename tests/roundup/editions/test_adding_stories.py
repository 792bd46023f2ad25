"""Stories the pipeline did not offer: typed in by hand (paywalls), or added from the
Articles list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.monitoring.models import NewsRegion
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.roundup.editions import services as editions
from chorus.roundup.models import Edition, EditionItem
from tests.monitoring.factories import make_article, make_story

pytestmark = pytest.mark.django_db

ARTICLES = reverse("monitoring:article_list")


def _manual(**fields) -> dict[str, str]:
    data = {
        "by_hand": "1",
        "manual-headline": "Asylum backlog reaches new high",
        "manual-outlet": "The Times",
        "manual-url": "https://www.thetimes.example/article/backlog",
        "manual-summary": "Home Office figures show the backlog grew again.",
        "manual-section": "uk",
        "manual-note": "",
    }
    data.update(fields)
    return data


def test_an_editor_adds_a_paywalled_story_by_hand(client_for, users):
    make_story("Dozens rescued in the Channel", relevance=0.9)
    edition = editions.edition_draft_build()
    client = client_for(Role.VOLUNTEER)
    url = reverse("roundup:edition_add_item", args=[edition.pk])
    assert "By hand" in client.get(url).content.decode()

    response = client.post(url, _manual())
    assert response.status_code == 302
    item = edition.items.get(headline="Asylum backlog reaches new high")
    assert item.article is None and item.cluster is None
    assert item.outlets == "The Times"
    assert item.url == "https://www.thetimes.example/article/backlog"
    assert item.summary == "Home Office figures show the backlog grew again."
    assert item.included
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="roundup.editionitem")
    assert entry.actor == users[Role.VOLUNTEER]
    page = client.get(reverse("roundup:edition_detail", args=[edition.pk])).content.decode()
    assert "Asylum backlog reaches new high" in page


def test_a_story_typed_by_hand_needs_a_headline_an_outlet_and_a_web_link(client_for):
    edition = Edition.objects.create(issue_date="2026-12-07", title="Round-up")
    client = client_for(Role.COORDINATOR)
    url = reverse("roundup:edition_add_item", args=[edition.pk])
    response = client.post(
        url, _manual(**{"manual-headline": "", "manual-url": "javascript:alert(1)"})
    )
    assert response.status_code == 200
    form = response.context["manual"]
    assert "headline" in form.errors and "url" in form.errors
    assert not EditionItem.objects.exists()


def test_the_articles_list_adds_an_article_to_todays_draft(client_for):
    make_story("Dozens rescued in the Channel", relevance=0.9)
    edition = editions.edition_draft_build()
    article = make_article("Greek court rules on pushbacks", region=NewsRegion.EUROPE)
    client = client_for(Role.VOLUNTEER)
    html = client.get(ARTICLES).content.decode()
    assert 'Add to today&#x27;s draft<span class="visually-hidden">: Greek court' in html

    add = reverse("roundup:article_add_to_draft", args=[article.pk])
    response = client.post(add, {"next": ARTICLES + "?page=1"}, follow=True)
    assert response.redirect_chain[-1][0] == ARTICLES + "?page=1"
    item = edition.items.get(article=article)
    assert item.section == NewsRegion.EUROPE and item.headline == "Greek court rules on pushbacks"
    assert "Added “Greek court rules on pushbacks” to today&#x27;s draft." in (
        response.content.decode()
    )

    again = client.post(add, follow=True)
    assert edition.items.filter(article=article).count() == 1
    assert "already in today&#x27;s draft" in again.content.decode()


def test_adding_from_the_articles_list_needs_todays_draft(client_for):
    article = make_article("Greek court rules on pushbacks")
    response = client_for(Role.COORDINATOR).post(
        reverse("roundup:article_add_to_draft", args=[article.pk]), follow=True
    )
    assert "There is no draft for today yet" in response.content.decode()
    assert not EditionItem.objects.exists()


def test_the_board_sees_articles_but_cannot_add_them(client_for):
    make_article("Greek court rules on pushbacks")
    editions.edition_draft_build()
    client = client_for(Role.READ_ONLY)
    assert "Add to today" not in client.get(ARTICLES).content.decode()
    article = make_article("Another story")
    response = client.post(reverse("roundup:article_add_to_draft", args=[article.pk]))
    assert response.status_code == 403
