"""The one settings module, driven by environment variables.

Every variable read here is documented in docs/configuration.md (a test fails
when one is not). Defaults make `chorus demo` work with nothing set; production
must set SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from chorus.lib.env import envbool, envint, envlist, envstr
from chorus.lib.files import (
    make_private_dir,
    make_private_file,
    use_private_umask,
    write_private_text,
)

BASE_DIR = Path(__file__).resolve().parent

# --- Mode -------------------------------------------------------------------

# Demo mode: fictional data, a banner on every page, MFA enforcement waived. It is not
# debug mode: the demo shows the real error pages, never Django's technical ones.
CHORUS_DEMO = envbool("CHORUS_DEMO", False)
# The password of the fictional demo accounts (`chorus demo` prints it on start).
DEMO_PASSWORD = "chorus-demo-2026"  # noqa: S105
DEBUG = envbool("DEBUG", False)
# On one machine over plain HTTP (the demo, development): keys may be generated into the
# data folder, and HTTPS is not insisted on. `check --deploy` fails in both modes.
_LOCAL = DEBUG or CHORUS_DEMO

# Whatever loads these settings (the `chorus` command and wsgi.py do it earlier still)
# creates files 0600 and folders 0700: the data folder holds special-category data.
use_private_umask()
DATA_DIR = Path(envstr("CHORUS_DATA_DIR", str(Path.cwd() / "var"))).resolve()
make_private_dir(DATA_DIR)


def _secret_key() -> str:
    key = envstr("SECRET_KEY")
    if key:
        if len(key) < 32 and not _LOCAL:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
        return key
    # Demo and development keep a generated key in the data folder, so sessions survive
    # restarts and `chorus report` works on a demo database without any setup.
    key_file = DATA_DIR / "secret_key"
    if not _LOCAL and not key_file.exists():
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG and CHORUS_DEMO are off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not key_file.exists():
        write_private_text(key_file, secrets.token_urlsafe(50))
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()


def _encryption_keys() -> list[str]:
    """Fernet keys for special-category fields, newest first (see chorus.lib.crypto)."""
    keys = [k.strip() for k in envstr("CHORUS_ENCRYPTION_KEYS").split(",") if k.strip()]
    if keys:
        return keys
    key_file = DATA_DIR / "encryption_keys"
    if not _LOCAL and not key_file.exists():
        raise ImproperlyConfigured(
            "CHORUS_ENCRYPTION_KEYS (or CHORUS_ENCRYPTION_KEYS_FILE) must be set when DEBUG "
            "and CHORUS_DEMO are off. "
            "Generate a key with: chorus newkey"
        )
    if not key_file.exists():
        from cryptography.fernet import Fernet

        write_private_text(key_file, Fernet.generate_key().decode("ascii"))
    return [k.strip() for k in key_file.read_text(encoding="utf-8").split(",") if k.strip()]


CHORUS_ENCRYPTION_KEYS = _encryption_keys()


def _backup_key() -> str:
    """The key backups are encrypted with (chorus.lib.backup.stream), apart from field keys."""
    key = envstr("CHORUS_BACKUP_KEY").strip()
    if key or not _LOCAL:
        # Unset in production, `chorus backup` and the nightly backup fail and say so
        # (and the nightly task tells the admins): the web server still starts.
        return key
    key_file = DATA_DIR / "backup_key"
    if not key_file.exists():
        from cryptography.fernet import Fernet

        write_private_text(key_file, Fernet.generate_key().decode("ascii"))
    return key_file.read_text(encoding="utf-8").strip()


CHORUS_BACKUP_KEY = _backup_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# --- Applications -------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    "crontask",
    "anymail",
    "chorus.lib",
    "chorus.accounts",
    "chorus.privacy",
    "chorus.people",
    "chorus.voices",
    "chorus.media",
    "chorus.monitoring",
    "chorus.training",
    "chorus.roundup",
    "chorus.network",
    "chorus.research",
    "chorus.social",
    "chorus.funders",
    "chorus.impact",
    "chorus.ops",
    "chorus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chorus.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "chorus.accounts.middleware.RequireMFAMiddleware",
    "chorus.accounts.middleware.NoStoreForStaffPagesMiddleware",
]

ROOT_URLCONF = "chorus.urls"
WSGI_APPLICATION = "chorus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chorus.accounts.context_processors.chorus",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------

DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{DATA_DIR / 'chorus.sqlite3'}")
try:
    # Connections are kept for a minute (health-checked before reuse). Opening one costs
    # a server database ~10 ms a request; closing one costs SQLite more: the last
    # connection to close checkpoints the write-ahead log and deletes it, holding the
    # database meanwhile, and the next to open makes it again (about 20 ms an unsubscribe
    # instead of 4, and other processes kept waiting; bench/sqlite_writers.py).
    _database = dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and the scheduler share one file; IMMEDIATE
    # transactions take the write lock up front instead of failing half-way, and wait for
    # it up to `timeout` seconds. Chorus's backend is Django's, retrying BEGIN IMMEDIATE
    # every millisecond instead of SQLite's backing-off busy handler, so that writers take
    # their turn in a burst instead of a few waiting half a second (chorus.lib.sqlite).
    _database["ENGINE"] = "chorus.lib.sqlite"
    # Tests use a database in memory, Django's default for SQLite, said here because
    # pytest-django knows SQLite only by Django's own engine name.
    _database["TEST"] = {"NAME": ":memory:"}
    _database["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Databases created by an older version were readable by every account on the machine.
    if _database["NAME"] and _database["NAME"] != ":memory:":
        for _suffix in ("", "-wal", "-shm"):
            make_private_file(Path(f"{_database['NAME']}{_suffix}"))
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login throttling counts live here) -----------------------------------

REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A file cache is shared by every process on one machine, so throttling holds
    # across web workers without a server to run.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# --- Accounts, sessions and MFA ------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "impact:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "chorus.accounts.adapter.ChorusAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-in throttling with a cool-off, never a lock (chorus.accounts.throttle): failures
# are counted per address and username, per address, and per username. After
# LOGIN_ATTEMPTS_LIMIT failures for one username from one address within the window,
# that address is refused for that username until the window passes.
LOGIN_ATTEMPTS_LIMIT = envint("LOGIN_ATTEMPTS_LIMIT", 5, minimum=1)
LOGIN_COOLOFF_SECONDS = envint("LOGIN_COOLOFF_SECONDS", 300, minimum=1)
# One address trying many usernames is refused after this many failures in 15 minutes.
LOGIN_FAILURES_PER_ADDRESS = 30
# One username tried from many addresses: after this many failures in 15 minutes only
# browsers that have signed in as that user before are let in (with the right password).
LOGIN_FAILURES_PER_USERNAME = 30
LOGIN_WIDE_WINDOW_SECONDS = 15 * 60
ACCOUNT_RATE_LIMITS = {
    # Sign-in with a password is throttled by the adapter; allauth still applies this
    # to two-factor codes (per address, and per account).
    "login_failed": f"20/m/ip,{LOGIN_ATTEMPTS_LIMIT}/{LOGIN_COOLOFF_SECONDS}s/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth refuses two-factor to an account with an unverified address, so that a stranger
# who signs up with someone else's address cannot lock its owner out. Nobody signs up
# here (admins create every account, see ChorusAccountAdapter), and email verification
# is off, so that refusal would only stop staff from enrolling.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = envstr("MFA_TOTP_ISSUER", "Chorus")
USERSESSIONS_TRACK_ACTIVITY = False

# Sessions live in the database, so every web server sees the same ones (PostgreSQL is
# shared by all), a restart of Redis signs nobody out, and disabling an account can end
# its sessions everywhere (accounts.services.end_all_sessions reads them there).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Sessions end after this many minutes without a request, and after 12 hours at most.
SESSION_IDLE_TIMEOUT_MINUTES = envint("SESSION_IDLE_TIMEOUT_MINUTES", 60, minimum=1)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- The client's address behind a proxy --------------------------------------------

# Proxies (addresses or CIDR networks) whose X-Forwarded-For is believed; see
# chorus.lib.clientip. Loopback by default: nginx on the same machine (deploy/nginx.conf).
TRUSTED_PROXIES = envlist("CHORUS_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"CHORUS_TRUSTED_PROXIES: {_proxy!r} is not an address or a network (CIDR)."
        ) from exc

# --- Security headers ----------------------------------------------------------

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not _LOCAL)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_HTTPS_PROXY", not _LOCAL) else None
)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if _LOCAL else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not _LOCAL
# Preloading is a commitment made with the browser vendors for the whole domain, so
# it is the operator's decision; the check that nags about it is silenced until then.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = not _LOCAL
CSRF_COOKIE_SECURE = not _LOCAL
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Files ---------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/uploads/"  # never served directly: uploads are read through views that check access
STORAGES = {
    # Each upload is written under a temporary name and moved into place once whole:
    # a full disk leaves no partial file, and the user is told (chorus.lib.storage).
    "default": {"BACKEND": "chorus.lib.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        # Compressed but not hashed: no manifest to build before the tests or the demo run.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# The demo serves static files straight from the source tree, with DEBUG off like production.
WHITENOISE_USE_FINDERS = _LOCAL
# Uploads (subscriber lists, placement imports) are readable by Chorus's account only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email -----------------------------------------------------------------------

_email_host = envstr("EMAIL_HOST")
_email_use_tls = envbool("EMAIL_USE_TLS", True)
_email_use_ssl = envbool("EMAIL_USE_SSL", False)
if _email_use_tls and _email_use_ssl:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": envint("EMAIL_PORT", 465 if _email_use_ssl else 587, minimum=1),
                "username": envstr("EMAIL_HOST_USER"),
                "password": envstr("EMAIL_HOST_PASSWORD"),
                "use_tls": _email_use_tls,
                "use_ssl": _email_use_ssl,
                "timeout": 30,
            },
        }
    }
else:
    # No SMTP server configured (demo, development): messages are printed instead of sent.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Chorus <chorus@localhost>")
SERVER_EMAIL = envstr("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background work ---------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# With several machines, one scheduler at a time holds a lock in Redis and renews it
# every third of its lifetime; the others wait for it, however long (crontask would give
# up after 15 s and exit, leaving no standby). When the holder dies, its lock runs out
# and a waiting scheduler takes over within CHORUS_SCHEDULER_LOCK_SECONDS.
_scheduler_lock_seconds = envint("CHORUS_SCHEDULER_LOCK_SECONDS", 10, minimum=3)
CRONTASK = (
    {
        "REDIS_URL": REDIS_URL,
        "LOCK_TIMEOUT": _scheduler_lock_seconds,
        "LOCK_REFRESH_INTERVAL": _scheduler_lock_seconds // 3,
        "LOCK_BLOCKING_TIMEOUT": None,
    }
    if REDIS_URL
    else {}
)

# --- Locale ----------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# The charity's financial year starts in July (the impact report runs July to June).
CHORUS_FINANCIAL_YEAR_START_MONTH = envint("CHORUS_FINANCIAL_YEAR_START_MONTH", 7, minimum=1)
if CHORUS_FINANCIAL_YEAR_START_MONTH > 12:
    raise ImproperlyConfigured("CHORUS_FINANCIAL_YEAR_START_MONTH must be between 1 and 12.")

# The name and logo on the published annual report (the logo: a static file's path).
CHORUS_CHARITY_NAME = envstr("CHORUS_CHARITY_NAME", "Chorus demo charity")
CHORUS_CHARITY_LOGO = envstr("CHORUS_CHARITY_LOGO", "chorus/logo.svg")
# Counts of people below this, in a breakdown, are hidden when a report is published.
CHORUS_REPORT_SMALL_NUMBERS = envint("CHORUS_REPORT_SMALL_NUMBERS", 5, minimum=2)

# --- Voices -----------------------------------------------------------------------

# Days a storyteller rests after a media appearance before matching suggests them again.
CHORUS_MATCH_REST_DAYS = envint("CHORUS_MATCH_REST_DAYS", 14, minimum=0)
# Storytellers inactive this long are flagged for a retention review, then erased if confirmed.
CHORUS_RETENTION_MONTHS = envint("CHORUS_RETENTION_MONTHS", 24, minimum=1)
# Uploaded import files (placements, subscribers) are deleted this many days after upload.
CHORUS_TRAINING_RETENTION_MONTHS = envint("CHORUS_TRAINING_RETENTION_MONTHS", 24, minimum=1)
CHORUS_IMPORT_FILE_RETENTION_DAYS = envint("CHORUS_IMPORT_FILE_RETENTION_DAYS", 90, minimum=1)
# Participants' quotes from message testing are deleted this many months after their study.
CHORUS_RESEARCH_QUOTE_RETENTION_MONTHS = envint(
    "CHORUS_RESEARCH_QUOTE_RETENTION_MONTHS", 36, minimum=1
)

# --- Round-up ---------------------------------------------------------------------

# The public address of this Chorus, for links in emails (confirm, unsubscribe, archive).
CHORUS_PUBLIC_URL = envstr("CHORUS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
if not CHORUS_PUBLIC_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("CHORUS_PUBLIC_URL must start with http:// or https://.")
ROUNDUP_FROM_EMAIL = envstr("ROUNDUP_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# The List-Id header (RFC 2919) mail clients use to group and filter the round-up.
ROUNDUP_LIST_ID = envstr("ROUNDUP_LIST_ID", "Daily round-up <roundup.chorus.localhost>")
# How many task workers a send is handed to when it starts (each takes its own share of
# the recipients; a lone worker still delivers everything).
ROUNDUP_SEND_WORKERS = envint("ROUNDUP_SEND_WORKERS", 2, minimum=1)
# Hosts the feed fetcher may reach although they are private or loopback (tests, an
# internal feed server). Everything else on a private network is refused.
ROUNDUP_FETCH_ALLOW_HOSTS = envlist("ROUNDUP_FETCH_ALLOW_HOSTS", [])
# The mail provider whose bounce and complaint reports Chorus accepts ("postmark",
# "sendgrid" …). Only its address, /anymail/<provider>/tracking/, is served.
ANYMAIL_WEBHOOK_PROVIDER = envstr("ANYMAIL_WEBHOOK_PROVIDER").strip().lower()
# Those reports come with this "user:password" as HTTP basic auth. Unset, a random secret
# nobody knows is used, so every report is refused rather than anyone being able to
# suppress addresses.
ANYMAIL = {
    "WEBHOOK_SECRET": envstr("ANYMAIL_WEBHOOK_SECRET") or f"unset:{secrets.token_urlsafe(32)}",
}

# --- Backups (docs/backups.md) -----------------------------------------------------

# Where `chorus backup` and the nightly backup write; on another disk than the data folder.
CHORUS_BACKUP_DIR = Path(envstr("CHORUS_BACKUP_DIR", str(DATA_DIR / "backups"))).resolve()
# The nightly backup keeps the newest of each of the last N days, weeks and months.
CHORUS_BACKUP_KEEP_DAILY = envint("CHORUS_BACKUP_KEEP_DAILY", 7, minimum=1)
CHORUS_BACKUP_KEEP_WEEKLY = envint("CHORUS_BACKUP_KEEP_WEEKLY", 4, minimum=0)
CHORUS_BACKUP_KEEP_MONTHLY = envint("CHORUS_BACKUP_KEEP_MONTHLY", 12, minimum=0)
# People erased, by id only, kept outside every backup and applied again on restore.
CHORUS_ERASURE_REGISTER = Path(
    envstr("CHORUS_ERASURE_REGISTER", str(DATA_DIR / "erasure-register.jsonl"))
).resolve()

# --- Logging ---------------------------------------------------------------------

# Error reports hide settings named like a URL or DSN and mask `user:password@` in any
# value, so a database or Redis password never shows on an error page or in a report.
DEFAULT_EXCEPTION_REPORTER_FILTER = "chorus.lib.errors.SecretMaskingFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "apscheduler": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
