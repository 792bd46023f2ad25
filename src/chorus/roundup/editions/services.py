"""Building and editing the daily edition. The editor keeps judgement; Chorus does the reading.

Each morning `build_draft` turns the last day's story clusters (since Friday on a
Monday) into a ranked draft, section by section. Running it again the same day adds
stories that arrived since and never undoes the editor's work.
"""

from __future__ import annotations

import datetime
import logging
import re
import smtplib
from collections.abc import Sequence
from html import unescape
from typing import Any

from crontask import cron
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.tasks import task
from django.utils import timezone
from django.utils.formats import date_format

from chorus.accounts.access import can
from chorus.lib import mail
from chorus.monitoring.actions import ArticleAction
from chorus.monitoring.models import Article, NewsRegion, StoryCluster
from chorus.monitoring.services.decisions import editor_decision_record
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record
from chorus.roundup.editions import email as roundup_email
from chorus.roundup.models import Edition, EditionItem

logger = logging.getLogger(__name__)

# How many stories a draft offers per section, most relevant first.
SECTION_SIZES = {NewsRegion.UK: 15, NewsRegion.EUROPE: 10, NewsRegion.INTERNATIONAL: 5}
SUMMARY_LENGTH = 200
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TAGS = re.compile(r"<[^>]+>")


def window_start(now: datetime.datetime) -> datetime.datetime:
    """The start of the news a morning's draft covers: 24 hours, or since Friday on Monday."""
    hours = 72 if now.weekday() == 0 else 24
    return now - datetime.timedelta(hours=hours)


def edition_title(day: datetime.date) -> str:
    return f"Migration news round-up, {date_format(day, 'l j F Y')}"


def outlets_label(names: Sequence[str]) -> str:
    """'BBC', 'BBC and ITV', 'BBC, ITV and Sky News', 'BBC, ITV and 4 others'."""
    unique = list(dict.fromkeys(n for n in names if n))
    if len(unique) <= 1:
        return unique[0] if unique else ""
    if len(unique) == 2:
        return f"{unique[0]} and {unique[1]}"
    if len(unique) == 3:
        return f"{unique[0]}, {unique[1]} and {unique[2]}"
    return f"{unique[0]}, {unique[1]} and {len(unique) - 2} others"


