"""The guarded fetcher, against a real HTTP server on 127.0.0.1.

The server is the standard library's, in a thread; each path is one behaviour (a feed
with validators, redirects, a slow drip, an endless body, compression bombs, rate limits).
Nothing here reaches beyond this machine: the address cases are refused before any packet
is sent, and DNS answers that would point elsewhere are faked.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from chorus.monitoring.pipeline import fetch as fetch_module
from chorus.monitoring.pipeline.backoff import MAX_BACKOFF_SECONDS, next_attempt_delay
from chorus.monitoring.pipeline.fetch import FetchError, FetchRefused, fetch

FEED = (Path(__file__).parent / "fixtures" / "feeds" / "bbc_news_uk.rss").read_bytes()
ETAG = '"feed-v1"'
LAST_MODIFIED = "Tue, 10 Jun 2025 14:21:07 GMT"
MB = 1024 * 1024


def _gzip_bomb(size: int) -> bytes:
    # One gzip member that inflates to `size` zero bytes (about 1,000:1).
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MB)
    parts = [compressor.compress(block) for _ in range(size // MB)]
    parts.append(compressor.flush())
    return b"".join(parts)


GZIP_BOMB = _gzip_bomb(200 * MB)
DEFLATE_BOMB = zlib.compress(bytes(50 * MB), 9)
# Many small members: each is harmless, together they inflate to 200 MB.
MULTI_MEMBER_BOMB = gzip.compress(bytes(MB), 9) * 200


@dataclass
class Recorder:
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    active: int = 0
    most_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    recorder: Recorder

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if "Content_Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        recorder = self.recorder
        with recorder.lock:
            recorder.requests.append((self.path, dict(self.headers.items())))
            recorder.active += 1
            recorder.most_active = max(recorder.most_active, recorder.active)
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher hung up, as it should on bombs and endless bodies
        finally:
            with recorder.lock:
                recorder.active -= 1

    def route(self) -> None:
        path = self.path
        if path == "/feed":
            if (
                self.headers.get("If-None-Match") == ETAG
                or self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self._send(304, ETag=ETAG)
                return
            self._send(
                200,
                FEED,
                Content_Type="application/rss+xml; charset=utf-8",
                ETag=ETAG,
                Last_Modified=LAST_MODIFIED,
            )
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, Location=f"/hops/{left - 1}" if left > 1 else "/feed")
        elif path == "/loop":
            self._send(301, Location="/loop")
        elif path.startswith("/redirect?to="):
            self._send(302, Location=unquote(path.split("=", 1)[1]))
        elif path == "/gzip":
            self._send(200, gzip.compress(FEED), Content_Encoding="gzip")
        elif path == "/deflate":
            self._send(200, zlib.compress(FEED), Content_Encoding="deflate")
        elif path == "/raw-deflate":
            raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            self._send(200, raw.compress(FEED) + raw.flush(), Content_Encoding="deflate")
        elif path == "/gzip-bomb":
            self._send(200, GZIP_BOMB, Content_Encoding="gzip")
        elif path == "/multi-member-bomb":
            self._send(200, MULTI_MEMBER_BOMB, Content_Encoding="gzip")
        elif path == "/deflate-bomb":
            self._send(200, DEFLATE_BOMB, Content_Encoding="deflate")
        elif path == "/brotli":
            self._send(200, b"\x1b\x00\x00", Content_Encoding="br")
        elif path == "/announced-huge":
            self._send(200, b"tiny", Content_Length=str(50 * MB))
        elif path == "/endless":
            self.send_response(200)
            self.end_headers()  # no length: the body runs until the connection closes
            chunk = b"<item>" * 10_000
            while True:
                self.wfile.write(chunk)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100_000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/drip-headers":
            # Headers one byte at a time: every read succeeds, none ever completes the answer.
            self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
            for _ in range(100_000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/silent":
            time.sleep(5)  # accepts the connection, never answers in time
        elif path == "/wait":
            time.sleep(0.3)
            self._send(200, b"<rss/>")
        elif path == "/limited":
            self._send(429, b"slow down", Retry_After="120")
        elif path == "/unavailable":
            later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
            self._send(503, b"maintenance", Retry_After=later)
        else:
            self._send(404, b"not here")


@pytest.fixture
def server() -> Iterator[tuple[str, int, Recorder]]:
    recorder = Recorder()
    handler = type("RecordingHandler", (Handler,), {"recorder": recorder})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = httpd.server_address[1]
    try:
        yield f"http://127.0.0.1:{port}", port, recorder
    finally:
        httpd.shutdown()
        httpd.server_close()


def allow(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}"})


# --- Fetching and conditional GET ----------------------------------------------------------


def test_it_fetches_a_feed_with_its_validators(server):
    base, port, recorder = server
    result = fetch(f"{base}/feed", allow_hosts=allow(port))
    assert (result.status, result.body, result.not_modified) == (200, FEED, False)
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.final_url == f"{base}/feed"
    headers = recorder.requests[0][1]
    assert headers["User-Agent"].startswith("Chorus round-up")
    assert headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_an_unchanged_feed_answers_not_modified_with_no_body(server, validator):
    base, port, recorder = server
    kwargs = {"etag": ETAG} if validator == "etag" else {"last_modified": LAST_MODIFIED}
    result = fetch(f"{base}/feed", allow_hosts=allow(port), **kwargs)
    assert result.not_modified
    assert result.status == 304
    assert result.body == b""
    assert result.etag == ETAG
    sent = recorder.requests[0][1]
    assert sent.get("If-None-Match") == kwargs.get("etag")
    assert sent.get("If-Modified-Since") == kwargs.get("last_modified")


def test_a_validator_with_a_line_break_is_not_sent(server):
    base, port, recorder = server
    result = fetch(f"{base}/feed", allow_hosts=allow(port), etag='"x"\r\nX-Injected: yes')
    assert result.status == 200
    sent = recorder.requests[0][1]
    assert "X-Injected" not in sent and "If-None-Match" not in sent


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/raw-deflate"])
def test_compressed_answers_are_decompressed(server, path):
    base, port, _ = server
    assert fetch(f"{base}{path}", allow_hosts=allow(port)).body == FEED


# --- Redirects -----------------------------------------------------------------------------


def test_it_follows_redirects_up_to_the_limit(server):
    base, port, _ = server
    result = fetch(f"{base}/hops/4", allow_hosts=allow(port), max_redirects=5)
    assert result.final_url == f"{base}/feed"
    assert result.body == FEED


def test_too_many_redirects_are_refused(server):
    base, port, recorder = server
    with pytest.raises(FetchRefused, match="redirected more than 5 times"):
        fetch(f"{base}/loop", allow_hosts=allow(port), max_redirects=5)
    assert len(recorder.requests) == 6


@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:{port}/feed",  # same machine, another name: not on the allow list
        "http://127.0.0.1:1/feed",  # allowed host, other port
        "http://10.0.0.5/feed",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[::1]:{port}/feed",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_INFO",
    ],
)
def test_a_redirect_to_a_forbidden_address_is_refused_even_from_an_allowed_host(server, target):
    base, port, recorder = server
    with pytest.raises(FetchRefused):
        fetch(f"{base}/redirect?to={target.format(port=port)}", allow_hosts=allow(port))
    assert len(recorder.requests) == 1  # the redirect itself, nothing after it


# --- Deadlines and size caps ---------------------------------------------------------------


def test_a_slow_drip_is_stopped_at_the_deadline(server):
    base, port, _ = server
    began = time.monotonic()
    with pytest.raises(FetchError, match="within 1 seconds") as caught:
        fetch(f"{base}/drip", allow_hosts=allow(port), timeout=1.0)
    assert not isinstance(caught.value, FetchRefused)
    assert time.monotonic() - began < 2.5


@pytest.mark.parametrize("path", ["/silent", "/drip-headers"])
def test_a_server_that_never_finishes_its_headers_is_abandoned_at_the_deadline(server, path):
    base, port, _ = server
    began = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}{path}", allow_hosts=allow(port), timeout=1.0)
    assert not isinstance(caught.value, FetchRefused)
    assert time.monotonic() - began < 2.5


def test_an_endless_body_is_cut_at_the_size_cap(server):
    base, port, _ = server
    began = time.monotonic()
    with pytest.raises(FetchRefused, match="larger than the 1,000,000-byte limit"):
        fetch(f"{base}/endless", allow_hosts=allow(port), max_bytes=1_000_000)
    assert time.monotonic() - began < 5


def test_an_announced_length_over_the_cap_is_refused_before_reading(server):
    base, port, _ = server
    with pytest.raises(FetchRefused, match="larger than"):
        fetch(f"{base}/announced-huge", allow_hosts=allow(port), max_bytes=1_000_000)


@pytest.mark.parametrize("path", ["/gzip-bomb", "/multi-member-bomb", "/deflate-bomb"])
def test_compression_bombs_stop_at_the_cap_without_inflating_in_memory(server, path):
    base, port, _ = server
    tracemalloc.start()
    try:
        with pytest.raises(FetchRefused, match="larger than the 1,000,000-byte limit"):
            fetch(f"{base}{path}", allow_hosts=allow(port), max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The bombs inflate to 50-200 MB; the fetcher never holds much more than the cap.
    assert peak < 8 * MB


def test_a_compression_that_was_not_asked_for_is_an_error(server):
    base, port, _ = server
    with pytest.raises(FetchError, match="'br'"):
        fetch(f"{base}/brotli", allow_hosts=allow(port))


# --- HTTP errors and Retry-After -----------------------------------------------------------


def test_too_many_requests_carries_retry_after_seconds(server):
    base, port, _ = server
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/limited", allow_hosts=allow(port))
    assert not isinstance(caught.value, FetchRefused)
    assert caught.value.status == 429
    assert caught.value.retry_after_seconds == 120


def test_service_unavailable_carries_a_retry_after_date_as_seconds(server):
    base, port, _ = server
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/unavailable", allow_hosts=allow(port))
    assert caught.value.status == 503
    assert caught.value.retry_after_seconds == pytest.approx(3600, abs=5)


def test_not_found_is_a_plain_error_with_its_status(server):
    base, port, _ = server
    with pytest.raises(FetchError, match="answered 404") as caught:
        fetch(f"{base}/gone", allow_hosts=allow(port))
    assert caught.value.status == 404
    assert caught.value.retry_after_seconds is None


def test_https_to_a_server_that_does_not_speak_tls_is_a_plain_error(server):
    _, port, _ = server
    with pytest.raises(FetchError) as caught:
        fetch(f"https://127.0.0.1:{port}/feed", allow_hosts=allow(port), timeout=3)
    assert not isinstance(caught.value, FetchRefused)


# --- Forbidden addresses -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/feed",
        "http://[::1]:{port}/feed",
        "http://[::ffff:127.0.0.1]:{port}/feed",
        "http://0.0.0.0:{port}/feed",
        "http://2130706433:{port}/feed",  # 127.0.0.1 as one decimal number
        "http://0x7f.0.0.1:{port}/feed",  # and in hexadecimal
        "http://localhost:{port}/feed",
        "http://LOCALHOST.:{port}/feed",
        "http://10.1.2.3/feed",
        "http://172.16.0.1/feed",
        "http://192.168.1.1/feed",
        "http://100.64.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[fe80::1]/feed",
        "http://224.0.0.1/feed",
        "http://metadata.google.internal/computeMetadata/v1/",
        "file:///etc/passwd",
        "ftp://ftp.example.org/feed.xml",
        "http://editor:secret@news.example.org/feed",
        "feed.example.org/rss",
    ],
)
def test_forbidden_addresses_and_schemes_are_refused_without_contact(server, url):
    _, port, recorder = server
    with pytest.raises(FetchRefused):
        fetch(url.format(port=port))
    assert recorder.requests == []


def test_an_allow_list_entry_with_a_port_allows_only_that_port(server):
    base, port, recorder = server
    with pytest.raises(FetchRefused):
        fetch(f"{base}/feed", allow_hosts=frozenset({f"127.0.0.1:{port + 1}"}))
    assert recorder.requests == []
    assert fetch(f"{base}/feed", allow_hosts=frozenset({"127.0.0.1"})).status == 200


def _fake_answers(address: str, port: int) -> list:
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]


def test_dns_rebinding_to_loopback_is_refused_at_connection(server, monkeypatch):
    _, port, recorder = server
    answers = iter(["203.0.113.7", "127.0.0.1"])  # checked: public; connected: loopback
    asked: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_getaddrinfo(host, service, *args, **kwargs):
        if host != "rebind.example.org":
            return real_getaddrinfo(host, service, *args, **kwargs)
        asked.append(host)
        return _fake_answers(next(answers), service)

    # 203.0.113.0/24 is a documentation range; pretend it is an ordinary public address.
    real_refusal = fetch_module.address_refusal
    monkeypatch.setattr(
        fetch_module,
        "address_refusal",
        lambda ip: None if ip == "203.0.113.7" else real_refusal(ip),
    )
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    with pytest.raises(FetchRefused, match="127.0.0.1"):
        fetch(f"http://rebind.example.org:{port}/feed")
    assert asked == ["rebind.example.org", "rebind.example.org"]
    assert recorder.requests == []


def test_the_address_actually_connected_is_checked(server, monkeypatch):
    # The name resolves to a public address every time, but the connection lands on
    # loopback (as through a hostile NAT or proxy): the peer address decides.
    _, port, recorder = server
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def public_getaddrinfo(host, service, *args, **kwargs):
        if host == "diverted.example.org":
            return _fake_answers("203.0.113.9", service)
        return real_getaddrinfo(host, service, *args, **kwargs)

    def diverted_connect(sock, address):
        if address[0] == "203.0.113.9":
            address = ("127.0.0.1", address[1])
        return real_connect(sock, address)

    real_refusal = fetch_module.address_refusal
    monkeypatch.setattr(
        fetch_module,
        "address_refusal",
        lambda ip: None if ip == "203.0.113.9" else real_refusal(ip),
    )
    monkeypatch.setattr(socket, "getaddrinfo", public_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", diverted_connect)
    with pytest.raises(FetchRefused, match="connected to 127.0.0.1"):
        fetch(f"http://diverted.example.org:{port}/feed")
    assert recorder.requests == []


# --- One connection per host ---------------------------------------------------------------


def test_one_connection_per_host_at_a_time(server):
    base, port, recorder = server
    results: list[int] = []

    def one() -> None:
        # A generous deadline: the point is the order of the answers, not the speed.
        results.append(fetch(f"{base}/wait", allow_hosts=allow(port), timeout=30).status)

    threads = [threading.Thread(target=one) for _ in range(3)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == [200, 200, 200]
    assert recorder.most_active == 1
    assert time.monotonic() - began >= 0.85  # three 0.3 s answers, one after another


# --- Backoff -------------------------------------------------------------------------------


def test_a_healthy_source_is_polled_at_its_interval():
    assert next_attempt_delay(0, 3600, None) == 3600


def test_failures_double_the_delay_up_to_a_day():
    assert next_attempt_delay(1, 900, None) == 1800
    assert next_attempt_delay(3, 900, None) == 7200
    assert next_attempt_delay(50, 900, None) == MAX_BACKOFF_SECONDS
    assert next_attempt_delay(2, 3 * 86400, None) == 3 * 86400  # a long interval is kept


def test_retry_after_is_never_cut_short():
    assert next_attempt_delay(1, 900, 7200) == 7200
    assert next_attempt_delay(1, 900, 60) == 1800
    assert next_attempt_delay(0, 900, 86400 * 2) == 86400 * 2


def test_a_name_lookup_that_hangs_is_given_up_at_the_deadline(monkeypatch):
    # The system resolver has no timeout: a hung DNS server would otherwise hold the
    # poller for as long as it likes.
    release = threading.Event()
    real_getaddrinfo = socket.getaddrinfo

    def hanging_getaddrinfo(host, service, *args, **kwargs):
        if host == "slow-dns.example.org":
            release.wait(30)
        return real_getaddrinfo(host, service, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging_getaddrinfo)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="Looking up the name slow-dns.example.org"):
            fetch("http://slow-dns.example.org/feed", timeout=0.5)
        assert time.monotonic() - started < 5
    finally:
        release.set()
