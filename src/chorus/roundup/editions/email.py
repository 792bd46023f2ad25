"""The round-up as an email: rendered once per send, personalised cheaply per subscriber.

`render_edition` does the slow work once (templates, CSS inlining) and leaves
placeholders for what differs between subscribers: their unsubscribe and preferences
links and their address. `message_for` fills those in with plain string replacement
and picks the variant with only the sections the subscriber wants, so a send of a
hundred thousand messages renders a template at most once per combination of sections.

The message itself (headers, parts, the fast path for large sends) is built by
`chorus.lib.mail`, like every other message Chorus sends.

Everything shown comes from feeds and editors and is escaped: a `<script>` in a
headline arrives as text. Links to stories are kept only when they are http(s).
"""

from __future__ import annotations

import datetime
import html
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format

from chorus.lib import mail
from chorus.monitoring.models import NewsRegion
from chorus.roundup.editions.clicks import click_url, web_link
from chorus.roundup.models import Edition, EditionItem, Subscriber
from chorus.roundup.subscribers.selectors import list_headers, public_url

HTML_TEMPLATE = "roundup/email/edition.html"
TEXT_TEMPLATE = "roundup/email/edition.txt"


@dataclass(frozen=True)
class Story:
    headline: str
    url: str  # empty when the stored address is not a web link
    outlets: str
    summary: str
    note: str


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    stories: tuple[Story, ...]


@dataclass
class RenderedEdition:
    """An edition rendered for sending: subject, HTML and text with per-subscriber placeholders."""

    subject: str
    html: str
    text: str
    sections: tuple[Section, ...]
    context: dict[str, Any]
    placeholders: dict[str, str]
    # Who it is for: subscribers who chose this frequency ("daily" or "weekly").
    frequency: str = "daily"
    _variants: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict, repr=False)
    _fast: mail.FastMessages | None = field(default=None, repr=False)

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(section.key for section in self.sections)

    def sections_for(self, subscriber: Subscriber) -> tuple[str, ...]:
        """The edition's sections this subscriber wants (empty: none of them)."""
        return tuple(key for key in self.section_keys if subscriber.wants(key))

    def parts_for(self, section_keys: Sequence[str]) -> tuple[str, str]:
        """HTML and text (with placeholders) showing only `section_keys`, rendered once each."""
        keys = tuple(section_keys)
        if keys == self.section_keys:
            return self.html, self.text
        if keys not in self._variants:
            chosen = tuple(s for s in self.sections if s.key in keys)
            self._variants[keys] = _render_parts({**self.context, "sections": chosen})
        return self._variants[keys]

    def fill(self, section_keys: Sequence[str], **values: str) -> tuple[str, str]:
        """HTML and text showing `section_keys`, the placeholders replaced by `values`."""
        html_part, text_part = self.parts_for(section_keys)
        for name, placeholder in self.placeholders.items():
            value = values[name]
            html_part = html_part.replace(placeholder, html.escape(value, quote=True))
            text_part = text_part.replace(placeholder, value)
        return html_part, text_part


def _story(item: EditionItem, *, counted: bool) -> Story:
    # Sent to subscribers, the link counts a click on the story (never who clicked) and
    # goes on to the article; staff previews and tests link straight to it.
    link = web_link(item.url)
    return Story(
        headline=item.headline,
        url=click_url(item) if link and counted else link,
        outlets=item.outlets,
        summary=item.summary,
        note=item.note,
    )


def _sections(items: Iterable[EditionItem], *, counted: bool = True) -> tuple[Section, ...]:
    grouped: dict[str, list[Story]] = {key: [] for key in NewsRegion.values}
    seen: set[str] = set()
    for item in items:
        # A digest of several editions names a story once, however many days it ran.
        key = item.url or item.headline
        if key in seen:
            continue
        seen.add(key)
        grouped.setdefault(item.section, []).append(_story(item, counted=counted))
    labels = dict(NewsRegion.choices)
    return tuple(
        Section(key=key, label=str(labels.get(key, key)), stories=tuple(stories))
        for key, stories in grouped.items()
        if stories
    )


def _public(path: str) -> str:
    return f"{settings.CHORUS_PUBLIC_URL}{path}"


def _render_parts(context: dict[str, Any]) -> tuple[str, str]:
    html_part = mail.inline_css(render_to_string(HTML_TEMPLATE, context))
    text_part = render_to_string(TEXT_TEMPLATE, context)
    return html_part, text_part


def _render(
    *, subject: str, heading: str, dateline: str, intro: str, sections: tuple[Section, ...]
) -> RenderedEdition:
    # A fresh nonce per render: no headline can contain a placeholder by accident.
    nonce = secrets.token_hex(8)
    placeholders = {
        "unsubscribe_url": f"chorus-{nonce}-unsubscribe",
        "preferences_url": f"chorus-{nonce}-preferences",
        "email": f"chorus-{nonce}-address",
    }
    context: dict[str, Any] = {
        "subject": subject,
        "heading": heading,
        "dateline": dateline,
        "intro": intro,
        "preheader": intro.splitlines()[0] if intro.strip() else dateline,
        "sections": sections,
        "archive_url": _public(reverse("roundup:archive_index")),
        "privacy_url": _public(reverse("roundup:privacy_notice")),
        **placeholders,
    }
    html_part, text_part = _render_parts(context)
    return RenderedEdition(
        subject=subject,
        html=html_part,
        text=text_part,
        sections=sections,
        context=context,
        placeholders=placeholders,
    )


