"""Mainspring settings: one module, configured by environment variables.

Every knob is a ``MAINSPRING_*`` variable (plus ``DATABASE_URL``), read through the
typed helpers in :mod:`mainspring.envconfig`, which refuse bad values loudly.
Three modes, chosen by ``MAINSPRING_ENV``:

- ``development`` (default): local use, DEBUG on, plain HTTP.
- ``demo``: what ``mainspring demo`` runs; DEBUG off, plain HTTP on localhost.
- ``production``: what ``mainspring serve`` runs; secure cookies, HSTS, SSL redirect,
  and a secret key that must be given.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from mainspring.envconfig import env_bool, env_choice, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent

MODE = env_choice("MAINSPRING_ENV", ("development", "demo", "production"), "development")
PRODUCTION = MODE == "production"

# The data folder holds the embedded database, uploaded files, the file cache and
# (outside production) a generated secret key. Every command run from the same
# working directory finds the same data.
DATA_DIR = Path(env_str("MAINSPRING_HOME", "mainspring-data")).expanduser().resolve()


def _secret_key() -> str:
    given = env_secret("MAINSPRING_SECRET_KEY") or env_secret("SECRET_KEY")
    if given:
        return given
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Production needs a secret key: set MAINSPRING_SECRET_KEY "
            "(or MAINSPRING_SECRET_KEY_FILE) to a long random string."
        )
    # Outside production a key is generated once and kept in the data folder, so
    # sessions survive restarts without anyone having to invent a secret.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("MAINSPRING_DEBUG", MODE == "development")

_local_hosts = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = env_list("MAINSPRING_ALLOWED_HOSTS", []) or env_list("ALLOWED_HOSTS", [])
if not PRODUCTION:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, *_local_hosts, "testserver"]
elif not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Production needs MAINSPRING_ALLOWED_HOSTS: the host names the site is served under, "
        "comma-separated (for example learning.example.com)."
    )
CSRF_TRUSTED_ORIGINS = env_list("MAINSPRING_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "mozilla_django_oidc",
    "bootstrap",
    "js_lib_htmx",
    "mainspring.org",
    "mainspring.strategy",
    "mainspring.experiences",
    "mainspring.records",
    "mainspring.cmi5",
    "mainspring.evaluation",
    "mainspring.factory",
    "mainspring.impact",
    "mainspring.reports",
    "mainspring.web",
    "mainspring.demo",
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
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "mainspring.web.middleware.SecurityHeadersMiddleware",
    # Axes must come last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mainspring.urls"
WSGI_APPLICATION = "mainspring.wsgi.application"
AUTH_USER_MODEL = "org.User"

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
                "mainspring.web.context.navigation",
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL", "")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "mainspring.sqlite3"),
        "OPTIONS": dict(_SQLITE_OPTIONS),
        # Kept open between requests, as with DATABASE_URL: no reconnect and PRAGMAs each time.
        "CONN_MAX_AGE": 60,
    }


# WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
# the start of a transaction so two writers queue instead of failing with "database
# is locked" half-way; the timeout is how long a writer waits in that queue.
_SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA cache_size=-64000;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env_str("MAINSPRING_CACHE_URL", "")
if _cache_url.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
else:
    # A file cache is shared by every process on the machine (web and worker), which
    # is what progress bars of background jobs need.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

TASKS = {
    "default": {
        "BACKEND": env_str("MAINSPRING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

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

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Login throttling: five failures for one username from one address locks that pair
# out for fifteen minutes; a success clears the count.
AXES_FAILURE_LIMIT = env_int("MAINSPRING_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MAINSPRING_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_ENABLED = env_bool("MAINSPRING_LOGIN_THROTTLING", True)
AXES_IPWARE_PROXY_COUNT = env_int("MAINSPRING_PROXY_COUNT", 0) or None

# Single sign-on through OpenID Connect, on when a client id is configured.
OIDC_ENABLED = bool(env_str("MAINSPRING_OIDC_CLIENT_ID", ""))
OIDC_PROVIDER_NAME = env_str("MAINSPRING_OIDC_PROVIDER_NAME", "single sign-on")
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("MAINSPRING_OIDC_CLIENT_ID", "")
    OIDC_RP_CLIENT_SECRET = env_secret("MAINSPRING_OIDC_CLIENT_SECRET") or ""
    OIDC_RP_SIGN_ALGO = env_str("MAINSPRING_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("MAINSPRING_OIDC_SCOPES", "openid email profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("MAINSPRING_OIDC_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = env_str("MAINSPRING_OIDC_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = env_str("MAINSPRING_OIDC_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = env_str("MAINSPRING_OIDC_JWKS_ENDPOINT", "")
    OIDC_CREATE_USER = env_bool("MAINSPRING_OIDC_CREATE_USERS", True)
    _missing = [
        name
        for name, value in (
            ("MAINSPRING_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("MAINSPRING_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("MAINSPRING_OIDC_USER_ENDPOINT", OIDC_OP_USER_ENDPOINT),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured("OpenID Connect needs " + ", ".join(_missing))
    AUTHENTICATION_BACKENDS.append("mainspring.org.sso.MainspringOIDCBackend")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mainspring API",
    "DESCRIPTION": "People, organisation and (in later releases) every domain of Mainspring. "
    "Authenticate with 'Authorization: Token <key>'; a key comes from your account page.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("MAINSPRING_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("MAINSPRING_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = Path(env_str("MAINSPRING_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"
if not PRODUCTION:
    # WhiteNoise expects the folder even when it serves from the finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production the app serves its assets straight from the installed packages,
# so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
MAX_IMPORT_FILE_BYTES = env_int("MAINSPRING_MAX_IMPORT_MB", 200) * 1024 * 1024

EMAIL_BACKEND = env_str(
    "MAINSPRING_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("MAINSPRING_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MAINSPRING_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("MAINSPRING_FROM_EMAIL", "mainspring@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("MAINSPRING_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("MAINSPRING_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MAINSPRING_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("MAINSPRING_HSTS_PRELOAD", True)
    if env_bool("MAINSPRING_BEHIND_PROXY", False):
        # The proxy terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MAINSPRING_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The loaded hourly cost of a participant's time (salary plus benefits) for job roles
# without a rate of their own, until one is set on Factory -> Loaded rates.
MAINSPRING_DEFAULT_LOADED_RATE = env_int("MAINSPRING_DEFAULT_LOADED_RATE", 35)
