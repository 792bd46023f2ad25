"""Feeds served over real HTTP for polling tests, each site on its own loopback address.

The fetcher lets one connection at a time reach a site (a host), so feeds that share a
host are fetched one after the other whatever the workers do. Here each feed is a site
of its own (127.0.0.2, 127.0.0.3, …), so nothing but Chorus's own rules decides who
fetches what, and every request a feed receives is counted.

    with FeedHosts(20, items=3) as hosts:
        settings.ROUNDUP_FETCH_ALLOW_HOSTS = hosts.allow_hosts
        Source.objects.create(name="Feed 1", url=hosts.url(0))
        ...
        assert hosts.requests == Counter({0: 1, 1: 1, ...})
"""

from __future__ import annotations

import datetime
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from xml.sax.saxutils import escape

# Invented place names and words, for headlines that are not copies of one another.
_PLACES = [
    "Ashbourne", "Brackley", "Carnforth", "Dunmere", "Eastwold", "Fernhill", "Glenmoor",
    "Harrowby", "Ilsford", "Kelbrook", "Larkmoor", "Millbeck", "Northam Vale", "Oakridge",
    "Pelham Cross", "Quarrington", "Redwick", "Stanmere", "Thornbury Down", "Upwell",
]  # fmt: skip
_SUBJECTS = [
    "council opens a new drop-in centre for people seeking asylum",
    "charity volunteers run English classes in the library",
    "a family reunion visa is refused after a two-year wait",
    "the local college welcomes refugee students to its nursing course",
    "a football club starts weekly sessions for young people who arrived alone",
    "residents hold a welcome dinner at the community hall",
    "a hotel used as asylum accommodation is due to close",
    "a bakery run by a Syrian family wins a regional award",
    "the housing office changes how it places people granted protection",
    "a choir of new arrivals performs at the cathedral",
]
_DETAILS = [
    "organisers said more than forty people came in the first week",
    "the Home Office said it would review the decision",
    "local businesses have offered work placements",
    "the council said the scheme would run until the spring",
    "volunteers from three churches help run it",
    "a petition in support has been signed by hundreds of residents",
]


def feed_items(feed: int, count: int, *, seed: int = 0) -> list[dict[str, str]]:
    """`count` invented stories for feed number `feed`, each its own headline and link."""
    rng = random.Random(seed * 1_000_003 + feed)
    now = datetime.datetime.now(tz=datetime.UTC)
    items = []
    for n in range(count):
        place, subject, detail = rng.choice(_PLACES), rng.choice(_SUBJECTS), rng.choice(_DETAILS)
        items.append(
            {
                "title": f"{place}: {subject} ({feed}-{n})",
                "link": f"https://news{feed}.example.org/{place.lower().replace(' ', '-')}/{n}",
                "summary": f"In {place}, {subject}; {detail}. Report number {feed}-{n}.",
                "date": format_datetime(now - datetime.timedelta(minutes=5 + n)),
            }
        )
    return items


def rss(items: list[dict[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
        f"<guid>{escape(i['link'])}</guid><description>{escape(i['summary'])}</description>"
        f"<pubDate>{i['date']}</pubDate></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed</title><link>https://example.org/</link>{entries}</channel></rss>"
    ).encode()


class FeedHosts:
    """`count` feeds, feed n at http://127.0.0.<n+2>:<port>/feed.xml; `requests` counts
    the requests each received. `delay(n)` is how long feed n takes to answer."""

    def __init__(
        self,
        count: int,
        *,
        items: int = 3,
        delay: Callable[[int], float] = lambda _n: 0.0,
        seed: int = 0,
    ) -> None:
        if not 1 <= count <= 250:
            raise ValueError("between 1 and 250 feeds: one loopback address each")
        self.requests: Counter[int] = Counter()
        self._lock = threading.Lock()
        self.bodies = [rss(feed_items(n, items, seed=seed)) for n in range(count)]
        self.servers: list[ThreadingHTTPServer] = []
        hosts = self

        for n in range(count):

            class Handler(BaseHTTPRequestHandler):
                feed = n

                def do_GET(self) -> None:  # noqa: N802 - the http.server API
                    with hosts._lock:
                        hosts.requests[self.feed] += 1
                    time.sleep(delay(self.feed))
                    if self.path != "/feed.xml":
                        self.send_response(404)
                        self.end_headers()
                        return
                    body = hosts.bodies[self.feed]
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def log_message(self, *args: object) -> None:
                    pass

            server = ThreadingHTTPServer((f"127.0.0.{n + 2}", 0), Handler)
            server.daemon_threads = True
            threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            ).start()
            self.servers.append(server)

    def host(self, n: int) -> str:
        address, port = self.servers[n].server_address[:2]
        return f"{address}:{port}"

    def url(self, n: int) -> str:
        return f"http://{self.host(n)}/feed.xml"

    @property
    def allow_hosts(self) -> list[str]:
        return [self.host(n) for n in range(len(self.servers))]

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