def render_edition(edition: Edition, *, counted: bool = True) -> RenderedEdition:
    """Render an edition's included stories once, for every subscriber of a send.

    `counted=False` (staff previews and tests) links stories straight to the articles,
    so the team's own clicks are not counted as readers'.
    """
    items = edition.items.filter(included=True).order_by("position", "pk")
    rendered = _render(
        subject=edition.title,
        heading=edition.title,
        dateline=date_format(edition.issue_date, "l j F Y"),
        intro=edition.intro,
        sections=_sections(items, counted=counted),
    )
    rendered.frequency = edition.frequency
    return rendered


def render_digest(editions: Sequence[Edition]) -> RenderedEdition:
    """The weekly digest: the included stories of several editions, each story once."""
    ordered = sorted(editions, key=lambda e: e.issue_date)
    if not ordered:
        raise ValueError("A digest needs at least one edition.")
    first: datetime.date = ordered[0].issue_date
    last: datetime.date = ordered[-1].issue_date
    items = (
        EditionItem.objects.filter(edition__in=ordered, included=True)
        .select_related("edition")
        .order_by("-edition__issue_date", "position", "pk")
    )
    span = f"{date_format(first, 'j F')} to {date_format(last, 'j F Y')}"
    return _render(
        subject=f"Migration news: the week's round-up, {span}",
        heading="The week's migration news",
        dateline=span,
        intro="",
        sections=_sections(items),
    )


def unsubscribe_url(subscriber: Subscriber) -> str:
    return public_url("roundup:unsubscribe", subscriber)


def preferences_url(subscriber: Subscriber) -> str:
    return public_url("roundup:preferences", subscriber)


def message_id_for(send_id: int, recipient_id: int) -> str:
    """The same Message-ID every time one ledger row is sent (see `mail.message_id`)."""
    return mail.message_id("roundup", send_id, recipient_id, stable=True)


def _personalised(
    rendered: RenderedEdition, subscriber: Subscriber, sections: Sequence[str] | None
) -> tuple[str, str]:
    keys = rendered.sections_for(subscriber) if sections is None else tuple(sections)
    return rendered.fill(
        keys,
        unsubscribe_url=unsubscribe_url(subscriber),
        preferences_url=preferences_url(subscriber),
        email=subscriber.email,
    )


def _headers(subscriber: Subscriber, message_id: str | None) -> dict[str, str]:
    headers = dict(list_headers(subscriber))
    if message_id:
        headers["Message-ID"] = message_id
    return headers


def message_for(
    rendered: RenderedEdition,
    subscriber: Subscriber,
    *,
    message_id: str | None = None,
    sections: Sequence[str] | None = None,
) -> EmailMultiAlternatives:
    """One subscriber's message: their sections, their links, one-click unsubscribe headers.

    `sections` defaults to the subscriber's choice; pass it when already worked out.
    """
    html_part, text_part = _personalised(rendered, subscriber, sections)
    return mail.build(
        mail.Content(subject=rendered.subject, text=text_part, html=html_part),
        to=[subscriber.email],
        from_email=settings.ROUNDUP_FROM_EMAIL,
        headers=_headers(subscriber, message_id),
        message_id_parts=("roundup",),
    )


def raw_message_for(
    rendered: RenderedEdition,
    subscriber: Subscriber,
    *,
    message_id: str,
    sections: Sequence[str] | None = None,
) -> bytes | None:
    """`message_for`'s message as the bytes that go over SMTP, or None if it needs the slow way."""
    html_part, text_part = _personalised(rendered, subscriber, sections)
    if rendered._fast is None:
        rendered._fast = mail.FastMessages(
            subject=rendered.subject, from_email=settings.ROUNDUP_FROM_EMAIL
        )
    return rendered._fast.build(
        to=subscriber.email,
        text=text_part,
        html=html_part,
        headers=_headers(subscriber, message_id),
    )


# --- What staff see before a send ---------------------------------------------------------


def preview_parts(
    rendered: RenderedEdition, *, address: str = "subscriber@example.org"
) -> tuple[str, str]:
    """The HTML and text of the edition with every section, as a subscriber of them all reads it.

    The personal links lead to the public sign-up page, since staff are not subscribers;
    `address` stands for the subscriber's own.
    """
    subscribe = _public(reverse("roundup:subscribe"))
    return rendered.fill(
        rendered.section_keys,
        unsubscribe_url=subscribe,
        preferences_url=subscribe,
        email=address,
    )


def staff_test_message(rendered: RenderedEdition, *, to: str) -> EmailMultiAlternatives:
    """The edition sent to a staff member as a test: every section, marked as a test."""
    html_part, text_part = preview_parts(rendered, address=to)
    return mail.build(
        mail.Content(subject=f"[Test] {rendered.subject}", text=text_part, html=html_part),
        to=[to],
        from_email=settings.ROUNDUP_FROM_EMAIL,
        headers=mail.list_headers(list_id=settings.ROUNDUP_LIST_ID),
        message_id_parts=("roundup", "test"),
    )
