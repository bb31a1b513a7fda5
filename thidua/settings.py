"""thidua settings: one module, driven by the environment.

Every value comes from an environment variable with a safe default for the demo.  Bad values
fail loudly at start-up (``ImproperlyConfigured``) instead of being silently ignored.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} is set but empty.")
    return items


# Where local state lives (SQLite database, generated secret key, uploaded files).
VAR_DIR = Path(env_str("THIDUA_VAR_DIR", str(REPO_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)

# Profile: "demo" (default: a fresh clone runs with no configuration) or "production" (HTTPS
# behind nginx, HSTS, secure cookies, hashed static files, Redis cache, JSON logs; refuses to
# start without SECRET_KEY, ALLOWED_HOSTS and REDIS_URL).  See docs/production.md.
THIDUA_PROFILE = env_str("THIDUA_PROFILE", "demo").strip().lower()
if THIDUA_PROFILE not in {"demo", "production"}:
    raise ImproperlyConfigured(
        f"THIDUA_PROFILE={THIDUA_PROFILE!r} is not a profile (use demo or production)."
    )
PRODUCTION = THIDUA_PROFILE == "production"
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("THIDUA_PROFILE=production cannot run with DEBUG=true.")
    for _required in ("SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"):
        if not os.environ.get(_required, "").strip():
            raise ImproperlyConfigured(
                f"THIDUA_PROFILE=production needs {_required} in the environment "
                "(see docs/production.md)."
            )


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key is not None:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
        return key
    # Demo default: a random key generated once and kept in VAR_DIR, so sessions survive
    # restarts on one machine.  Several app servers must share SECRET_KEY from the environment.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "thidua.core",
    "thidua.org",
    "thidua.campaigns",
    "thidua.awards",
    "thidua.notifications",
    "thidua.reports",
    "thidua.portal",
    "thidua.honors",
    "thidua.api",
    "thidua.jobs",
]

MIDDLEWARE = [
    "thidua.core.request_id.RequestIdMiddleware",  # first: every log line has the request id
    "thidua.core.proxy.ForwardedForMiddleware",  # the client's address behind nginx
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    }
]

# Database: SQLite by default (embedded, one command runs everything); PostgreSQL through
# DATABASE_URL, e.g. postgres://user:password@127.0.0.1:5432/thidua
_database_url = os.environ.get("DATABASE_URL")
if _database_url:
    try:
        _db = dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if _db.get("ENGINE") not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database ({_db.get('ENGINE')}); "
            "use postgres:// or sqlite://."
        )
    _db["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "thidua.sqlite3"),
    }
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
    _db["TEST"] = {"NAME": None}
DATABASES = {"default": _db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "org:login"
LOGIN_REDIRECT_URL = "org:home"
LOGOUT_REDIRECT_URL = "org:login"

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "thidua_language"
# One catalogue per part of the system (locale/<part>/<lang>/LC_MESSAGES/django.po), so that
# people working on different parts never edit the same file.
LOCALE_PATHS = sorted(p for p in (BASE_DIR / "locale").glob("*") if p.is_dir())
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["thidua.formats"]  # dd/mm/yyyy, as Vietnamese offices write dates
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Project-wide assets (layout CSS/JS, vendored htmx) next to the project-wide templates.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed file names need `thidua collectstatic` first: on for production
        # (STATIC_MANIFEST=true); off by default so a fresh clone and the tests need no build
        # step (WhiteNoise then serves the files straight from the apps).
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Uploads: spreadsheets of 100,000 rows are a few MB; the web server limits total size.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
THIDUA_MAX_IMPORT_BYTES = env_int("THIDUA_MAX_IMPORT_BYTES", 50 * 1024 * 1024, minimum=1024)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
# Behind nginx (deploy/nginx.conf), which terminates TLS and says so in X-Forwarded-Proto.
# Only in production: without a proxy that sets the header, a client could forge it.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
# /healthz is what nginx and monitoring call, over plain HTTP on loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Proxies whose X-Forwarded-For is believed (thidua.core.proxy): the login lockout and the
# per-address limits then count each visitor, not nginx.  Loopback in production.
THIDUA_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"] if PRODUCTION else [])

# Cache: on Redis when REDIS_URL is set (required in production: the dashboard cache and the
# rate-limit counters must be shared by every app server), else in each process's memory.
# Sessions stay in the database (Django's default): Redis may keep nothing on disk, and a
# Redis restart must not log everybody out.
REDIS_URL = env_str("REDIS_URL", "").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={REDIS_URL!r} is not a Redis URL (redis://127.0.0.1:6379/0)."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "thidua"),
            # A Redis that hangs must not hang every request: fail fast, /healthz says so.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# Uploaded files: on disk (MEDIA_ROOT, default) or on S3-compatible object storage
# (STORAGE=s3, needs the optional extra: pip install 'thidua[s3]').
THIDUA_STORAGE = env_str("STORAGE", "filesystem").strip().lower()
if THIDUA_STORAGE == "s3":
    try:
        import storages.backends.s3  # noqa: F401  (django-storages, which imports boto3)
    except ImportError as exc:
        raise ImproperlyConfigured(
            "STORAGE=s3 needs django-storages and boto3: pip install 'thidua[s3]'."
        ) from exc
    if not os.environ.get("S3_BUCKET", "").strip():
        raise ImproperlyConfigured("STORAGE=s3 needs S3_BUCKET (the bucket's name).")
    _s3_storage: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", ""),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": None,  # private objects, served through signed URLs
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    STORAGES["default"] = _s3_storage
elif THIDUA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"STORAGE={THIDUA_STORAGE!r} is not known (use filesystem or s3).")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content security policy on every page (Django's own middleware): scripts, styles, images
# and fonts from this site only, no inline script or style attribute; the few inline <style>
# blocks carry the request's nonce ({{ csp_nonce }}), htmx's own injected style is off
# (base.html), and no page may be framed or post a form elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Logs go to standard error (journald under systemd): one JSON object per line in
# production (LOG_FORMAT=json), plain text otherwise; every line carries the request id.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "plain").strip().lower()
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not a format (use json or plain).")
THIDUA_REQUEST_LOG = env_bool("THIDUA_REQUEST_LOG", PRODUCTION)  # one line per request
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "thidua.core.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SITE_NAME = env_str("THIDUA_SITE_NAME", "thidua")

# E-mail: notifications (docs/notifications.md) are also e-mailed, over SMTP when EMAIL_HOST is set.
# Django 6.1's MAILERS setting (the EMAIL_* settings are deprecated); the environment keeps
# the familiar EMAIL_* names.
THIDUA_EMAIL_ENABLED = bool(env_str("EMAIL_HOST", ""))
if THIDUA_EMAIL_ENABLED:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", ""),
                "port": env_int("EMAIL_PORT", 25, minimum=1),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    }
else:  # no mail server: e-mails are printed on the console (the demo shows them there)
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")
# Address of the site as users reach it (e.g. https://thidua.example.gov.vn), for links in
# e-mails; without it e-mails carry the page's path only.
THIDUA_BASE_URL = env_str("THIDUA_BASE_URL", "").rstrip("/")

# Background jobs (thidua.jobs, docs/jobs.md): Django's tasks framework.  TASKS_BACKEND
# "database" (default: the queue is a table, run by `thidua worker`), "redis" (production:
# REDIS_URL, thidua.jobs.redis_backend) or "immediate" (run inside the request; tests only).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database").strip().lower()
TASKS: dict[str, dict[str, object]]
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "redis":
    if not env_str("REDIS_URL", "").strip():
        raise ImproperlyConfigured("TASKS_BACKEND=redis needs REDIS_URL (redis://host:6379/0).")
    TASKS = {
        "default": {
            "BACKEND": "thidua.jobs.redis_backend.RedisBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"url": env_str("REDIS_URL", ""), "prefix": "thidua:tasks"},
        }
    }
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is not a task backend (use database or redis)."
    )
# A running job whose worker has not beaten for this many seconds is failed (or queued again
# when its task is idempotent); /healthz fails when a job waited longer than
# THIDUA_JOBS_STALE_QUEUE seconds with no live worker.
THIDUA_JOBS_HEARTBEAT_TIMEOUT = env_int("THIDUA_JOBS_HEARTBEAT_TIMEOUT", 60, minimum=1)
THIDUA_JOBS_STALE_QUEUE = env_int("THIDUA_JOBS_STALE_QUEUE", 300, minimum=1)
# SQLite only: side file for live progress and heartbeats (default: next to the database).
THIDUA_JOBS_LIVE_PATH = env_str("THIDUA_JOBS_LIVE_PATH", "")
# Daily schedule run by `thidua worker`: {"name": {"task": "dotted.path", "at": "HH:MM"}}.
THIDUA_SCHEDULE: dict[str, dict[str, str]] = {
    # Deadline reminders (docs/notifications.md); `thidua send_reminders` runs the same code.
    "daily_reminders": {"task": "thidua.notifications.tasks.send_daily_reminders", "at": "07:00"},
}
