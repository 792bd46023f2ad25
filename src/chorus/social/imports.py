"""Meta Business Suite's per-post export (`chorus import meta-posts FILE`).

The export's columns: Post ID, Account ID, Account username, Account name,
Description, Duration (sec), Publish time, Permalink, Post type, Data comment, Date,
Views, Reach, Likes, Shares, Follows, Comments, Saves. Exports made before April 2025
carry Impressions and Plays instead of Views. Its quirks: Publish time is month first
(MM/DD/YYYY HH:MM); numbers may carry thousands separators (inside quotes); post types
read "IG image", "IG reel"…; headings follow the language of the account that exported
(only English is read; others get a plain error).

A post is matched by its Post ID (within its account) or its permalink, so importing
again updates it and never adds it twice. An account not yet in Chorus is created from
the Account ID and username. Each figure is stored under its own name, dated the
export's day (the Date column when it holds a day, otherwise the day of the import),
with the post's age on that day.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from chorus.lib.imports.reading import ImportCheck, ImportRow, folded
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.social import services
from chorus.social.models import Account, Metric, Platform, Post, PostKind

METRIC_COLUMNS = {
    "Views": Metric.VIEWS,
    "Impressions": Metric.IMPRESSIONS,
    "Plays": Metric.PLAYS,
    "Reach": Metric.REACH,
    "Likes": Metric.LIKES,
    "Shares": Metric.SHARES,
    "Follows": Metric.FOLLOWS,
    "Comments": Metric.COMMENTS,
    "Saves": Metric.SAVES,
}

FIELDS = (
    ImportField("Post ID", required=True, help="Meta's id of the post."),
    ImportField("Account ID", help="Meta's id of the account."),
    ImportField("Account username", required=True, aliases=("username",)),
    ImportField("Account name"),
    ImportField("Description", aliases=("caption",)),
    ImportField("Duration (sec)", aliases=("duration",)),
    ImportField("Publish time", required=True, help="Month first: MM/DD/YYYY HH:MM."),
    ImportField("Permalink"),
    ImportField("Post type", required=True, help="IG image, IG reel, IG carousel, IG story."),
    ImportField("Data comment", help="Not read."),
    ImportField("Date", help="The day the figures were exported; “Lifetime” means today."),
    *(ImportField(column) for column in METRIC_COLUMNS),
)

_KINDS = {
    "image": PostKind.IMAGE,
    "photo": PostKind.IMAGE,
    "reel": PostKind.REEL,
    "video": PostKind.REEL,
    "carousel": PostKind.CAROUSEL,
    "carousel album": PostKind.CAROUSEL,
    "story": PostKind.STORY,
}
_PUBLISHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")
_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_ENGLISH = ("post id", "publish time", "post type", "account username")


@dataclass
class MetaRow(ImportRow):
    post_id: str = ""
    account_id: str = ""
    username: str = ""
    account_name: str = ""
    caption: str = ""
    duration: int | None = None
    published_at: datetime.datetime | None = None
    permalink: str = ""
    kind: str = ""
    exported_on: datetime.date | None = None
    metrics: dict[str, int] = field(default_factory=dict)
    match: Post | None = None


def header_problem(header: list[str]) -> str:
    """A plain error for an export whose headings are not in English."""
    names = {folded(cell) for cell in header}
    if any(name in names for name in _ENGLISH):
        return ""
    return (
        "This export's column headings are not in English, and Chorus reads only the "
        "English ones. In Meta Business Suite set your language to English (Settings › "
        "Language), export the posts again and upload the new file."
    )


def _local(value: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    match = _PUBLISHED.match(value.strip())
    if not match:
        return None
    month, day, year, hour, minute = match.groups()
    try:
        return datetime.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=tz
        )
    except ValueError:
        return None


def published(value: str, tz: datetime.tzinfo | None = None) -> datetime.datetime | None:
    """MM/DD/YYYY HH:MM, as Meta writes it, in the charity's time zone.

    Given in UTC, as the database gives it back: a local time in a clock change's gap
    or fold never compares equal across time zones (PEP 495), so a re-import would
    see the post as changed every time.
    """
    moment = _local(value, tz or timezone.get_current_timezone())
    return moment.astimezone(datetime.UTC) if moment else None


def number(value: str) -> int | None:
    """A count, perhaps with thousands separators ("3,074"); None when it is not one."""
    text = value.strip().replace(" ", "")
    if not _NUMBER.match(text):
        return None
    return int(text.replace(",", ""))


def export_day(value: str) -> datetime.date | None:
    moment = _local(value, datetime.UTC)  # only its day is wanted
    if moment is not None:
        return moment.date()
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_row(row: MetaRow, state: dict[str, Any]) -> None:
    row.post_id = row.cell("Post ID")
    row.account_id = row.cell("Account ID")
    row.username = row.cell("Account username").lstrip("@")
    row.account_name = row.cell("Account name")[:200]
    row.caption = row.cell("Description")
    row.permalink = row.cell("Permalink")[:500]
    if not row.post_id or not row.post_id.isdigit():
        row.problem("Post ID", "give Meta's id of the post (digits only).")
    if not row.username:
        row.problem("Account username", "empty: the account the post was published on.")
    when = row.cell("Publish time")
    # The time zone is looked up once per file: it is the same for every row.
    row.published_at = published(when, state.setdefault("tz", timezone.get_current_timezone()))
    if row.published_at is None:
        row.problem("Publish time", f"‘{when[:30]}’ is not a time as MM/DD/YYYY HH:MM.")
    kind = folded(row.cell("Post type")).removeprefix("ig ").removeprefix("fb ")
    row.kind = _KINDS.get(kind, "")
    if not row.kind:
        row.problem(
            "Post type",
            f"‘{row.cell('Post type')[:30]}’: expected IG image, reel, carousel or story.",
        )
    duration = row.cell("Duration (sec)")
    if duration:
        row.duration = number(duration.split(".")[0])
    date = row.cell("Date")
    row.exported_on = export_day(date) if date and folded(date) != "lifetime" else None
    if date and folded(date) != "lifetime" and row.exported_on is None:
        row.problem("Date", f"‘{date[:30]}’ is not a day (MM/DD/YYYY) or “Lifetime”.")
    for column, metric in METRIC_COLUMNS.items():
        cell = row.cell(column)
        if not cell:
            continue
        value = number(cell)
        if value is None:
            row.problem(column, f"‘{cell[:20]}’ is not a whole number.")
        else:
            row.metrics[metric] = value
    seen: set[str] = state.setdefault("seen", set())
    if row.post_id in seen:
        row.skip_reason = "The same Post ID is on an earlier row: read once"
    seen.add(row.post_id)


def _existing(rows: list[MetaRow]) -> tuple[dict[tuple[str, str], Post], dict[str, Post]]:
    ids = [row.post_id for row in rows if row.post_id]
    links = [row.permalink for row in rows if row.permalink]
    by_id: dict[tuple[str, str], Post] = {}
    by_link: dict[str, Post] = {}
    found = Post.objects.select_related("account").filter(platform_post_id__in=ids)
    for post in [*found, *Post.objects.select_related("account").filter(permalink__in=links)]:
        if post.platform_post_id:
            by_id[(post.account.handle.casefold(), post.platform_post_id)] = post
        if post.permalink:
            by_link[post.permalink] = post
    return by_id, by_link


def check(result: ImportCheck) -> None:
    """Find the posts already in Chorus (by Post ID or permalink). Reads only."""
    rows: list[MetaRow] = result.rows
    by_id, by_link = _existing(rows)
    for row in rows:
        row.match = by_id.get((row.username.casefold(), row.post_id)) or by_link.get(row.permalink)
        row.notes.append("Updates a post" if row.match else "New post")


def _account(row: MetaRow, accounts: dict[str, Account], actor: Any) -> Account:
    key = row.account_id or row.username.casefold()
    if key in accounts:
        return accounts[key]
    found = None
    if row.account_id:
        found = Account.objects.filter(
            platform=Platform.INSTAGRAM, account_id=row.account_id
        ).first()
    if found is None:
        found = Account.objects.filter(
            platform=Platform.INSTAGRAM, handle__iexact=row.username
        ).first()
    if found is None:
        found = services.account_create(
            actor=actor,
            platform=Platform.INSTAGRAM,
            handle=row.username,
            name=row.account_name,
            account_id=row.account_id,
        )
    accounts[key] = found
    return found


def apply(*, actor: Any, check: ImportCheck, label: str) -> ApplyResult:
    """Save every row in the framework's transaction: accounts, posts and their figures."""
    result = ApplyResult()
    accounts: dict[str, Account] = {}
    before = Account.objects.count()
    today = timezone.localdate()
    rows: list[MetaRow] = check.to_import
    by_id, by_link = _existing(rows)
    new_rows: list[dict[str, Any]] = []
    new_metrics: list[tuple[datetime.date, dict[str, int]]] = []
    updates: list[tuple[Post, dict[str, Any]]] = []
    figures: list[tuple[Post, datetime.date, dict[str, int]]] = []
    for row in rows:
        account = _account(row, accounts, actor)
        post = by_id.get((account.handle.casefold(), row.post_id)) or by_link.get(row.permalink)
        if row.published_at is None:  # a row without one is an error, never applied
            continue
        if post is None:
            new_rows.append(
                {
                    "account": account,
                    "published_at": row.published_at,
                    "kind": row.kind,
                    "caption": row.caption,
                    "permalink": row.permalink,
                    "platform_post_id": row.post_id,
                    "duration_sec": row.duration,
                }
            )
            new_metrics.append((row.exported_on or today, row.metrics))
        else:
            updates.append(
                (
                    post,
                    {
                        "caption": row.caption or post.caption,
                        "permalink": row.permalink or post.permalink,
                        "platform_post_id": row.post_id,
                        "kind": row.kind,
                        "published_at": row.published_at,
                        "duration_sec": (
                            row.duration if row.duration is not None else post.duration_sec
                        ),
                    },
                )
            )
            figures.append((post, row.exported_on or today, row.metrics))
    changed = services.post_update_many(actor=actor, updates=updates)
    counts = services.metrics_record_many(figures=figures)
    for post, _ in updates:
        created, updated, _ = counts[post.pk]
        if post.pk in changed or created or updated:
            result.updated += 1
        else:
            result.unchanged += 1
    services.post_create_many(actor=actor, rows=new_rows, metrics=new_metrics)
    result.created = len(new_rows)
    new_accounts = Account.objects.count() - before
    if new_accounts:
        result.note = f"{new_accounts} new account{'s' if new_accounts != 1 else ''} added"
    return result


KIND = ImportKind(
    name="meta-posts",
    singular="post",
    plural="posts",
    title="Import posts and their figures from Meta Business Suite",
    fields=FIELDS,
    parse_row=parse_row,
    apply=apply,
    area="social",
    url_name="social:post_import",
    row_class=MetaRow,
    check=check,
    header_problem=header_problem,
    preview=(
        ("Account", lambda row: f"@{row.username}" if row.username else "—"),
        ("Published", lambda row: f"{row.published_at:%d %b %Y}" if row.published_at else "—"),
        ("Kind", lambda row: row.kind or "—"),
        (
            "Figures",
            lambda row: ", ".join(f"{k} {v:,}" for k, v in row.metrics.items()) or "—",
        ),
    ),
    done_links=lambda: [
        ("Posts", reverse("social:post_list")),
        ("What performs", reverse("social:performance")),
    ],
    max_rows=20_000,
    max_bytes=20 * 1024 * 1024,
    intro=(
        "In Meta Business Suite open Insights › Content, choose the posts and the period, "
        "and export them as CSV (in English). Posts already in Chorus are matched by their "
        "Post ID or link and updated; figures are kept under Meta's own names, dated the "
        "export's day."
    ),
    back_url_name="social:post_list",
)
