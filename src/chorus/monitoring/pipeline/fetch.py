"""Fetching feeds and pages from addresses users type in, without opening the private network.

Anyone who may add a source chooses where the server connects, so every fetch is guarded:

* only http and https; no user names or passwords in addresses; no proxies from the
  environment;
* no loopback, private (RFC 1918, IPv6 unique-local), link-local (which includes the cloud
  metadata service at 169.254.169.254), carrier-grade NAT, multicast, reserved or
  unspecified addresses, in any spelling (IPv4-mapped IPv6, decimal, octal), and no cloud
  metadata host names. The rule is applied to the address the socket is actually
  connected to, for every connection, so a DNS answer that changes between the check and
  the connection (DNS rebinding), or a redirect to such an address, is refused too;
* a wall-clock deadline for the whole fetch (name lookups, headers, redirects and body),
  a cap on the body after decompression that is enforced while streaming (a gzip bomb
  stops after `max_bytes`, never inflated in memory), and a redirect limit;
* conditional GET (ETag / Last-Modified): an unchanged feed answers 304 and costs no body;
* one connection per host at a time in this process, so polling many feeds of one
  outlet never opens parallel connections to it.

`allow_hosts` lets named hosts (e.g. "127.0.0.1" or "localhost:8123") through the address
rules, for tests and for feeds served on the same machine; nothing else private is reached.

The address rules are in `chorus.monitoring.pipeline.addresses`; when to try a failing
source again is `chorus.monitoring.pipeline.backoff`.

Plain functions: no settings, no database. The caller passes `allow_hosts` in.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as LookupTimeout
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.response import BaseHTTPResponse

from chorus.monitoring.pipeline.addresses import address_refusal, host_allowed, name_refusal
from chorus.monitoring.pipeline.backoff import retry_after_seconds

__all__ = [
    "FetchError",
    "FetchRefused",
    "FetchResult",
    "address_refusal",
    "fetch",
]

DEFAULT_USER_AGENT = "Chorus round-up (+https://example.org)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.1"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchResult:
    final_url: str
    """Where the body came from, after redirects."""
    status: int
    body: bytes
    """Decompressed; empty when `not_modified`."""
    etag: str | None
    last_modified: str | None
    not_modified: bool
    content_type: str | None
    retry_after_seconds: float | None


class FetchError(Exception):
    """The fetch failed: network, timeout, or an HTTP error. The message is plain English."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after_seconds: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after_seconds = retry_after_seconds


class FetchRefused(FetchError):
    """Chorus will not fetch this: wrong scheme, forbidden address, too many redirects, too big."""


# --- Connections that check where they connected -------------------------------------------


class _Hop:
    """One request's shared state: may it skip the address rules, and its deadline watchdog."""

    def __init__(self, *, host: str, allowed: bool, deadline: float) -> None:
        self.host = host
        self.allowed = allowed
        self.deadline = deadline
        self.aborted = False
        # Every socket of this request, TLS-wrapped ones included: the response keeps
        # reading from a socket after the connection object has let go of it.
        self.sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
        if self.aborted:
            self.abort()

    def abort(self) -> None:
        # Called by the deadline timer: shutting the socket down wakes any blocked read.
        with self._lock:
            self.aborted = True
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


# The system resolver has no timeout of its own; lookups run here so a fetch can stop
# waiting for one at its deadline. A lookup that never ends keeps one of these threads.
_resolver = ThreadPoolExecutor(max_workers=8, thread_name_prefix="chorus-resolve")


def _resolve(host: str, port: int, deadline: float) -> list[Any]:
    """`getaddrinfo`, given up at `deadline` (a time.monotonic() value)."""
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        return future.result(timeout=max(deadline - time.monotonic(), 0.0))
    except LookupTimeout as exc:
        future.cancel()
        raise FetchError(f"Looking up the name {host} took too long.") from exc
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The name {host} could not be found.") from exc


def _connect(connection: HTTPConnection, hop: _Hop) -> socket.socket:
    """Resolve, connect to the first permitted address, and check the connected peer."""
    if hop.aborted:
        raise FetchError(f"{hop.host} took too long to answer.")
    answers = _resolve(str(connection.host), int(connection.port or 0), hop.deadline)
    refusal: str | None = None
    last_error: OSError | None = None
    for family, kind, proto, _canonical, sockaddr in answers:
        address = str(sockaddr[0])
        why = None if hop.allowed else address_refusal(address)
        if why is not None:
            refusal = f"{hop.host} resolves to {address}: {why}."
            continue
        sock = socket.socket(family, kind, proto)
        try:
            for option in connection.socket_options or ():
                sock.setsockopt(*option)
            sock.settimeout(connection.timeout)
            sock.connect(sockaddr)
            peer = str(sock.getpeername()[0])
        except OSError as exc:
            sock.close()
            last_error = exc
            continue
        why = None if hop.allowed else address_refusal(peer)
        if why is not None:
            sock.close()
            raise FetchRefused(f"{hop.host} connected to {peer}: {why}.")
        hop.add(sock)
        return sock
    if refusal is not None:
        raise FetchRefused(refusal)
    if isinstance(last_error, TimeoutError):
        raise FetchError(f"{hop.host} did not accept a connection in time.")
    raise FetchError(f"Could not connect to {hop.host} ({last_error}).")