def one_line(article: Article) -> str:
    """The first sentence of the article's summary (or text), as plain text."""

    source = _TAGS.sub(" ", article.summary) if article.summary else article.text
    text = " ".join(unescape(source).split())
    if not text:
        return ""
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) > SUMMARY_LENGTH:
        first = first[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return first


def lead_article(cluster: StoryCluster) -> Article | None:
    """The report an item links to: the most relevant original (not a copy), earliest first."""
    return (
        cluster.articles.filter(copy_of__isnull=True)
        .select_related("publisher", "source")
        .order_by("-relevance", "published_at", "pk")
        .first()
    )


def cluster_outlets(cluster: StoryCluster) -> list[str]:
    names = []
    for article in cluster.articles.select_related("publisher", "source").order_by("published_at"):
        names.append(article.outlet_name)
    return names


def _item_for(cluster: StoryCluster, edition: Edition, position: int) -> EditionItem | None:
    lead = lead_article(cluster)
    if lead is None:
        return None
    return EditionItem(
        edition=edition,
        section=cluster.region,
        position=position,
        cluster=cluster,
        article=lead,
        headline=lead.title,
        url=lead.url,
        outlets=outlets_label(cluster_outlets(cluster)),
        summary=one_line(lead),
        relevance=cluster.relevance,
    )


@transaction.atomic
def edition_draft_build(
    *, day: datetime.date | None = None, now: datetime.datetime | None = None
) -> Edition:
    """Make (or top up) the draft edition for `day` from the story clusters since the window.

    Stories already in the edition, included or excluded, are left as the editor set
    them; new ones are appended to their section in order of relevance. An edition
    that is approved or sent is never changed.
    """
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    edition, _ = Edition.objects.get_or_create(
        issue_date=day,
        kind=Edition.Kind.DAILY,
        defaults={"title": edition_title(day), "built_at": now},
    )
    if edition.status != Edition.Status.DRAFT:
        return edition
    present = set(edition.items.exclude(cluster__isnull=True).values_list("cluster_id", flat=True))
    since = window_start(now)
    new_items: list[EditionItem] = []
    for section, size in SECTION_SIZES.items():
        last = edition.items.filter(section=section).aggregate(m=Max("position"))["m"] or 0
        clusters = (
            StoryCluster.objects.filter(region=section, last_seen_at__gte=since, relevance__gt=0)
            .filter(articles__relevant=True)
            .exclude(pk__in=present)
            .distinct()
            .order_by("-relevance", "-outlet_count", "-last_seen_at")[:size]
        )
        for offset, cluster in enumerate(clusters, start=1):
            item = _item_for(cluster, edition, last + offset * 10)
            if item is not None:
                new_items.append(item)
    EditionItem.objects.bulk_create(new_items)
    Edition.objects.filter(pk=edition.pk).update(built_at=now)
    return edition


def weekly_title(day: datetime.date) -> str:
    return f"Migration news: the week to {date_format(day, 'l j F Y')}"


@transaction.atomic
def edition_digest_build(*, day: datetime.date | None = None) -> Edition:
    """The weekly digest for those who chose it: the week's sent stories, each story once.

    It is a draft like any edition, so an editor reviews and approves it before it goes
    to the weekly subscribers. Built again the same day, it adds stories sent since and
    keeps the editor's changes.
    """
    day = day or timezone.localdate()
    digest, _ = Edition.objects.get_or_create(
        issue_date=day,
        kind=Edition.Kind.WEEKLY,
        defaults={"title": weekly_title(day)},
    )
    if digest.status != Edition.Status.DRAFT:
        return digest
    seen_clusters = set(digest.items.exclude(cluster=None).values_list("cluster_id", flat=True))
    seen_urls = set(digest.items.values_list("url", flat=True))
    week = (
        EditionItem.objects.filter(
            edition__kind=Edition.Kind.DAILY,
            edition__status=Edition.Status.SENT,
            edition__issue_date__gt=day - datetime.timedelta(days=7),
            edition__issue_date__lte=day,
            included=True,
        )
        .select_related("edition")
        .order_by("section", "-relevance", "edition__issue_date", "position")
    )
    positions: dict[str, int] = {}
    copies = []
    for item in week:
        if item.url in seen_urls or (item.cluster_id and item.cluster_id in seen_clusters):
            continue
        seen_urls.add(item.url)
        if item.cluster_id:
            seen_clusters.add(item.cluster_id)
        positions[item.section] = positions.get(item.section, 0) + 10
        copies.append(
            EditionItem(
                edition=digest,
                section=item.section,
                position=positions[item.section],
                cluster_id=item.cluster_id,
                article_id=item.article_id,
                headline=item.headline,
                url=item.url,
                outlets=item.outlets,
                summary=item.summary,
                note=item.note,
                relevance=item.relevance,
            )
        )
    EditionItem.objects.bulk_create(copies)
    return digest


def _editable(edition: Edition) -> None:
    if not edition.is_editable:
        raise ValidationError("This edition has gone out; it can no longer be changed.")


@transaction.atomic
def item_set_included(*, item: EditionItem, included: bool, actor: Any) -> None:
    """Include or leave out a story, and record the decision for the relevance model."""
    _editable(item.edition)
    if item.edition.status == Edition.Status.APPROVED:
        _back_to_draft(item.edition, actor=actor)
    EditionItem.objects.filter(pk=item.pk).update(included=included)
    item.included = included
    if item.article_id:
        editor_decision_record(article_id=item.article_id, included=included, actor=actor)


@transaction.atomic
def item_move(*, item: EditionItem, direction: str, actor: Any) -> None:
    """Swap a story with its neighbour above ("up") or below ("down") in its section."""
    _editable(item.edition)
    siblings = list(
        EditionItem.objects.select_for_update()
        .filter(edition=item.edition, section=item.section)
        .order_by("position", "pk")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position * 10
    EditionItem.objects.bulk_update(siblings, ["position"])


@transaction.atomic
def item_update(*, item: EditionItem, actor: Any, **fields: Any) -> None:
    """Change what the edition says about a story (headline, summary, note, section)."""
    _editable(item.edition)
    allowed = {"headline", "summary", "note", "section"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} here.")
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["edition", "cluster", "article"])
    item.save(update_fields=list(fields))
    if item.edition.status == Edition.Status.APPROVED:
        _back_to_draft(item.edition, actor=actor)


@transaction.atomic
def item_add(
    *, edition: Edition, article: Article, section: str, note: str, actor: Any
) -> EditionItem:
    """Add a story the pipeline did not offer (an editor pasted its URL)."""
    _editable(edition)
    last = edition.items.filter(section=section).aggregate(m=Max("position"))["m"] or 0
    item = EditionItem.objects.create(
        edition=edition,
        section=section,
        position=last + 10,
        cluster=article.cluster,
        article=article,
        headline=article.title,
        url=article.url,
        outlets=article.outlet_name,
        summary=one_line(article),
        note=note,
        relevance=article.relevance,
    )
    editor_decision_record(article_id=article.pk, included=True, actor=actor, learn=False)
    if edition.status == Edition.Status.APPROVED:
        _back_to_draft(edition, actor=actor)
    return item


@transaction.atomic
def item_add_by_hand(
    *,
    edition: Edition,
    headline: str,
    outlet: str,
    url: str,
    summary: str,
    section: str,
    note: str,
    actor: Any,
) -> EditionItem:
    """Add a story typed by the editor, for a page Chorus cannot fetch (a paywall)."""
    _editable(edition)
    last = edition.items.filter(section=section).aggregate(m=Max("position"))["m"] or 0
    item = EditionItem(
        edition=edition,
        section=section,
        position=last + 10,
        headline=headline.strip(),
        url=url.strip(),
        outlets=outlet.strip(),
        summary=summary.strip(),
        note=note.strip(),
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=item, note="story added by hand")
    if edition.status == Edition.Status.APPROVED:
        _back_to_draft(edition, actor=actor)
    return item


def todays_draft(today: datetime.date | None = None) -> Edition | None:
    """Today's daily edition while it can still be changed, if it has been built."""
    today = today or timezone.localdate()
    edition = Edition.objects.filter(kind=Edition.Kind.DAILY, issue_date=today).first()
    return edition if edition is not None and edition.is_editable else None


def in_edition(edition: Edition, article: Article) -> bool:
    """Whether the edition already carries this article, or the story it belongs to."""
    same = Q(article=article)
    if article.cluster_id is not None:
        same |= Q(cluster_id=article.cluster_id)
    return edition.items.filter(same).exists()


@transaction.atomic
def edition_update(*, edition: Edition, actor: Any, title: str, intro: str) -> None:
    _editable(edition)
    edition.title = title
    edition.intro = intro
    edition.full_clean()
    edition.save(update_fields=["title", "intro"])


@transaction.atomic
def edition_approve(*, edition: Edition, actor: Any) -> None:
    """The editor is happy with the edition: it may now be scheduled to send."""
    if edition.status != Edition.Status.DRAFT:
        raise ValidationError("Only a draft can be approved.")
    if not edition.items.filter(included=True).exists():
        raise ValidationError("Include at least one story before approving.")
    edition.status = Edition.Status.APPROVED
    edition.approved_by = actor
    edition.approved_at = timezone.now()
    edition.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=edition, note="Approved")


