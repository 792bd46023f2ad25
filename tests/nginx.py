"""A real nginx, configured from deploy/nginx.conf, in front of a live Chorus server.

Production runs Chorus behind nginx (deploy/nginx.conf). Tests that depend on what
nginx does (the visitor's address, HTTPS, static files) start the real thing:

    def test_something(nginx):                 # the fixture in tests/conftest.py
        visitor = nginx.client(source="127.0.0.2")
        page = visitor.get("/accounts/login/")

`nginx` runs Debian's nginx (`CHORUS_NGINX`, default /usr/sbin/nginx; `make browser`
and .ci/run install it) with the shipped configuration, changed only where a test
must: its ports, a throwaway certificate, the static folder and the upstream (the
application as `chorus serve` runs it, in a thread: `running_chorus`). Visitors
connect from distinct loopback addresses (127.0.0.2, …), so each one is a different
client to nginx, just as different people are in production.
Chorus trusts X-Forwarded-For only from 127.0.0.1, the address nginx proxies from.
Mark tests that use it with `pytest.mark.nginx`.
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import os
import re
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

NGINX = os.environ.get("CHORUS_NGINX", "/usr/sbin/nginx")
DEPLOY_CONF = Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf"
PROXY_ADDRESS = "127.0.0.1"  # where nginx listens, and the address it proxies from


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((PROXY_ADDRESS, 0))
        return int(sock.getsockname()[1])


def adapt_config(
    text: str,
    *,
    upstream: str,
    http_port: int,
    https_port: int,
    cert: Path,
    key: Path,
    static: Path,
    access_log: Path,
) -> str:
    """deploy/nginx.conf with each line marked `# test: NAME` replaced for a test run.

    Fails when a marked line is missing, so the test cannot drift from the shipped file.
    """
    replacements = {
        "upstream": f"server {upstream};",
        "http": f"listen {PROXY_ADDRESS}:{http_port};",
        "https": f"listen {PROXY_ADDRESS}:{https_port} ssl http2;",
        "drop": "",
        "cert": f"ssl_certificate {cert};",
        "key": f"ssl_certificate_key {key};",
        "static": f"alias {static}/;",
        "access_log": f"access_log {access_log} chorus_paths;",
    }
    seen: set[str] = set()
    lines = []
    for line in text.splitlines():
        match = re.search(r"#\s*test:\s*(.+?)\s*$", line)
        if match:
            name = match.group(1)
            if name not in replacements:
                raise AssertionError(f"deploy/nginx.conf: unknown test marker {name!r}")
            seen.add(name)
            indent = line[: len(line) - len(line.lstrip())]
            line = indent + replacements[name] if replacements[name] else ""
        lines.append(line)
    missing = set(replacements) - seen
    if missing:
        raise AssertionError(f"deploy/nginx.conf lost the lines marked: {sorted(missing)}")
    return "\n".join(lines) + "\n"


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(tz=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(PROXY_ADDRESS))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    return cert_file, key_file


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


def exchange(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    *,
    body: str | bytes | None,
    headers: dict[str, str],
    cookies: dict[str, str],
) -> Response:
    """One request on `connection` as a browser makes it: it sends `cookies`, then keeps
    the ones the answer sets and forgets the ones it deletes. Closes the connection."""
    sent = dict(headers)
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        connection.request(method, path, body=body, headers=sent)
        raw = connection.getresponse()
        text = raw.read().decode("utf-8", "replace")
    finally:
        connection.close()
    for set_cookie in raw.headers.get_all("Set-Cookie") or []:
        for morsel in SimpleCookie(set_cookie).values():
            if morsel["max-age"] == "0" or not morsel.value:
                cookies.pop(morsel.key, None)
            else:
                cookies[morsel.key] = morsel.value
    return Response(raw.status, raw.headers, text)


@dataclass
class Visitor:
    """One browser-like client: its own source address, its own cookies."""

    server: Nginx
    source: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: str | None = None,
        headers: dict[str, str] | None = None,
        https: bool = True,
    ) -> Response:
        if https:
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                PROXY_ADDRESS,
                self.server.https_port,
                context=self.server.tls_context(),
                source_address=(self.source, 0),
                timeout=30,
            )
        else:
            connection = http.client.HTTPConnection(
                PROXY_ADDRESS, self.server.http_port, source_address=(self.source, 0), timeout=30
            )
        sent = {"Host": self.server.host_header(https=https), **(headers or {})}
        return exchange(connection, method, path, body=body, headers=sent, cookies=self.cookies)

    def get(self, path: str, **kwargs: object) -> Response:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def submit(self, path: str, data: dict[str, str], headers: dict[str, str] | None = None):
        """Open the form at `path` and post it, with its CSRF token, as a browser would."""
        form = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert match, f"no CSRF token on {path} (status {form.status})"
        sent = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.server.url,
            "Referer": self.server.url + path,
            **(headers or {}),
        }
        body = urlencode({"csrfmiddlewaretoken": match.group(1), **data})
        return self.request("POST", path, body=body, headers=sent)


@dataclass
class Nginx:
    folder: Path
    http_port: int
    https_port: int
    cert: Path
    static: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"https://{self.host_header()}"

    def host_header(self, *, https: bool = True) -> str:
        return f"{PROXY_ADDRESS}:{self.https_port if https else self.http_port}"

    def access_log(self) -> str:
        log = self.folder / "chorus.access.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def client(self, source: str = "127.0.0.2") -> Visitor:
        """A visitor connecting from `source` (any 127.x.y.z address but 127.0.0.1)."""
        assert source != PROXY_ADDRESS, "127.0.0.1 is nginx's own address, which Chorus trusts"
        return Visitor(self, source)

    def error_log(self) -> str:
        log = self.folder / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""


@contextmanager
def running_chorus() -> Iterator[str]:
    """Chorus's own WSGI application, as `chorus serve` runs it, on a free port; its URL.

    pytest-django's `live_server` wraps the application in Django's test handlers, which
    serve MEDIA_ROOT and the static files themselves: behind it nginx would seem to hand
    out uploads that production never serves. This server runs the application alone
    (what gunicorn loads from chorus.wsgi), in a thread of the test process, so it sees
    the test database.
    """
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from django.test.testcases import LiveServerThread

    application = get_wsgi_application()
    # An in-memory SQLite test database is only visible through the test's connections.
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    thread = LiveServerThread(
        PROXY_ADDRESS,
        static_handler=lambda _test_handlers: application,
        connections_override=shared,
    )
    thread.daemon = True
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://{PROXY_ADDRESS}:{thread.port}"
    finally:
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


@contextmanager
def running_nginx(folder: Path, upstream_url: str) -> Iterator[Nginx]:
    """Start nginx with deploy/nginx.conf in front of `upstream_url`; stop it afterwards."""
    if not Path(NGINX).exists():
        raise AssertionError(f"No nginx at {NGINX}: run `make browser` (apt-get install nginx).")
    folder.mkdir(parents=True, exist_ok=True)
    upstream = urlsplit(upstream_url)
    host = "127.0.0.1" if upstream.hostname in ("localhost", None) else upstream.hostname
    static = folder / "static"
    static.mkdir(exist_ok=True)
    cert, key = _self_signed_certificate(folder)
    http_port, https_port = _free_port(), _free_port()
    site = adapt_config(
        DEPLOY_CONF.read_text(encoding="utf-8"),
        upstream=f"{host}:{upstream.port}",
        http_port=http_port,
        https_port=https_port,
        cert=cert,
        key=key,
        static=static,
        access_log=folder / "chorus.access.log",
    )
    # The workers run as the user running the tests, so they can read the temp folder.
    user = "user root root;" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp}
{site}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(  # noqa: S603
        [
            NGINX,
            "-p",
            str(folder),
            "-e",
            str(folder / "error.log"),
            "-c",
            str(folder / "nginx.conf"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Nginx(folder, http_port, https_port, cert, static, process)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                raise AssertionError(f"nginx did not start:\n{stderr}\n{server.error_log()}")
            try:
                socket.create_connection((PROXY_ADDRESS, https_port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not listen:\n{server.error_log()}") from None
                time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
