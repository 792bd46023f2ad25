"""Ingestion end to end: a real HTTP server on 127.0.0.1, the guarded fetcher, the pipeline,
and what ends up stored."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.monitoring.models import Article, Source, StoryCluster
from chorus.monitoring.services import ingest

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def rss(items: list[dict[str, str]]) -> bytes:
    entries = "".join(
        "<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        "<description>{summary}</description><pubDate>{date}</pubDate></item>".format(
            title=escape(i["title"]),
            link=escape(i["link"]),
            summary=escape(i["summary"]),
            date=format_datetime(NOW - datetime.timedelta(hours=float(i.get("age", "1")))),
        )
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed</title><link>https://example.org/</link>{entries}</channel></rss>"
    ).encode()


CROSSING_BBC = {
    "title": "Dozens rescued from dinghy in the Channel off Gravelines",
    "link": "https://www.bbc.co.uk/news/uk-1?utm_source=rss",
    "summary": "Border Force rescued 43 people, including children, from an overcrowded "
    "dinghy off Gravelines on Tuesday morning, the Home Office said.",
}
CROSSING_ITV = {
    "title": "43 people pulled from overcrowded small boat near Gravelines",
    "link": "https://www.itv.com/news/2026-crossing",
    "summary": "French and UK rescuers brought 43 people, among them children, to safety "
    "after their small boat got into difficulty off Gravelines, the Home Office confirmed.",
}
HOTEL = {
    "title": "Council challenges Home Office plan for asylum hotel in Hartlepool",
    "link": "https://www.bbc.co.uk/news/uk-2",
    "summary": "Hartlepool council has launched a legal challenge against the use of a "
    "hotel to house 120 asylum seekers.",
}
FOOTBALL = {
    "title": "Hartlepool United sign striker on loan",
    "link": "https://www.bbc.co.uk/sport/3",
    "summary": "The League Two side have signed a forward on a season-long loan.",
}


class FeedServer:
    def __init__(self) -> None:
        self.feeds: dict[str, bytes] = {}
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server.requests.append((self.path, self.headers.get("If-None-Match")))
                body = server.feeds.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                etag = f'"{hash(body) & 0xFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def server(settings) -> Iterator[FeedServer]:
    feeds = FeedServer()
    settings.ROUNDUP_FETCH_ALLOW_HOSTS = [f"127.0.0.1:{feeds.port}"]
    yield feeds
    feeds.httpd.shutdown()


def test_a_poll_stores_classifies_and_clusters_the_stories(server):
    server.feeds["/bbc.xml"] = rss([CROSSING_BBC, HOTEL, FOOTBALL])
    server.feeds["/itv.xml"] = rss([CROSSING_ITV])
    bbc = Source.objects.create(name="BBC News", url=server.url("/bbc.xml"))
    itv = Source.objects.create(name="ITV News", url=server.url("/itv.xml"))

    first = ingest.source_poll(source=bbc)
    second = ingest.source_poll(source=itv)

    assert (first.fetched, first.new, first.duplicates) == (3, 3, 0)
    assert (second.fetched, second.new) == (1, 1)
    crossing = Article.objects.get(title=CROSSING_BBC["title"])
    assert crossing.url == "https://www.bbc.co.uk/news/uk-1"  # tracking removed
    assert crossing.relevant and crossing.reasons
    assert not Article.objects.get(title=FOOTBALL["title"]).relevant
    # Two outlets' own reports of one rescue are one story.
    itv_report = Article.objects.get(source=itv)
    assert itv_report.cluster_id == crossing.cluster_id
    cluster = StoryCluster.objects.get(pk=crossing.cluster_id)
    assert (cluster.article_count, cluster.outlet_count) == (2, 2)
    assert Article.objects.get(title=HOTEL["title"]).cluster_id != crossing.cluster_id
    bbc.refresh_from_db()
    assert bbc.health == "ok" and bbc.etag and bbc.next_poll_at > timezone.now()


def test_an_unchanged_feed_costs_no_parse_and_no_article_writes(server):
    server.feeds["/bbc.xml"] = rss([HOTEL])
    source = Source.objects.create(name="BBC News", url=server.url("/bbc.xml"))
    ingest.source_poll(source=source)
    source.refresh_from_db()
    again = ingest.source_poll(source=source)
    assert again.not_modified and again.fetched == 0
    assert server.requests[-1][1] == source.etag  # the validator was sent
    assert Article.objects.count() == 1


def test_the_same_article_twice_and_a_wire_copy_count_as_duplicates(server):
    wire = dict(CROSSING_BBC, link="https://www.independent.co.uk/news/pa-crossing")
    server.feeds["/one.xml"] = rss([CROSSING_BBC])
    server.feeds["/two.xml"] = rss([CROSSING_BBC, wire])
    one = Source.objects.create(name="BBC News", url=server.url("/one.xml"))
    two = Source.objects.create(name="Agency", url=server.url("/two.xml"))
    ingest.source_poll(source=one)
    report = ingest.source_poll(source=two)
    assert (report.new, report.duplicates) == (0, 2)
    copy = Article.objects.get(url__contains="independent")
    original = Article.objects.get(url__contains="bbc")
    assert copy.copy_of_id == original.pk
    assert copy.cluster_id == original.cluster_id


def test_an_item_with_a_malformed_link_is_skipped_and_counted_on_the_source(server, client_for):
    broken = dict(FOOTBALL, link="http://[bad/x")
    server.feeds["/bbc.xml"] = rss([CROSSING_BBC, broken, HOTEL]).replace(
        b"<link>https://example.org/</link>", b"<link>http://[bad/channel</link>"
    )
    source = Source.objects.create(name="BBC News", url=server.url("/bbc.xml"))
    report = ingest.source_poll(source=source)
    source.refresh_from_db()
    assert report.new == 2
    assert set(Article.objects.values_list("title", flat=True)) == {
        CROSSING_BBC["title"],
        HOTEL["title"],
    }
    # The feed's own link and the item: two errors, and the feed is not failing.
    assert source.item_errors == 2
    assert source.consecutive_failures == 0 and source.last_success_at is not None
    assert source.health == "items skipped"
    assert "Invalid IPv6 URL" in source.last_error and "(and 1 more)" in source.last_error
    page = client_for(Role.MEDIA_OFFICER).get(reverse("monitoring:source_list"))
    assert "items skipped</span> (2 at the last check)" in page.content.decode()
    server.feeds["/bbc.xml"] = rss([CROSSING_BBC, HOTEL])
    ingest.source_poll(source=source)
    source.refresh_from_db()
    assert source.item_errors == 0 and source.health == "ok"


def test_an_unexpected_error_storing_one_item_does_not_lose_the_others(server, monkeypatch):
    server.feeds["/bbc.xml"] = rss([CROSSING_BBC, HOTEL])
    source = Source.objects.create(name="BBC News", url=server.url("/bbc.xml"))
    real_store_one = ingest._store_one

    def store_one(item, **kwargs):
        if item.title == CROSSING_BBC["title"]:
            raise KeyError("something no one foresaw")
        return real_store_one(item, **kwargs)

    monkeypatch.setattr(ingest, "_store_one", store_one)
    report = ingest.source_poll(source=source)
    source.refresh_from_db()
    assert report.new == 1
    assert list(Article.objects.values_list("title", flat=True)) == [HOTEL["title"]]
    assert source.item_errors == 1 and "something no one foresaw" in source.last_error


def test_an_unexpected_error_reading_a_feed_is_a_failure_of_that_source_only(server, monkeypatch):
    server.feeds["/bbc.xml"] = rss([HOTEL])
    server.feeds["/itv.xml"] = rss([CROSSING_ITV])
    bbc = Source.objects.create(name="BBC News", url=server.url("/bbc.xml"))
    itv = Source.objects.create(name="ITV News", url=server.url("/itv.xml"))
    real_parse = ingest.feeds.parse_feed

    def parse_feed(body, **kwargs):
        if kwargs["url"].endswith("/bbc.xml"):
            raise RuntimeError("a parser bug")
        return real_parse(body, **kwargs)

    monkeypatch.setattr(ingest.feeds, "parse_feed", parse_feed)
    assert ingest.sources_poll_due() == 2
    bbc.refresh_from_db()
    itv.refresh_from_db()
    assert bbc.health == "failing" and "a parser bug" in bbc.last_error
    assert itv.health == "ok"
    assert list(Article.objects.values_list("title", flat=True)) == [CROSSING_ITV["title"]]


def test_a_failing_source_backs_off_and_says_why(server):
    source = Source.objects.create(name="Gone", url=server.url("/missing.xml"), poll_minutes=30)
    report = ingest.source_poll(source=source)
    source.refresh_from_db()
    assert report.errors
    assert source.health == "failing"
    assert source.consecutive_failures == 1
    assert "404" in source.last_error
    first_delay = source.next_poll_at - timezone.now()
    ingest.source_poll(source=source)
    source.refresh_from_db()
    assert source.consecutive_failures == 2
    assert source.next_poll_at - timezone.now() > first_delay


def test_only_due_and_enabled_sources_are_polled(server):
    server.feeds["/bbc.xml"] = rss([HOTEL])
    Source.objects.create(name="Due", url=server.url("/bbc.xml"))
    Source.objects.create(name="Off", url=server.url("/off.xml"), enabled=False)
    Source.objects.create(
        name="Later",
        url=server.url("/later.xml"),
        next_poll_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert ingest.sources_poll_due() == 1
    assert [path for path, _ in server.requests] == ["/bbc.xml"]


def test_ingest_command_prints_what_happened(server, capsys):
    server.feeds["/bbc.xml"] = rss([HOTEL, FOOTBALL])
    assert ingest.cli_main(["--url", server.url("/bbc.xml")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"fetched": 2, "new": 2, "duplicates": 0, "errors": []}
    assert ingest.cli_main(["--url", server.url("/bbc.xml")]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["new"], again["duplicates"]) == (0, 2)


def test_ingest_command_refuses_a_private_address_in_plain_words(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"ROUNDUP_FETCH_ALLOW_HOSTS"}}
    env["CHORUS_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "chorus.cli", "ingest", "--url", "http://169.254.169.254/feed"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "refused" in result.stderr
    assert "Traceback" not in result.stderr


ARTICLE_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Families wait years for asylum
decisions | Example Gazette</title><meta property="og:title" content="Families wait years for
asylum decisions"></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Families wait years for asylum decisions</h1>
<p>Hundreds of families in the North East have waited more than two years for a decision on
their asylum claims, figures obtained by the Example Gazette show.</p>
<p>Charities say the delays leave children unable to settle at school and parents barred from
working while they wait.</p>
<p>The Home Office said it was clearing the backlog and that most claims were now decided
within six months.</p></article><footer>Sign up to our newsletter</footer></body></html>"""