def _back_to_draft(edition: Edition, *, actor: Any) -> None:
    """A change after approval needs a fresh approval: nobody sends what was not seen."""
    Edition.objects.filter(pk=edition.pk).update(
        status=Edition.Status.DRAFT, approved_by=None, approved_at=None
    )
    edition.status = Edition.Status.DRAFT
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=edition,
        note="Changed after approval: back to draft",
    )


def edition_send_test(*, edition: Edition, actor: Any) -> str:
    """Send the edition, as subscribers receive it, to the staff member's own address.

    Only ever to the address on their own account, so the button cannot mail anyone
    else. Audited. Returns the address it went to.
    """
    address = (getattr(actor, "email", "") or "").strip()
    if not address:
        raise ValidationError(
            "Your account has no email address, so there is nowhere to send the test. "
            "Ask an administrator to add one."
        )
    rendered = roundup_email.render_edition(edition, counted=False)
    try:
        message = roundup_email.staff_test_message(rendered, to=address)
    except mail.HeaderError as exc:
        raise ValidationError(
            "The email address on your account cannot be used. Ask an administrator to correct it."
        ) from exc
    try:
        mail.send(message)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("A test of edition #%s could not be sent: %s", edition.pk, type(exc))
        raise ValidationError(
            "The mail server did not take the test. Nothing was sent; try again in a few minutes."
        ) from exc
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        instance=edition,
        note="Sent a test of the email to their own address",
    )
    return address


def sections(edition: Edition, *, included_only: bool) -> list[tuple[str, list[EditionItem]]]:
    """The edition's items grouped by section, in section order, empty sections left out."""
    items = edition.items.select_related("article", "article__publisher", "article__source")
    if included_only:
        items = items.filter(included=True)
    grouped: dict[str, list[EditionItem]] = {value: [] for value in NewsRegion.values}
    for item in items.order_by("position", "pk"):
        grouped.setdefault(item.section, []).append(item)
    labels = dict(NewsRegion.choices)
    return [(str(labels.get(key, key)), rows) for key, rows in grouped.items() if rows]


def add_to_draft_action(user: Any) -> ArticleAction | None:
    """The "Add to today's draft" button on monitoring's article pages, for editors."""
    if not can(user, "roundup", "change"):
        return None
    return ArticleAction(label="Add to today's draft", route="roundup:article_add_to_draft")


@cron("30 6 * * *")  # half past six, before the editor starts
@task
def build_morning_draft() -> int:
    """Build (or top up) today's draft edition. Returns the edition's id."""
    return edition_draft_build().pk


@cron("0 7 * * Fri")  # Friday morning: the week's digest, for the editor to approve
@task
def build_weekly_digest() -> int:
    return edition_digest_build().pk