class _GuardedHTTPConnection(HTTPConnection):
    def __init__(self, *args: Any, hop: _Hop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hop = hop

    def _new_conn(self) -> socket.socket:
        return _connect(self, self._hop)


class _GuardedHTTPSConnection(HTTPSConnection):
    def __init__(self, *args: Any, hop: _Hop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hop = hop

    def _new_conn(self) -> socket.socket:
        return _connect(self, self._hop)

    def connect(self) -> None:
        super().connect()
        if self.sock is not None:  # the TLS socket that replaced the plain one
            self._hop.add(self.sock)


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


# --- One connection per host ---------------------------------------------------------------

_host_locks: dict[str, threading.Lock] = {}
_host_locks_guard = threading.Lock()


def _host_lock(host: str) -> threading.Lock:
    with _host_locks_guard:
        lock = _host_locks.get(host)
        if lock is None:
            if len(_host_locks) > 10_000:  # forget idle hosts rather than grow for ever
                for name in [n for n, held in _host_locks.items() if not held.locked()]:
                    del _host_locks[name]
            lock = _host_locks[host] = threading.Lock()
        return lock


# --- Bodies --------------------------------------------------------------------------------


class _Decompressor:
    """Content-Encoding undone chunk by chunk, never producing more than asked for."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._pending = b""
        self._members = 0
        self._object: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._object = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decompress(self, data: bytes, room: int) -> bytes:
        """At most `room + 1` bytes of output, so that the caller can tell it overflowed."""
        if not self.encoding:
            return data
        if self._object is None:  # deflate: zlib-wrapped, or raw as some servers send it
            data = self._pending + data
            if len(data) < 2:
                self._pending = data
                return b""
            self._pending = b""
            wrapped = data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._object = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        output = bytearray()
        while data:
            output += self._object.decompress(data, room + 1 - len(output))
            if len(output) > room:
                break
            if not (self._object.eof and self._object.unused_data):
                break
            if self.encoding == "deflate":
                break  # anything after the deflate stream is not part of the body
            # Another gzip member follows (concatenated gzip files are one valid body).
            data = self._object.unused_data
            self._object = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return bytes(output)

    def flush(self) -> bytes:
        if self._object is None:
            return b""
        return bytes(self._object.flush())


def _decompressor(content_encoding: str | None) -> _Decompressor:
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return _Decompressor("")
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Decompressor(encoding)
    raise FetchError(
        f"The server compressed its answer with '{encoding}', which Chorus does not ask for "
        "and cannot read."
    )


def _read_body(
    response: BaseHTTPResponse, *, hop: _Hop, deadline: float, max_bytes: int, timeout: float
) -> bytes:
    too_big = FetchRefused(f"The answer is larger than the {max_bytes:,}-byte limit.")
    length = response.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise too_big
    decoder = _decompressor(response.headers.get("Content-Encoding"))
    body = bytearray()
    received = 0
    try:
        while chunk := response.read1(CHUNK_BYTES, decode_content=False):
            received += len(chunk)
            if received > max_bytes:
                raise too_big
            body += decoder.decompress(chunk, max_bytes - len(body))
            if len(body) > max_bytes:
                raise too_big
            if time.monotonic() > deadline:
                break
        body += decoder.flush()
    except zlib.error as exc:
        raise FetchError(f"The answer from {hop.host} is not validly compressed.") from exc
    except (Urllib3Error, OSError) as exc:
        if hop.aborted or time.monotonic() > deadline:
            raise _timed_out(hop, timeout) from exc
        raise FetchError(f"The connection to {hop.host} broke while reading ({exc}).") from exc
    if hop.aborted or time.monotonic() > deadline:
        raise _timed_out(hop, timeout)
    if len(body) > max_bytes:
        raise too_big
    return bytes(body)


def _timed_out(hop: _Hop, timeout: float) -> FetchError:
    return FetchError(f"{hop.host} did not finish answering within {timeout:g} seconds.")


# --- Fetching ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    request_path: str


def _target(url: str) -> _Target:
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"This is not a valid web address: {url[:200]}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"'{scheme}'" if scheme else "no scheme"
        raise FetchRefused(f"Only http and https addresses are fetched, and this has {shown}.")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("Addresses with a user name or password in them are not fetched.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("The address has no host name.")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise FetchRefused(f"The host name {host} is not valid.") from exc
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    return _Target(url, scheme, host, port or (443 if scheme == "https" else 80), path)


def _check_before_connecting(target: _Target, deadline: float) -> None:
    """Refuse forbidden names and addresses early, with a clear message, before any packet."""
    why = name_refusal(target.host)
    if why is not None:
        raise FetchRefused(f"{target.host} is not fetched: {why}.")
    try:
        literal = ipaddress.ip_address(target.host)
    except ValueError:
        literal = None
    if literal is not None:
        why = address_refusal(str(literal))
        if why is not None:
            raise FetchRefused(f"{target.host} is not fetched: {why}.")
        return
    answers = _resolve(target.host, target.port, deadline)
    for *_rest, sockaddr in answers:
        why = address_refusal(str(sockaddr[0]))
        if why is not None:
            raise FetchRefused(f"{target.host} resolves to {sockaddr[0]}: {why}.")


def _clean_header(value: str | None) -> str | None:
    # A validator with a line break in it would let a stored value inject headers.
    if value is None or any(c in value for c in "\r\n\0"):
        return None
    return value.strip() or None


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_hosts: frozenset[str] = frozenset(),
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    user_agent: str = DEFAULT_USER_AGENT,
) -> FetchResult:
    """GET `url` under the rules above, following up to `max_redirects` redirects.

    `timeout` bounds the whole fetch, redirects and body included. Pass the `etag` and
    `last_modified` of the previous fetch: an unchanged resource gives `not_modified=True`
    and an empty body. Raises `FetchRefused` for what the rules forbid and `FetchError`
    for everything else that goes wrong (its `status` and `retry_after_seconds` say what
    the server answered).
    """
    deadline = time.monotonic() + timeout
    headers = {
        "User-Agent": user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
    }
    etag = _clean_header(etag)
    last_modified = _clean_header(last_modified)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for _hop_number in range(max_redirects + 1):
        target = _target(current)
        outcome = _request(
            target,
            headers=headers,
            allow_hosts=allow_hosts,
            deadline=deadline,
            timeout=timeout,
            max_bytes=max_bytes,
        )
        if isinstance(outcome, FetchResult):
            if outcome.not_modified:
                return FetchResult(
                    outcome.final_url,
                    outcome.status,
                    b"",
                    outcome.etag or etag,
                    outcome.last_modified or last_modified,
                    True,
                    outcome.content_type,
                    outcome.retry_after_seconds,
                )
            return outcome
        current = urljoin(target.url, outcome)
    raise FetchRefused(f"The address redirected more than {max_redirects} times.")


def _request(
    target: _Target,
    *,
    headers: dict[str, str],
    allow_hosts: frozenset[str],
    deadline: float,
    timeout: float,
    max_bytes: int,
) -> FetchResult | str:
    """One request: a result, or the Location of a redirect."""
    allowed = host_allowed(target.host, target.port, allow_hosts)
    if not allowed:
        _check_before_connecting(target, deadline)
    remaining = deadline - time.monotonic()
    lock = _host_lock(target.host)
    if remaining <= 0 or not lock.acquire(timeout=remaining):
        raise FetchError(f"{target.host} is busy with another fetch; try again later.")
    hop = _Hop(host=target.host, allowed=allowed, deadline=deadline)
    watchdog = threading.Timer(max(deadline - time.monotonic(), 0.0), hop.abort)
    watchdog.daemon = True
    pool: HTTPConnectionPool | None = None
    response: BaseHTTPResponse | None = None
    try:
        watchdog.start()
        remaining = max(deadline - time.monotonic(), 0.001)
        pool_class = _GuardedHTTPSPool if target.scheme == "https" else _GuardedHTTPPool
        pool = pool_class(
            target.host,
            target.port,
            timeout=Timeout(connect=remaining, read=remaining),
            maxsize=1,
            retries=False,
            hop=hop,
        )
        try:
            response = pool.urlopen(
                "GET",
                target.request_path,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
                assert_same_host=False,
                release_conn=False,
            )
        except Urllib3SSLError as exc:
            raise FetchError(f"The secure connection to {target.host} failed ({exc}).") from exc
        except (Urllib3Error, OSError) as exc:
            if hop.aborted or time.monotonic() > deadline:
                raise _timed_out(hop, timeout) from exc
            raise FetchError(f"Could not fetch from {target.host} ({exc}).") from exc
        status = response.status
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if status in REDIRECT_STATUSES:
            location = response.headers.get("Location")
            if not location:
                raise FetchError(
                    f"{target.host} redirected without saying where to.", status=status
                )
            return location.strip()
        result_headers = (
            target.url,
            status,
            response.headers.get("ETag"),
            response.headers.get("Last-Modified"),
            response.headers.get("Content-Type"),
            retry_after,
        )
        if status == 304:
            final_url, _, etag, modified, content_type, retry = result_headers
            return FetchResult(final_url, 304, b"", etag, modified, True, content_type, retry)
        if not 200 <= status < 300:
            reason = response.reason or ""
            raise FetchError(
                f"{target.host} answered {status} {reason}".rstrip() + ".",
                status=status,
                retry_after_seconds=retry_after,
            )
        body = _read_body(
            response, hop=hop, deadline=deadline, max_bytes=max_bytes, timeout=timeout
        )
        final_url, _, etag, modified, content_type, retry = result_headers
        return FetchResult(final_url, status, body, etag, modified, False, content_type, retry)
    finally:
        watchdog.cancel()
        if response is not None:
            response.close()
        if pool is not None:
            pool.close()
        lock.release()
