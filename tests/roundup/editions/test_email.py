"""The round-up as an email: what a subscriber's mail client receives."""

from __future__ import annotations

import datetime
import email
import email.policy
import re
from email.message import EmailMessage

import pytest

from chorus.monitoring.models import NewsRegion
from chorus.roundup.editions import email as roundup_email
from chorus.roundup.editions.clicks import click_url
from chorus.roundup.models import Edition, EditionItem, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.CHORUS_PUBLIC_URL = "https://chorus.example.org"
    settings.ROUNDUP_LIST_ID = "Daily round-up <roundup.chorus.example.org>"
    settings.ROUNDUP_FROM_EMAIL = "Round-up <roundup@chorus.example.org>"


def make_edition(**fields) -> Edition:
    return Edition.objects.create(
        issue_date=fields.pop("issue_date", datetime.date(2026, 11, 23)),
        title=fields.pop("title", "Migration news round-up, Monday 23 November 2026"),
        intro=fields.pop("intro", "A busy weekend in the Channel."),
        status=Edition.Status.APPROVED,
    )


def add_item(edition: Edition, headline: str, section: str = NewsRegion.UK, **fields) -> None:
    EditionItem.objects.create(
        edition=edition,
        section=section,
        position=fields.pop("position", 10),
        headline=headline,
        url=fields.pop("url", "https://news.example.org/" + re.sub(r"\W+", "-", headline)),
        outlets=fields.pop("outlets", "BBC, ITV and 4 others"),
        summary=fields.pop("summary", "The first line of the report."),
        **fields,
    )


def subscriber(**fields) -> Subscriber:
    return Subscriber.objects.create(
        email=fields.pop("email", "reader@example.org"),
        status=Subscriber.Status.CONFIRMED,
        **fields,
    )


def parsed(message) -> EmailMessage:
    """The message as the receiving mail client reads it."""
    raw = message.message().as_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def parts(message) -> tuple[str, str]:
    received = parsed(message)
    text = received.get_body(preferencelist=("plain",)).get_content()
    html = received.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_the_email_has_a_text_and_an_html_part_with_the_same_stories():
    edition = make_edition()
    add_item(edition, "Dozens rescued in the Channel", note="Worth reading in full.")
    add_item(edition, "Greek court rules on pushbacks", section=NewsRegion.EUROPE)
    add_item(edition, "Left out story", included=False)

    message = roundup_email.message_for(roundup_email.render_edition(edition), subscriber())
    text, html = parts(message)

    assert message.subject == edition.title
    for part in (text, html):
        assert "Dozens rescued in the Channel" in part
        assert "Greek court rules on pushbacks" in part
        assert "BBC, ITV and 4 others" in part
        assert "Worth reading in full." in part
        assert "A busy weekend in the Channel." in part
        assert "Left out story" not in part
    # The story's link goes through Chorus's own click counter, which names the story only.
    rescue = edition.items.get(headline="Dozens rescued in the Channel")
    counted = click_url(rescue)
    assert counted.startswith("https://chorus.example.org/news/go/")
    assert counted in text
    assert f'href="{counted}"' in html
    # Sections are headings, in the edition's order.
    assert html.index("<h2") < html.index("Dozens rescued") < html.index("Greek court")
    assert re.search(r"<h2[^>]*>UK</h2>", html) and re.search(r"<h2[^>]*>Europe</h2>", html)
    assert "UK\n" in text and "EUROPE\n" in text


def test_headlines_from_feeds_arrive_as_text_never_as_markup():
    edition = make_edition(intro="<b>Bold</b> claims")
    add_item(
        edition,
        '<script>alert("x")</script> Home Office & the "hotel" plan',
        summary="<img src=x onerror=alert(1)>",
        url="javascript:alert(1)",
    )
    message = roundup_email.message_for(roundup_email.render_edition(edition), subscriber())
    text, html = parts(message)

    assert "<script>" not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt; Home Office &amp; the "hotel" plan' in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>Bold</b>" not in html
    assert "javascript:" not in html
    # The text part is plain text: shown as written, with no link for a non-web address.
    assert '<script>alert("x")</script> Home Office & the "hotel" plan' in text
    assert "javascript:" not in text


def test_every_message_carries_one_click_unsubscribe_and_list_id_headers():
    reader = subscriber(email="amal@example.org")
    edition = make_edition()
    add_item(edition, "Dozens rescued in the Channel")

    received = parsed(roundup_email.message_for(roundup_email.render_edition(edition), reader))

    assert received["To"] == "amal@example.org"
    assert received["From"] == "Round-up <roundup@chorus.example.org>"
    assert received["List-Unsubscribe"] == (
        f"<https://chorus.example.org/news/unsubscribe/{reader.token}/>"
    )
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["List-Id"] == "Daily round-up <roundup.chorus.example.org>"
    assert received["Message-ID"]


def test_the_links_in_the_body_are_the_subscribers_own():
    first = subscriber(email="first@example.org")
    second = subscriber(email="second@example.org")
    edition = make_edition()
    add_item(edition, "Dozens rescued in the Channel")
    rendered = roundup_email.render_edition(edition)

    text, html = parts(roundup_email.message_for(rendered, first))
    other_text, _ = parts(roundup_email.message_for(rendered, second))

    unsubscribe = f"https://chorus.example.org/news/unsubscribe/{first.token}/"
    preferences = f"https://chorus.example.org/news/preferences/{first.token}/"
    for part in (text, html):
        assert unsubscribe in part and preferences in part
        assert "first@example.org" in part
    assert first.token not in other_text and "second@example.org" in other_text
    link = rf'<a href="{re.escape(unsubscribe)}"[^>]*>Unsubscribe from the round-up'
    assert re.search(link, html)


