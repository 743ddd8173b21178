"""Settings, read from the environment so one build runs as the demo and in production.

GONGKAI_VAR       where the data lives (SQLite database, search index, uploads); default ./var
DATABASE_URL      e.g. postgres://user:pass@host/db; default SQLite in GONGKAI_VAR
REDIS_URL         shared cache for several app processes; default per-process memory
GONGKAI_SECRET_KEY, GONGKAI_DEBUG, GONGKAI_ALLOWED_HOSTS (comma separated)
GONGKAI_TRUSTED_PROXIES  reverse proxies whose forwarded client address is believed (comma
                  separated addresses or networks, e.g. 127.0.0.1); default none
"""

import os
import secrets
from ipaddress import ip_network
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR", BASE_DIR.parent.parent / "var")).resolve()
# The database, the uploads, the logs and the key hold personal data or guard it: the var
# directory and what is made in it are the owner's only, whatever the process's umask.
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _private_file(path: Path) -> int:
    """Open `path` for writing, created owner-only if it is not there (0o600 applies only then)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)


def _secret_key() -> str:
    if key := os.environ.get("GONGKAI_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        with os.fdopen(_private_file(path), "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("GONGKAI_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("GONGKAI_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
# Only a request whose socket is one of these may name its client in X-Real-IP or
# X-Forwarded-For (gongkai.core.ratelimit.client_address); anyone else could pick their own.
TRUSTED_PROXIES = [
    ip_network(p.strip(), strict=False)
    for p in os.environ.get("GONGKAI_TRUSTED_PROXIES", "").split(",")
    if p.strip()
]

INSTALLED_APPS = [
    "gongkai.core",
    "gongkai.orgs",
    "gongkai.calendar",
    "gongkai.publishing",
    "gongkai.foi",
    "gongkai.workplan",
    "gongkai.enforcement",
    "gongkai.reports",
    "gongkai.search",
    "gongkai.portal",
    "gongkai.api",
    "gongkai.demo",
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "gongkai.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongkai.core.middleware.ContentSecurityPolicyMiddleware",
    "gongkai.core.middleware.StorableTextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.portal.middleware.ElderModeMiddleware",
    "gongkai.calendar.middleware.FreshWorkingRules",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context.site",
            ],
        },
    },
]


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return {"default": config}
    # SQLite gives the WAL and shared-memory files the database file's mode: create it first.
    os.close(_private_file(VAR_DIR / "gongkai.sqlite3"))
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "gongkai.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
                # failing with "database is locked" when a reader upgrades to a writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": VAR_DIR / "test.sqlite3"},
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "orgs.User"
# Wrong passwords slow the next try down, then lock it (gongkai.orgs.rules).
AUTHENTICATION_BACKENDS = ["gongkai.orgs.backends.ThrottledModelBackend"]
# Every account here is staff with access to applicants' personal data (the demo's
# "gongkai-demo" is 12 characters and passes).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": VAR_DIR / "media",
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and os.environ.get("GONGKAI_COLLECTED_STATIC") == "1"
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Without collectstatic (the demo, the tests) whitenoise serves straight from the apps.
WHITENOISE_USE_FINDERS = os.environ.get("GONGKAI_COLLECTED_STATIC") != "1"
# Serving from the apps (demo, development): pick up edited files without a restart.
WHITENOISE_AUTOREFRESH = DEBUG or WHITENOISE_USE_FINDERS

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", 30 * 1024 * 1024))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = os.environ.get("GONGKAI_HTTPS") == "1"
if HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


# Served over HTTPS, plain HTTP is redirected and browsers are told to use nothing else for a
# year (HSTS), this host's subdomains too. Each can be turned down: GONGKAI_SSL_REDIRECT=0 when
# nginx redirects, GONGKAI_HSTS_SECONDS=300 while trying HTTPS out (0: no HSTS). The preload
# token enrols nothing by itself: a domain enters the browsers' lists only when its owner
# submits it.
SECURE_SSL_REDIRECT = _flag("GONGKAI_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = _flag("GONGKAI_HSTS_PRELOAD", HTTPS)

SEARCH_INDEX_DIR = Path(os.environ.get("GONGKAI_SEARCH_DIR", VAR_DIR / "search")).resolve()
# How often the indexer polls the change log and readers pick up new commits (seconds).
SEARCH_POLL_SECONDS = 1.0
# The change log is pruned once every node's indexer has applied it and it is this old; a node
# whose indexer has not reported for SEARCH_NODE_TIMEOUT_HOURS stops holding pruning back and
# rebuilds its index when it returns.
SEARCH_LOG_KEEP_HOURS = float(os.environ.get("GONGKAI_SEARCH_LOG_KEEP_HOURS", 24))
SEARCH_NODE_TIMEOUT_HOURS = float(os.environ.get("GONGKAI_SEARCH_NODE_TIMEOUT_HOURS", 24))

SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开专栏")

# Reminders go out by e-mail when a mail server is configured; otherwise to the log.
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_MAIL_FROM", "gongkai@localhost")
if os.environ.get("GONGKAI_SMTP_HOST"):
    EMAIL_HOST = os.environ["GONGKAI_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("GONGKAI_SMTP_PORT", 25))
    EMAIL_HOST_USER = os.environ.get("GONGKAI_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("GONGKAI_SMTP_TLS") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# 依申请转主动: information asked for this many times is suggested for proactive disclosure.
FOI_REPEAT_THRESHOLD = int(os.environ.get("GONGKAI_FOI_REPEAT_THRESHOLD", 3))

# /healthz (gongkai.portal.health): the build id it names (set it when deploying), and what it
# counts as unhealthy.
BUILD_ID = os.environ.get("GONGKAI_BUILD_ID", "")
HEALTH_MIN_FREE_MB = int(os.environ.get("GONGKAI_HEALTH_MIN_FREE_MB", 1024))
HEALTH_INDEX_LAG_SECONDS = int(os.environ.get("GONGKAI_HEALTH_INDEX_LAG_SECONDS", 300))
# Hours since a scheduled job last ran: remind runs every working morning (a weekend and a
# missed morning fit in 74 hours), publish_scheduled every few minutes.
HEALTH_JOB_HOURS = {"remind": 74, "publish_scheduled": 1}
# Load balancers probe the app server directly, without TLS: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each line a request writes names the request; personal data is masked (gongkai.core.logs).
    "filters": {"request": {"()": "gongkai.core.logs.RequestContext"}},
    "formatters": {"plain": {"()": "gongkai.core.logs.PrivateFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request"]}
    },
    "loggers": {
        "gongkai": {"handlers": ["console"], "level": "INFO"},
        # Unhandled errors with their traceback; Django's default shows them only in DEBUG.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