def test_an_editor_adds_a_story_by_its_address(server, client_for):
    from django.urls import reverse

    from chorus.accounts.roles import Role
    from chorus.roundup.models import Edition

    server.feeds["/news/asylum-waits"] = ARTICLE_PAGE
    edition = Edition.objects.create(issue_date=timezone.localdate(), title="Today")
    client = client_for(Role.VOLUNTEER)
    url = reverse("roundup:edition_add_item", args=[edition.pk])
    response = client.post(
        url, {"url": server.url("/news/asylum-waits"), "section": "uk", "note": "Worth a read"}
    )
    assert response.status_code == 302
    item = edition.items.get()
    assert item.headline == "Families wait years for asylum decisions"
    assert item.note == "Worth a read"
    article = Article.objects.get()
    assert "more than two years" in article.text
    assert "newsletter" not in article.text

    refused = client.post(url, {"url": "http://10.0.0.7/internal", "section": "uk"})
    assert "will not fetch that address" in refused.content.decode()
    assert edition.items.count() == 1


def test_relevant_articles_get_their_full_text(server):
    from chorus.monitoring.models import Article

    server.feeds["/news/asylum-waits"] = ARTICLE_PAGE
    page_url = server.url("/news/asylum-waits")
    relevant = Article.objects.create(
        url=page_url,
        url_key="k1",
        title="Families wait years",
        published_at=timezone.now(),
        relevant=True,
        relevance=0.7,
    )
    gone = Article.objects.create(
        url=server.url("/news/gone"),
        url_key="k2",
        title="Asylum story",
        published_at=timezone.now(),
        relevant=True,
        relevance=0.7,
    )
    ignored = Article.objects.create(
        url=page_url + "?other",
        url_key="k3",
        title="Football",
        published_at=timezone.now(),
    )

    assert ingest.articles_extract_candidates() == 2

    relevant.refresh_from_db()
    gone.refresh_from_db()
    ignored.refresh_from_db()
    assert "more than two years" in relevant.text and relevant.extracted_at
    assert relevant.relevant and relevant.reasons
    assert gone.text == "" and "404" in gone.extraction_error
    assert ignored.extracted_at is None
    assert ingest.articles_extract_candidates() == 0  # nothing is tried twice


def test_a_site_busy_in_another_worker_is_tried_a_minute_later(server):
    from django.core.cache import cache

    server.feeds["/bbc.xml"] = rss([HOTEL])
    source = Source.objects.create(name="BBC News", url=server.url("/bbc.xml"))
    cache.add("monitoring:fetching:127.0.0.1", "other worker", timeout=60)
    report = ingest.source_poll(source=source)
    source.refresh_from_db()
    assert report.errors == ["another fetch from the same site is running"]
    assert server.requests == []
    assert source.next_poll_at > timezone.now()
    cache.delete("monitoring:fetching:127.0.0.1")
    assert ingest.source_poll(source=source).new == 1
