"""The public web archive of sent editions, and their RSS feed. No sign-in: these were
sent to over a thousand people, and the charity publishes them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from chorus.accounts.access import public
from chorus.lib import fragments
from chorus.lib.pagination import paginate, requested_page
from chorus.roundup.editions import clicks
from chorus.roundup.editions import services as editions
from chorus.roundup.editions.archive import FRAGMENTS
from chorus.roundup.models import Edition, EditionItem

PUBLIC_REASON = "Sent editions are published: the same text went to every subscriber."


def _published() -> Any:
    return Edition.objects.filter(
        kind=Edition.Kind.DAILY, status=Edition.Status.SENT, published_at__isnull=False
    )


def _cacheable(response: HttpResponse) -> HttpResponse:
    # Public and the same for everyone: let browsers and proxies keep it for a while.
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, public=True, max_age=300)
    return response


# The archive's lists and editions are kept in the cache (`editions.archive`); the page
# around them (the menu of a signed-in member of staff) is rendered for each request.
PER_PAGE = 30


@public(PUBLIC_REASON)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    number = requested_page(request) or 1

    def build() -> dict[str, Any]:
        page = paginate(request, _published().order_by("-issue_date"), PER_PAGE)
        body = render_to_string(
            "roundup/archive/_index.html",
            {
                "page_obj": page,
                "querystring_without_page": "",
                "subscribe_url": reverse("roundup:subscribe"),
            },
        )
        return {"body": body, "number": page.number}

    # Page 7 of 3 shows page 3: only kept under the number it really is.
    found = fragments.cached(
        FRAGMENTS, f"index:{number}", build, storable=lambda f: f["number"] == number
    )
    body = mark_safe(found["body"])  # noqa: S308 - rendered (and escaped) by _index.html
    return _cacheable(render(request, "roundup/archive/index.html", {"body": body}))


@public(PUBLIC_REASON)
@require_GET
def edition(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    try:
        issue_date = datetime.date(year, month, day)
    except ValueError as exc:
        raise Http404("No edition on that date.") from exc

    def build() -> dict[str, str]:
        found = get_object_or_404(_published(), issue_date=issue_date)
        body = render_to_string(
            "roundup/archive/_edition.html",
            {"edition": found, "sections": editions.sections(found, included_only=True)},
        )
        return {"title": found.title, "body": body}

    page = fragments.cached(FRAGMENTS, f"edition:{issue_date.isoformat()}", build)
    body = mark_safe(page["body"])  # noqa: S308 - rendered (and escaped) by _edition.html
    context = {"title": page["title"], "body": body}
    return _cacheable(render(request, "roundup/archive/edition.html", context))


def edition_url(edition: Edition) -> str:
    day = edition.issue_date
    return reverse(
        "roundup:archive_edition", kwargs={"year": day.year, "month": day.month, "day": day.day}
    )


class EditionsFeed(Feed):
    title = "Migration news round-up"
    description = "The daily round-up of migration news from the UK and Europe."

    def link(self) -> str:
        return reverse("roundup:archive_index")

    def items(self) -> Any:
        return _published().order_by("-issue_date")[:30]

    def item_title(self, item: Edition) -> str:
        return item.title

    def item_description(self, item: Edition) -> str:
        """The edition as HTML, which is how every feed reader shows a description.

        Headlines, summaries and the intro are text (a headline may say "<b>"), so each is
        HTML-escaped here; the feed writer then XML-escapes the whole description.
        """
        parts = [linebreaks(item.intro, autoescape=True)] if item.intro else []
        for label, rows in editions.sections(item, included_only=True):
            parts.append(format_html("<h2>{}</h2>", label))
            parts.append(
                format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", _rows_html(rows)))
            )
        return "".join(parts)

    def item_link(self, item: Edition) -> str:
        return edition_url(item)

    def item_pubdate(self, item: Edition) -> datetime.datetime | None:
        return item.published_at

    def item_guid(self, item: Edition) -> str:
        return f"{settings.CHORUS_PUBLIC_URL}{edition_url(item)}"


def _rows_html(rows: list[EditionItem]) -> Iterator[tuple[SafeString]]:
    for row in rows:
        link = clicks.web_link(row.url)
        headline = (
            format_html('<a href="{}">{}</a>', link, row.headline) if link else escape(row.headline)
        )
        outlets = format_html(" — {}", row.outlets) if row.outlets else ""
        summary = format_html("<br>{}", row.summary) if row.summary else ""
        yield (format_html("{}{}{}", headline, outlets, summary),)


_feed = EditionsFeed()


@public(PUBLIC_REASON)
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """The feed, answering readers' conditional requests with 304 Not Modified.

    Last-Modified is when the newest edition went out (sent editions never change). A
    reader that sends only If-Modified-Since is answered from that one query; the ETag is a
    hash of the feed itself, so it changes with anything that changes the feed.
    """
    latest = _published().aggregate(latest=Max("published_at"))["latest"]
    last_modified = int(latest.timestamp()) if latest is not None else None
    if "If-None-Match" not in request.headers:
        unchanged = get_conditional_response(request, last_modified=last_modified)
        if unchanged is not None:
            return _cacheable(unchanged)
    response = _cacheable(_feed(request))
    set_response_etag(response)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return answer or response


@public(
    "The links in the round-up email: anyone who received it may follow them. The address "
    "names a story, not a reader, and only redirects to the address stored for that story."
)
@require_GET
def follow(request: HttpRequest, token: str) -> HttpResponse:
    item = clicks.item_for_token(token)
    target = clicks.web_link(item.url) if item is not None else ""
    if item is None or not target:
        raise Http404("No such story.")
    clicks.item_click_record(item=item)
    response = HttpResponseRedirect(target)
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)  # each follow is counted once, by us, not cached
    return response


@public("The round-up's privacy notice: what is kept about subscribers and what is counted.")
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "roundup/public/privacy.html")
