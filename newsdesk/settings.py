"""newsdesk settings, read from the environment.

DATABASE_URL   default: a SQLite file beside manage.py; postgres://user@host:port/db works too
SECRET_KEY     required when DEBUG is off
DEBUG          "1"/"true" to turn on (off by default)
ALLOWED_HOSTS  comma-separated; defaults to localhost names when DEBUG is on
NEWSDESK_SPACY_MODEL        an installed spaCy pipeline package to segment with (optional)
NEWSDESK_MAX_IMPORT_BYTES   largest file the importer accepts (default 5 MB)
NEWSDESK_PUBLIC_READING     "1" lets visitors read without logging in
NEWSDESK_TASKS_IMMEDIATE    "1" runs browser imports inside the request instead of a worker
NEWSDESK_FETCH_TIMEOUT      seconds before fetching an article URL gives up (default 15)
NEWSDESK_FETCH_ALLOW_PRIVATE  "1" lets URL imports reach private and loopback addresses
NEWSDESK_IMPORT_STALL_SECONDS  a running import silent this long is offered for retry (300)
CACHE_URL      locmem:// (default), file:///path/to/folder or db://table_name
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-local-development-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "articles",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the logged-in user on history rows written outside `claims.editing` (admin).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"
ASGI_APPLICATION = "newsdesk.asgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; IMMEDIATE transactions take the
    # write lock up front, so concurrent writers wait (busy timeout) instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url: str) -> dict[str, object]:
    """The cache the reading pages' rendered HTML and claim counts go to.

    Each process has its own `locmem://` cache. Several processes (gunicorn workers, more
    web machines) need one they share, or each renders every page itself and an edit to a
    tag in one is not seen by the others until their entries expire: `file:///folder` for
    the processes of one machine (no database write per page), `db://table` (Django's
    DatabaseCache; `manage.py createcachetable` makes the table) for several machines on
    PostgreSQL. On SQLite, prefer the file cache: cache writes would queue behind imports
    for SQLite's single write lock.
    """
    scheme, _, location = url.partition("://")
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "file": "django.core.cache.backends.filebased.FileBasedCache",
        "db": "django.core.cache.backends.db.DatabaseCache",
    }
    if scheme not in backends or (scheme != "locmem" and not location):
        raise ImproperlyConfigured(
            f"CACHE_URL {url!r}: use locmem://, file:///path/to/folder or db://table_name"
        )
    # A story page is about 150 KB of HTML (the file cache compresses it with zlib); a
    # cache in each process's memory stays smaller.
    entries = 500 if scheme == "locmem" else 2000
    return {"BACKEND": backends[scheme], "LOCATION": location, "OPTIONS": {"MAX_ENTRIES": entries}}


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:stories"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

NEWSDESK_SPACY_MODEL = os.environ.get("NEWSDESK_SPACY_MODEL", "")
# Open the reading pages (stories, story, matrix, export) to visitors without a login.
NEWSDESK_PUBLIC_READING = env_bool("NEWSDESK_PUBLIC_READING")
NEWSDESK_MAX_IMPORT_BYTES = int(os.environ.get("NEWSDESK_MAX_IMPORT_BYTES", 5 * 1024 * 1024))
# Browser imports: at most this many files, pasted texts and URLs in one import.
NEWSDESK_MAX_IMPORT_INPUTS = int(os.environ.get("NEWSDESK_MAX_IMPORT_INPUTS", 50))
# Article URLs are fetched by the worker with this timeout (seconds) and the size limit
# above; private, loopback and link-local addresses are refused unless this allows them.
NEWSDESK_FETCH_TIMEOUT = float(os.environ.get("NEWSDESK_FETCH_TIMEOUT", 15))
NEWSDESK_FETCH_ALLOW_PRIVATE = env_bool("NEWSDESK_FETCH_ALLOW_PRIVATE")
# A running import whose worker has reported nothing for this long is presumed dead and
# offered for retry on its page.
NEWSDESK_IMPORT_STALL_SECONDS = int(os.environ.get("NEWSDESK_IMPORT_STALL_SECONDS", 300))
# Uploads: Django refuses more files, or more form data than a pasted article at its limit,
# and the Import page says so (articles.import_views).
DATA_UPLOAD_MAX_NUMBER_FILES = NEWSDESK_MAX_IMPORT_INPUTS
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSDESK_MAX_IMPORT_BYTES + 512 * 1024

# Browser imports run as tasks: `manage.py db_worker` runs them from the database.
# NEWSDESK_TASKS_IMMEDIATE=1 runs them inside the request instead (no worker needed).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_bool("NEWSDESK_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# The app needs no inline script or style, so the policy can be strict everywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so Django trusts its
    # X-Forwarded-Proto header.
    if env_bool("SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
