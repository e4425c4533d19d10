"""Seri's one settings module. Everything comes from the environment (see .env.example)."""

import logging
import os
import re
import traceback
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets). Every SERI_*
    variable is read here, through this function or the typed ones below, and listed in
    .env.example (tests/test_settings.py checks both)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean: true/false, yes/no, on/off, 1/0. Anything else (`ture`) stops the start
    instead of silently meaning false."""
    value = (env(name) or "").strip().lower()
    if value == "":
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (or yes/no, on/off, 1/0)")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = (env(name) or "").strip()
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


# Files Seri writes (the database and its WAL, keys, uploads, backups, logs) are readable by
# Seri's own account only: set before anything is written, in every process (server, workers,
# commands, tests), since each loads these settings first. `seri check --deploy` warns about
# anything wider in the data directory (seri.core.checks).
os.umask(0o077)

DATA_DIR = Path(env("SERI_DATA_DIR") or Path.cwd() / "data").resolve()
DEBUG = env_bool("SERI_DEBUG")


# What older versions wrote 0644 straight into the data directory; anything else wider is
# reported by `seri check --deploy` (seri.W002) rather than changed behind the operator's back.
_DATA_FILES_TIGHTENED = (
    "",
    "seri.sqlite3",
    "seri.sqlite3-wal",
    "seri.sqlite3-shm",
    "secret_key",
    "keys.json",
)


def _data_dir_make() -> None:
    """The data directory, 0700. One made by an older version (0755), with its database and
    keys (0644), is tightened here."""
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    for name in _DATA_FILES_TIGHTENED:
        path = DATA_DIR / name
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        if info.st_mode & 0o077 and info.st_uid == os.geteuid():
            path.chmod(0o700 if path.is_dir() else 0o600)


def _secret_key() -> str:
    key = env("SERI_SECRET_KEY")
    if key:
        return key
    # A self-hosted laptop install should just run: make a key once and keep it in the data dir.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        _data_dir_make()
        key_file.write_text(get_random_secret_key(), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# Former secret keys, still accepted for signatures and hashes made with them (rotation).
SECRET_KEY_FALLBACKS = env_list("SERI_SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("SERI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("SERI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "seri.core",
    "seri.orgs",
    "seri.audit",
    "seri.compounds",
    "seri.cases",
    "seri.evidence",
    "seri.intake",
    "seri.channels",
    "seri.referrals",
    "seri.linkage",
    "seri.pprl",
    "seri.notifications",
    "seri.stats",
    "seri.api",
    "seri.backups",
    "seri.demo",
]
# Background work (batch linkage, large imports) runs from a queue kept in the database;
# `seri db_worker` runs it. Tests and small set-ups may run tasks inline instead.
TASKS = {
    "default": {
        "BACKEND": env("SERI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Key of `seri backup` / `seri restore` (base64 of 32 bytes); never stored in the database.
SERI_BACKUP_KEY = env("SERI_BACKUP_KEY")
# Linkage keys of privacy-preserving linkage projects (seri.pprl.keys): project:base64[,…]
SERI_PPRL_KEYS = env("SERI_PPRL_KEYS", "")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "seri.orgs.middleware.LoginSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "seri.core.middleware.ServicePermissionMiddleware",
]

ROOT_URLCONF = "seri.urls"
WSGI_APPLICATION = "seri.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "seri.orgs.context_processors.roles",
                "seri.stats.context_processors.statistics",  # stats: nav entry
                "seri.notifications.context_processors.counts",  # nav: triage, referrals, notices
            ],
        },
    },
]

DATABASE_URL = env("SERI_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'seri.sqlite3'}"
if DATABASE_URL.startswith("sqlite:///"):
    _data_dir_make()
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
_engine = DATABASES["default"]["ENGINE"]
if _engine == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
        # the start of a transaction so that two writers queue instead of failing mid-way.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _engine == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters sent apart from the query text, and a query run five times on a connection
    # prepared there: PostgreSQL then skips parsing and planning it (most of its work for the
    # small queries of a request; decision 0040). Off for a pooler that cannot keep prepared
    # statements (PgBouncer before 1.21 in transaction mode).
    if env_bool("SERI_DATABASE_PREPARED", True):
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "server_side_binding": True,
            "prepare_threshold": 5,
        }
else:
    raise ImproperlyConfigured("SERI_DATABASE_URL must be an sqlite:/// or postgres:// URL")

# The cache every process shares: the public form's rate limits, login throttles, the
# dashboard's figures. Nothing of that may live in one process's memory, or limits multiply
# with workers and figures differ between them. db://TABLE (the default: a table in the
# database above, made by `seri migrate`) or redis://host:port/db; locmem:// holds for one
# process only (development).
SERI_CACHE_URL = env("SERI_CACHE_URL", "db://seri_cache") or "db://seri_cache"


def _cache(url: str) -> dict:
    scheme, _sep, rest = url.partition("://")
    if scheme == "db" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", rest):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    if scheme in ("redis", "rediss", "unix") and rest:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    raise ImproperlyConfigured(
        "SERI_CACHE_URL must be db://TABLE, redis://HOST:PORT/DB or locmem://"
    )


CACHES = {"default": _cache(SERI_CACHE_URL)}
# Sessions live in the database (never in signed cookies: a session says who is logged in and
# whether they passed their second factor). With Redis as the cache, each request reads its
# session from Redis and only writes go to the database too (cached_db); with the database
# cache that would only move the read to another table and double the writes, so not then.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "django.contrib.sessions.backends.db"
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"
# ModelBackend's login; a session's user is read with their memberships in one query.
AUTHENTICATION_BACKENDS = ["seri.orgs.backends.UserWithMembershipsBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "seri.orgs.validators.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "display_name", "email")},
    },
    {
        "NAME": "seri.orgs.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "seri.orgs.validators.CommonPasswordValidator"},
    {"NAME": "seri.orgs.validators.NumericPasswordValidator"},
    {"NAME": "seri.orgs.validators.OrganisationNameValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("km", "ខ្មែរ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("SERI_TIME_ZONE", "Asia/Phnom_Penh")
USE_TZ = True
# Dates in the reader's order (seri/formats: day before month, or ISO), times in TIME_ZONE
FORMAT_MODULE_PATH = ["seri.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "SERI_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # from login, however active (seri.orgs.middleware)
# A session ends after this many minutes without a request.
SERI_SESSION_IDLE_MINUTES = env_int("SERI_SESSION_IDLE_MINUTES", 30, minimum=1)
# API tokens (seri.orgs.services.tokens) expire this many days after they are made.
SERI_API_TOKEN_DAYS = env_int("SERI_API_TOKEN_DAYS", 30, minimum=1)
SESSION_COOKIE_SECURE = env_bool("SERI_SECURE_COOKIES", not DEBUG and env_bool("SERI_HTTPS"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS. A real deployment sets SERI_HTTPS=true; behind a reverse proxy that terminates TLS,
# also SERI_BEHIND_PROXY=true, and the proxy must set X-Forwarded-Proto itself (overwriting
# whatever a client sent). Django then redirects only what reached the proxy over plain HTTP.
_https = env_bool("SERI_HTTPS")
if env_bool("SERI_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _https
SECURE_HSTS_SECONDS = env_int("SERI_HSTS_SECONDS", 365 * 24 * 60 * 60 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SERI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SERI_HSTS_PRELOAD", False)
if SECURE_HSTS_SECONDS and not SECURE_HSTS_PRELOAD:
    # Preloading puts the organisation's whole domain, every subdomain included, into the
    # browsers' built-in HTTPS lists, which takes months to undo: the operator opts in with
    # SERI_HSTS_PRELOAD=true. Without that, check --deploy would warn on every server.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content Security Policy (django-csp): scripts and styles only from Seri's own static files,
# nothing inline, so that injected markup cannot run or restyle anything. Templates use
# classes from seri.css, never style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "seri.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "seri.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Seri API",
    "DESCRIPTION": "Cases, people, reports, referrals and tasks, scoped to the asking user.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}


class _TracebacksWithoutMessages(logging.Filter):
    """Keep a traceback's frames but not its exceptions' messages, which can quote data:
    PostgreSQL's `Key (…)=(…) already exists`, a form value in a ValueError, the whole context
    of a template whose variable lookup failed (django.template at DEBUG)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = _traceback_without_messages(record.exc_info[1])
            record.exc_info = None  # so that no later handler formats the original
        return True