def test_a_subscriber_sees_only_the_sections_they_chose():
    edition = make_edition()
    add_item(edition, "Council objects to new asylum hotel")
    add_item(edition, "Greek court rules on pushbacks", section=NewsRegion.EUROPE)
    add_item(edition, "UNHCR global trends report", section=NewsRegion.INTERNATIONAL)
    rendered = roundup_email.render_edition(edition)

    text, html = parts(
        roundup_email.message_for(rendered, subscriber(sections=[NewsRegion.EUROPE]))
    )
    everything, _ = parts(roundup_email.message_for(rendered, subscriber(email="all@example.org")))

    assert "Greek court rules on pushbacks" in html and "Greek court" in text
    assert "Council objects" not in html and "UNHCR" not in html
    assert "Council objects" not in text
    assert "Council objects" in everything and "UNHCR" in everything


def test_the_html_is_an_accessible_table_layout_with_inlined_css_and_a_dark_mode():
    edition = make_edition()
    add_item(edition, "Dozens rescued in the Channel")
    _, html = parts(roundup_email.message_for(roundup_email.render_edition(edition), subscriber()))

    assert '<html lang="en-GB"' in html
    assert '<meta name="color-scheme" content="light dark">' in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert re.search(r'<table[^>]*role="presentation"[^>]*width="600"', html)
    # The ordinary rules are inlined on the elements; only @media rules stay in <style>.
    assert re.search(r'<td class="masthead" style="[^"]*background-color: #5b2a86', html)
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style and style.group(1).lstrip().startswith("@media")
    assert re.search(r"<h1[^>]*>Migration news round-up", html)


def test_the_weekly_digest_names_each_story_once():
    monday = make_edition()
    tuesday = make_edition(issue_date=datetime.date(2026, 11, 24), title="Tuesday")
    add_item(monday, "Dozens rescued in the Channel", url="https://news.example.org/rescue")
    add_item(tuesday, "Dozens rescued in the Channel", url="https://news.example.org/rescue")
    add_item(tuesday, "Greek court rules on pushbacks", section=NewsRegion.EUROPE)

    rendered = roundup_email.render_digest([tuesday, monday])
    text, html = parts(roundup_email.message_for(rendered, subscriber()))

    assert rendered.subject == (
        "Migration news: the week's round-up, 23 November to 24 November 2026"
    )
    assert html.count("Dozens rescued in the Channel") == 1
    assert "Greek court rules on pushbacks" in text


def test_the_fast_path_sends_the_same_message_as_the_email_package():
    edition = make_edition(title="Round-up – “Monday” 23 November", intro="Café owners…\r\nspoke")
    add_item(edition, "Dozens rescued in the Channel — a long headline " * 3, note="Über = 100%")
    add_item(edition, "Greek court rules on pushbacks", section=NewsRegion.EUROPE)
    reader = subscriber(sections=[NewsRegion.UK])
    rendered = roundup_email.render_edition(edition)

    slow = parsed(roundup_email.message_for(rendered, reader, message_id="<a.1@example.org>"))
    raw = roundup_email.raw_message_for(rendered, reader, message_id="<a.1@example.org>")
    assert raw is not None and b"\r\n.\r\n" not in raw
    fast = email.message_from_bytes(raw, policy=email.policy.default)

    for name in ("Subject", "From", "To", "Message-ID", "List-Unsubscribe", "List-Id"):
        assert fast[name] == slow[name], name
    assert fast["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert fast["Date"]
    for kind in ("plain", "html"):
        fast_part = fast.get_body(preferencelist=(kind,)).get_content()
        slow_part = slow.get_body(preferencelist=(kind,)).get_content()
        assert fast_part.replace("\r\n", "\n") == slow_part.replace("\r\n", "\n"), kind
    assert "Greek court" not in fast.get_body(preferencelist=("html",)).get_content()


def test_an_address_that_is_not_plain_ascii_takes_the_email_package_path():
    edition = make_edition()
    add_item(edition, "Dozens rescued in the Channel")
    rendered = roundup_email.render_edition(edition)

    reader = subscriber(email="zoë@example.org")

    assert roundup_email.raw_message_for(rendered, reader, message_id="<a.2@example.org>") is None
    assert parsed(roundup_email.message_for(rendered, reader))["To"] == "zoë@example.org"


def test_an_editors_title_with_line_breaks_cannot_add_headers_on_either_path():
    edition = make_edition(title="Round-up\r\nBcc: victim@example.org\nX-Evil: yes")
    add_item(edition, "Dozens rescued in the Channel")
    rendered = roundup_email.render_edition(edition)
    reader = subscriber()

    slow = parsed(roundup_email.message_for(rendered, reader, message_id="<a.3@example.org>"))
    raw = roundup_email.raw_message_for(rendered, reader, message_id="<a.3@example.org>")
    assert raw is not None
    fast = email.message_from_bytes(raw, policy=email.policy.default)

    for received in (slow, fast):
        assert received.get_content_type() == "multipart/alternative"
        assert received.get_all("Bcc") is None and received.get_all("X-Evil") is None
        assert received["Subject"] == "Round-up Bcc: victim@example.org X-Evil: yes"
        assert received.get_all("To") == ["reader@example.org"]


def test_the_message_id_of_a_send_is_stable_and_in_the_sites_domain(settings):
    # Sent through a mail provider's domain, the Message-ID still names the site's.
    settings.ROUNDUP_FROM_EMAIL = "Round-up <news@mail.example.net>"
    first = roundup_email.message_id_for(7, 11)
    assert first == roundup_email.message_id_for(7, 11)
    assert first != roundup_email.message_id_for(7, 12)
    assert re.fullmatch(r"<roundup\.7\.11\.[0-9a-f]{16}@chorus\.example\.org>", first)
