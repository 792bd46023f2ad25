"""Shared test base: one fixed user per role, a client signed in as each, and factories.

Users with roles that need MFA get a TOTP authenticator, as they would in production,
so tests exercise the real MFA rule instead of switching it off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings as django_settings
from django.test import Client

from chorus.accounts.models import User
from chorus.accounts.roles import MFA_REQUIRED_ROLES, Role
from tests.factories import UserFactory, give_totp

# The test mail servers (aiosmtpd) log every SMTP command at INFO from their own thread,
# which can outlive the test whose captured output it writes to; their warnings remain.
logging.getLogger("mail.log").setLevel(logging.WARNING)

ROLE_USERNAMES = {
    Role.ADMIN: "admin",
    Role.SAFEGUARDING_LEAD: "safeguarding",
    Role.MEDIA_OFFICER: "media",
    Role.COORDINATOR: "coordinator",
    Role.DIGITAL_OFFICER: "digital",
    Role.DIRECTOR: "director",
    Role.VOLUNTEER: "volunteer",
    Role.READ_ONLY: "readonly",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres_only` (several processes standing in for several machines)
    are deselected, and reported as such, when the suite runs on SQLite: a charity that
    outgrows one machine moves to PostgreSQL, so that is where they are proved."""
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    chosen = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in chosen])
        items[:] = chosen


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    # Each test gets its own throttling counters.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.MEDIA_ROOT = tmp_path / "uploads"
    # Erasures are registered, and backups written, in the test's own folder.
    settings.CHORUS_ERASURE_REGISTER = tmp_path / "erasure-register.jsonl"
    settings.CHORUS_BACKUP_DIR = tmp_path / "backups"
    # Real hashing costs ~0.3 s a password; tests check roles and sessions, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    def make(role: Role | str = Role.READ_ONLY, **kwargs: object) -> User:
        user = UserFactory(role=role, **kwargs)
        if role in MFA_REQUIRED_ROLES:
            give_totp(user)
        return user

    return make


@pytest.fixture
def users(make_user) -> dict[Role, User]:
    return {role: make_user(role, username=username) for role, username in ROLE_USERNAMES.items()}


@pytest.fixture
def client_for(users) -> Callable[[Role], Client]:
    def signed_in(role: Role) -> Client:
        client = Client()
        client.force_login(users[role])
        return client

    return signed_in


@pytest.fixture
def admin_client_(client_for) -> Client:
    return client_for(Role.ADMIN)


@pytest.fixture
def media_client(client_for) -> Client:
    return client_for(Role.MEDIA_OFFICER)


@pytest.fixture
def nginx(db, tmp_path, settings) -> Iterator[object]:
    """A real nginx with deploy/nginx.conf in front of Chorus's WSGI application alone, as
    `chorus serve` runs it (not `live_server`, whose test handlers serve uploads; see
    tests/nginx.py)."""
    from tests.nginx import PROXY_ADDRESS, running_chorus, running_nginx

    settings.TRUSTED_PROXIES = [PROXY_ADDRESS]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, PROXY_ADDRESS]
    with running_chorus() as upstream, running_nginx(tmp_path / "nginx", upstream) as server:
        yield server
