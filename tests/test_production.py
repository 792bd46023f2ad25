"""The production set-up as a whole: Debian's nginx with deploy/nginx.conf, TLS from a
certificate made for the test, in front of Chorus on the database of the run.

CI runs these on PostgreSQL: the PostgreSQL step of .ci/run selects the marker
`nginx_postgres` (tests/test_deploy.py checks that it does). Each check is one a visitor
or a mail provider would notice through nginx.
"""

from __future__ import annotations

import gzip
import shutil

import pytest
from django.contrib.staticfiles import finders

from chorus.accounts.roles import Role
from chorus.roundup.models import Subscriber, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.nginx_postgres,
    pytest.mark.django_db(transaction=True),
]

LOGIN = "/accounts/login/"
TOO_MANY = "Too many failed login attempts"


def test_plain_http_is_sent_to_the_same_address_over_https_without_hsts(nginx):
    plain = nginx.client().get("/news/subscribe/?from=mail", https=False)
    assert plain.status == 301
    assert plain.header("Location") == "https://127.0.0.1/news/subscribe/?from=mail"
    # HSTS over plain HTTP means nothing to a browser (RFC 6797): only HTTPS carries it.
    assert plain.header("Strict-Transport-Security") == ""


def test_https_pages_carry_hsts_for_a_year_with_subdomains(nginx, settings):
    page = nginx.client().get(LOGIN)
    assert page.status == 200
    hsts = page.header("Strict-Transport-Security")
    assert hsts == f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains"
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    # The sign-in cookie is marked for HTTPS only: Chorus knows nginx took HTTPS.
    cookies = page.headers.get_all("Set-Cookie") or []
    assert cookies
    assert all("Secure" in cookie for cookie in cookies)


def test_the_visitors_own_address_reaches_the_sign_in_limit(nginx, make_user, settings):
    make_user(Role.COORDINATOR, username="coordinator")

    def sign_in(visitor, password, headers=None):
        return visitor.submit(LOGIN, {"login": "coordinator", "password": password}, headers)

    guesser = nginx.client(source="127.0.0.5")
    for n in range(settings.LOGIN_ATTEMPTS_LIMIT):
        # Each guess claims to come from somewhere else: nginx overwrites the claim.
        sign_in(guesser, "wrong-password", {"X-Forwarded-For": f"192.0.2.{n + 1}"})
    assert TOO_MANY in sign_in(guesser, TEST_PASSWORD, {"X-Forwarded-For": "198.51.100.7"}).text
    assert "sessionid" not in guesser.cookies

    colleague = nginx.client(source="127.0.0.6")
    assert sign_in(colleague, TEST_PASSWORD).status == 302
    assert colleague.get("/").status == 200


def test_nginx_serves_the_collected_static_files_compressed_when_asked(nginx):
    source = finders.find("chorus/chorus.css")
    assert source, "chorus/chorus.css is no longer a static file"
    css = nginx.static / "chorus" / "chorus.css"
    css.parent.mkdir()
    shutil.copy(source, css)
    # What CompressedStaticFilesStorage writes next to each file when collecting.
    css.with_suffix(".css.gz").write_bytes(gzip.compress(css.read_bytes()))

    page = nginx.client().get(LOGIN)
    assert 'href="/static/chorus/chorus.css"' in page.text

    plain = nginx.client().get("/static/chorus/chorus.css")
    assert plain.status == 200
    assert plain.text == css.read_text(encoding="utf-8")
    assert plain.header("Content-Type").startswith("text/css")
    assert plain.header("Cache-Control") == "public, max-age=3600"
    assert plain.header("X-Content-Type-Options") == "nosniff"

    packed = nginx.client().get("/static/chorus/chorus.css", headers={"Accept-Encoding": "gzip"})
    assert packed.status == 200
    assert packed.header("Content-Encoding") == "gzip"

    assert nginx.client().get("/static/chorus/missing.css").status == 404


def test_uploads_are_never_served_from_disk(nginx, settings):
    secret = "name,email\nA Reader,reader@example.org\n"
    # Production keeps uploads next to the static files: <CHORUS_DATA_DIR>/{static,uploads}.
    for folder in (settings.MEDIA_ROOT, nginx.static.parent / "uploads"):
        (folder / "imports").mkdir(parents=True)
        (folder / "imports" / "subscribers.csv").write_text(secret, encoding="utf-8")
    visitor = nginx.client()
    for path in (
        "/uploads/imports/subscribers.csv",
        "/static/../uploads/imports/subscribers.csv",
        "/static/..%2fuploads/imports/subscribers.csv",
        "/static/%2e%2e/uploads/imports/subscribers.csv",
        "/static../uploads/imports/subscribers.csv",
    ):
        answer = visitor.get(path)
        assert answer.status in (400, 404), (path, answer.status)
        assert "reader@example.org" not in answer.text, path


def test_a_mail_providers_one_click_post_unsubscribes_through_nginx(nginx, settings):
    settings.CHORUS_PUBLIC_URL = nginx.url
    subscriber = Subscriber.objects.create(
        email="reader@example.org", status=Subscriber.Status.CONFIRMED
    )
    headers = subscriber_selectors.list_headers(subscriber)
    address = headers["List-Unsubscribe"].strip("<>")
    assert address.startswith(nginx.url + "/")

    # RFC 8058: a bare POST of the List-Unsubscribe-Post body; no cookie, no CSRF token.
    provider = nginx.client(source="127.0.0.7")
    answer = provider.request(
        "POST",
        address.removeprefix(nginx.url),
        body=headers["List-Unsubscribe-Post"],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200
    assert "You are unsubscribed" in answer.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.filter(email="reader@example.org").exists()

    # The provider retrying changes nothing and still succeeds.
    again = provider.request(
        "POST",
        address.removeprefix(nginx.url),
        body=headers["List-Unsubscribe-Post"],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert again.status == 200
    assert Suppression.objects.filter(email="reader@example.org").count() == 1