def _traceback_without_messages(exc: BaseException) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts = [
        "".join(traceback.format_list(traceback.extract_tb(e.__traceback__)))
        + f"{type(e).__module__}.{type(e).__qualname__} (message withheld)"
        for e in reversed(chain)
    ]
    return "Traceback (most recent call last):\n" + "\n\nThen, while handling it:\n".join(parts)


class _RequestLinesWithoutQueryStrings(logging.Filter):
    """The development server logs each request line; names searched by GET would be in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                re.sub(r"\?[^\s'\"]*", "", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


# Identifying data never goes to logs: requests are logged by path, without query strings or
# bodies, and tracebacks without exception messages or local variables. Django's default of
# mailing errors with the request's data to ADMINS is switched off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "tracebacks_without_messages": {"()": _TracebacksWithoutMessages},
        "request_lines_without_query_strings": {"()": _RequestLinesWithoutQueryStrings},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["tracebacks_without_messages"],
        }
    },
    "root": {"handlers": ["console"], "level": env("SERI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {
            "handlers": [],
            "filters": ["request_lines_without_query_strings"],
            "propagate": True,
        },
        "django.db.backends": {"level": "WARNING"},
    },
}

SERI_PAGE_SIZE = 25

# Compound map and evidence (seri.compounds, seri.evidence). An empty tile URL means no tiles:
# the map shows the shipped province outlines only, and works offline. A tile server's origin
# is added to the images the Content Security Policy allows.
SERI_MAP_TILE_URL = env("SERI_MAP_TILE_URL", "")
SERI_MAP_TILE_ATTRIBUTION = env("SERI_MAP_TILE_ATTRIBUTION", "")
if SERI_MAP_TILE_URL:
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(SERI_MAP_TILE_URL.replace("{s}", "*"))  # {s}.tile… → *.tile…
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
SERI_EVIDENCE_MAX_UPLOAD_MB = env_int("SERI_EVIDENCE_MAX_UPLOAD_MB", 50, minimum=1)
# Imports uploaded on /intake/import/ (chat exports with media, spreadsheets): larger ones are
# refused before anything is stored.
SERI_IMPORT_MAX_UPLOAD_MB = env_int("SERI_IMPORT_MAX_UPLOAD_MB", 200, minimum=1)
# Zips of chat exports: the most their members may really expand to, and how many times its
# packed size one member may grow (a zip bomb grows a thousand times and more).
SERI_IMPORT_MAX_UNPACKED_MB = env_int("SERI_IMPORT_MAX_UNPACKED_MB", 2048, minimum=1)
SERI_IMPORT_MAX_ZIP_RATIO = env_int("SERI_IMPORT_MAX_ZIP_RATIO", 200, minimum=2)
SERI_ACTOR_ROLES = env_list("SERI_ACTOR_ROLES", "investigator,coordinator")
# Web capture connects only to public addresses (seri.evidence.egress): ALLOW_PRIVATE lifts
# that for every address (tests, intranets); ALLOW_NETWORKS only for the networks listed
# (e.g. "10.20.0.0/24,192.168.5.7/32": one intranet server and nothing else).
SERI_CAPTURE_ALLOW_PRIVATE = env_bool("SERI_CAPTURE_ALLOW_PRIVATE")
SERI_CAPTURE_ALLOW_NETWORKS = env_list("SERI_CAPTURE_ALLOW_NETWORKS")
# Anchors of the hash chains (`seri anchor`, checked by `seri verify`): a folder outside the
# data folder (better: on another disk or a mount another account owns), and optionally an
# operator's URL that receives each anchor as a JSON POST and a syslog address
# ("/dev/log" or "host:514").
SERI_ANCHOR_DIR = env("SERI_ANCHOR_DIR", "")
SERI_ANCHOR_URL = env("SERI_ANCHOR_URL", "")
SERI_ANCHOR_SYSLOG = env("SERI_ANCHOR_SYSLOG", "")
# Audit rows are chained by a sequencer after their request (decision 0030): how often it
# looks for rows to chain, and how much older than the chain's last row a row still waiting
# may be (a transaction that was open while newer rows were chained) before `seri verify`
# calls it slipped in.
SERI_AUDIT_SEQUENCER_INTERVAL = env_int("SERI_AUDIT_SEQUENCER_INTERVAL", 1, minimum=1)
SERI_AUDIT_PENDING_GRACE = env_int("SERI_AUDIT_PENDING_GRACE", 300, minimum=1)
# The public report form (/intake/report/): the short name of the organisation whose triage
# queue receives its reports; unset, the form says it is not available. Its quick-exit button
# leads to SERI_PUBLIC_FORM_EXIT_URL.
SERI_PUBLIC_FORM_ORGANISATION = env("SERI_PUBLIC_FORM_ORGANISATION", "")
SERI_PUBLIC_FORM_EXIT_URL = env("SERI_PUBLIC_FORM_EXIT_URL", "https://www.google.com/")

# Encryption at rest of identifying data (seri.core.crypto). Never stored in the database.
SERI_ENCRYPTION_KEYS = env("SERI_ENCRYPTION_KEYS")
SERI_INDEX_KEY = env("SERI_INDEX_KEY")

# `seri serve` (and the hint `seri demo` prints): where the server listens, and how many
# processes and threads it runs. One Python process uses about one core whatever its threads:
# two workers served more than one on a 2-core machine (docs/benchmarks.md, decision 0037).
SERI_HOST = env("SERI_HOST", "127.0.0.1")
SERI_PORT = env_int("SERI_PORT", 8000, minimum=1)
SERI_WORKERS = env_int("SERI_WORKERS", 2, minimum=1)
SERI_THREADS = env_int("SERI_THREADS", 4, minimum=1)
# `seri createadmin`: the first admin's password, when no terminal can ask for it.
SERI_ADMIN_PASSWORD = env("SERI_ADMIN_PASSWORD")
# Web capture (seri.evidence.capture): the Chromium to drive; empty finds it on PATH.
SERI_CHROMIUM = env("SERI_CHROMIUM", "")

# Duplicate detection (seri.linkage): Splink on DuckDB in this process, or on Spark.
SERI_LINKAGE_BACKEND = env("SERI_LINKAGE_BACKEND", "duckdb")
SERI_LINKAGE_MEMORY = env("SERI_LINKAGE_MEMORY", "8GB")
SERI_LINKAGE_THREADS = env_int("SERI_LINKAGE_THREADS", 0)  # 0: DuckDB's own choice
# Re-estimate the model's m values by expectation maximisation on each batch run.
SERI_LINKAGE_EM = env_bool("SERI_LINKAGE_EM")
# m of "same organisation" (a number), or "off" to leave that comparison out: docs/linkage.md.
SERI_LINKAGE_SAME_ORGANISATION_M = env("SERI_LINKAGE_SAME_ORGANISATION_M", "0.05")
SERI_SPARK_MASTER = env("SERI_SPARK_MASTER", "local[2]")
SERI_SPARK_CHECKPOINT_DIR = env("SERI_SPARK_CHECKPOINT_DIR", "")

# Hotline channels (seri.channels): the address providers reach Seri at (webhooks), and the
# credentials `seri channels add` takes from the environment rather than from its command line.
SERI_PUBLIC_URL = env("SERI_PUBLIC_URL", "")
SERI_CHANNEL_TOKEN = env("SERI_CHANNEL_TOKEN", "")
SERI_CHANNEL_APP_SECRET = env("SERI_CHANNEL_APP_SECRET", "")
SERI_CHANNEL_ACCESS_TOKEN = env("SERI_CHANNEL_ACCESS_TOKEN", "")
SERI_CHANNEL_PHONE_NUMBER_ID = env("SERI_CHANNEL_PHONE_NUMBER_ID", "")

# Notice e-mails (seri.notifications): sent only when SERI_EMAIL_HOST is set; they carry a case
# reference and a link (built on SERI_PUBLIC_URL), never a name or a phone number.
EMAIL_HOST = env("SERI_EMAIL_HOST", "")
EMAIL_PORT = env_int("SERI_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env("SERI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env("SERI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SERI_EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("SERI_EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("SERI_EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env("SERI_EMAIL_FROM", "seri@localhost")
SERI_EMAIL_NOTIFICATIONS = bool(EMAIL_HOST)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend"
)
