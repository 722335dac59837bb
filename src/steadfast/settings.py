"""Settings: every knob comes from an environment variable (see docs/operations.md)."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("STEADFAST_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def _secret_key() -> str:
    """Taken from the environment, else generated once into var/ (never committed)."""
    if os.environ.get("STEADFAST_SECRET_KEY"):
        return os.environ["STEADFAST_SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("STEADFAST_DEBUG")
ALLOWED_HOSTS = env_list("STEADFAST_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("STEADFAST_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files instead of a CDN
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "steadfast.core",
    # The domain apps, one line each. The map (network) is the base the others attach to; core
    # names it too (an account's supplier/customer scope), so it is always installed.
    "steadfast.network",
    "steadfast.security",
    "steadfast.privacy",
    "steadfast.continuity",
    "steadfast.incidents",
    "steadfast.transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "steadfast.core.middleware.RequestLineLimitMiddleware",
    "steadfast.core.middleware.SecurityHeadersMiddleware",
    "steadfast.core.middleware.ApiProblemMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "steadfast.core.middleware.SessionIdleTimeoutMiddleware",
    "steadfast.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "steadfast.urls"
WSGI_APPLICATION = "steadfast.wsgi.application"
ASGI_APPLICATION = "steadfast.asgi.application"

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
                "steadfast.core.context_processors.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or os.environ.get("STEADFAST_DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("STEADFAST_SQLITE_PATH", str(VAR_DIR / "steadfast.sqlite3")),
            "OPTIONS": {
                # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
                # that two writers queue instead of failing half-way with "database is locked".
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                    " PRAGMA busy_timeout=20000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not shared-cache memory: concurrent writers then wait on the lock (busy_timeout)
            # instead of failing with "table is locked", as they would in production.
            "TEST": {"NAME": os.environ.get("STEADFAST_SQLITE_TEST_PATH", str(VAR_DIR / "test-steadfast.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn: repeats, sequences, keyboard walks, words + digits (core/password_validation.py)
    {"NAME": "steadfast.core.password_validation.ZxcvbnValidator"},
]
# The lowest zxcvbn score (0-4) a new password may have; 3 means about 10^8 guesses or more.
STEADFAST_PASSWORD_MIN_SCORE = int(os.environ.get("STEADFAST_PASSWORD_MIN_SCORE", "3"))
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

AXES_FAILURE_LIMIT = int(os.environ.get("STEADFAST_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("STEADFAST_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "steadfast.core.views.auth.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Steadfast"

# --- security headers -----------------------------------------------------------------------
SECURE = env_bool("STEADFAST_SECURE")  # true when served behind HTTPS
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("STEADFAST_SESSION_SECONDS", str(8 * 3600)))
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("STEADFAST_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("STEADFAST_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
STEADFAST_MAX_UPLOAD_BYTES = int(os.environ.get("STEADFAST_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# Import bounds (ASVS 12.1.2; network/importers/reading.py): data rows per file, characters per CSV
# line (or row spanning lines), what an XLSX archive may unpack to in all, what one of its non-sheet
# parts (shared strings, styles: read whole) may unpack to, and the compression ratio of a part.
STEADFAST_IMPORT_MAX_ROWS = int(os.environ.get("STEADFAST_IMPORT_MAX_ROWS", "1000000"))
STEADFAST_IMPORT_MAX_LINE_CHARS = int(os.environ.get("STEADFAST_IMPORT_MAX_LINE_CHARS", str(1024 * 1024)))
STEADFAST_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("STEADFAST_IMPORT_MAX_UNPACKED_BYTES", str(512 * 1024 * 1024)))
STEADFAST_IMPORT_MAX_PART_BYTES = int(os.environ.get("STEADFAST_IMPORT_MAX_PART_BYTES", str(32 * 1024 * 1024)))
STEADFAST_IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("STEADFAST_IMPORT_MAX_COMPRESSION_RATIO", "100"))

# --- token lifetime and session idle timeout (issue 16) ------------------------------------------
# Days an API token lives when its creator names no lifetime (at most 3650).
STEADFAST_API_TOKEN_DAYS = int(os.environ.get("STEADFAST_API_TOKEN_DAYS", "90"))
# A signed-in session ends after this many seconds without a request, besides the absolute
# STEADFAST_SESSION_SECONDS.
# The longest URL (path and query string, in bytes) the application reads; longer ones answer 414
# (problem+json under /api/). `steadfast serve` sets gunicorn's --limit-request-line above it.
STEADFAST_MAX_URL_BYTES = int(os.environ.get("STEADFAST_MAX_URL_BYTES", "4096"))
if not 256 <= STEADFAST_MAX_URL_BYTES <= 8126:  # gunicorn's request line tops out at 8190 bytes
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"STEADFAST_MAX_URL_BYTES={STEADFAST_MAX_URL_BYTES}: between 256 and 8126")

STEADFAST_SESSION_IDLE_SECONDS = int(os.environ.get("STEADFAST_SESSION_IDLE_SECONDS", str(30 * 60)))

# --- API rate limits -------------------------------------------------------------------------
# django-ninja throttling on every /api/v1 operation: per API token (or signed-in account) and per
# client address; past the limit the API answers 429 with Retry-After. "off" turns one limit off.
def _rate(name: str, default: str) -> str | None:
    value = os.environ.get(name, default).strip().lower()
    if value in ("", "off", "none"):
        return None
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*(s|sec|m|min|h|hour|d|day)", value):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name}={value!r}: write requests/period, e.g. 1200/min, 20/s or 100/10m, or off")
    return value


STEADFAST_API_RATE_PER_TOKEN = _rate("STEADFAST_API_RATE_PER_TOKEN", "1200/min")
STEADFAST_API_RATE_PER_ADDRESS = _rate("STEADFAST_API_RATE_PER_ADDRESS", "3000/min")
# The inbound alert endpoints count apart, with room for an alarm storm (10,000 a minute is the
# design load): their tokens open nothing else.
STEADFAST_ALERT_RATE_PER_TOKEN = _rate("STEADFAST_ALERT_RATE_PER_TOKEN", "20000/min")
STEADFAST_ALERT_RATE_PER_ADDRESS = _rate("STEADFAST_ALERT_RATE_PER_ADDRESS", "30000/min")
# Bearer tokens that fail (unknown, revoked, expired) per client address; past it 429 for the window.
STEADFAST_API_BAD_TOKEN_RATE = _rate("STEADFAST_API_BAD_TOKEN_RATE", "10/min")
# How many proxies in front append to X-Forwarded-For: 0 counts the socket's address (a client
# could otherwise forge the header); 1 behind one nginx takes the address nginx saw.
STEADFAST_TRUSTED_PROXIES = int(os.environ.get("STEADFAST_TRUSTED_PROXIES", "0"))
# The counts live in the "throttle" cache: "memory" (default) keeps them per web process, so each
# gunicorn process allows the full rate; "file" (var/throttle) shares them between the processes of
# one machine at ~2.5 ms more per API request (measured; docs/operations.md).
_throttle_cache = os.environ.get("STEADFAST_THROTTLE_CACHE", "memory").strip().lower()
if _throttle_cache not in ("file", "memory"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"STEADFAST_THROTTLE_CACHE={_throttle_cache!r}: use file or memory")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "throttle"),
         "OPTIONS": {"MAX_ENTRIES": 10_000}}
        if _throttle_cache == "file"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}

# --- supplier security ---------------------------------------------------------------------------
# Months between reassessments by inherent-risk tier (None: no scheduled reassessment).
STEADFAST_REASSESSMENT_MONTHS = {1: 12, 2: 24, 3: 36, 4: None}
# Links in e-mails: this address when set, else the served one (http://HOST:PORT); see core/links.py.
STEADFAST_BASE_URL = os.environ.get("STEADFAST_BASE_URL", "")
# Transparency: the Ed25519 key that signs publications and audit anchors (created on first use, mode 0600,
# outside the database), and the security contact published at /.well-known/security.txt (RFC 9116).
STEADFAST_SIGNING_KEY = Path(os.environ.get("STEADFAST_SIGNING_KEY", VAR_DIR / "keys" / "publication-ed25519.pem"))
STEADFAST_SECURITY_CONTACT = env_list("STEADFAST_SECURITY_CONTACT", "mailto:psirt@steadfast.example")
STEADFAST_ORGANISATION = os.environ.get("STEADFAST_ORGANISATION", "Steadfast demo vendor")
STEADFAST_EVIDENCE_MAX_BYTES = int(os.environ.get("STEADFAST_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))


def _currency(name: str, default: str) -> str:
    """An ISO 4217 code that Babel (CLDR) knows, upper-cased: money on every page is shown in it."""
    raw = os.environ.get(name, default)
    value = raw.strip().upper() or default
    from babel.numbers import is_currency

    if not (re.fullmatch(r"[A-Z]{3}", value) and is_currency(value)):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name}={raw!r}: write an ISO 4217 currency code, e.g. EUR, USD or GBP")
    return value


# Money (revenue, margin, unit cost) is shown in this currency; amounts are stored without one.
STEADFAST_CURRENCY = _currency("STEADFAST_CURRENCY", "EUR")
STEADFAST_MAP_SITE_LIMIT = int(os.environ.get("STEADFAST_MAP_SITE_LIMIT", "20000"))  # more visible sites: map groups them

# --- continuity --------------------------------------------------------------------------------
STEADFAST_DASK = os.environ.get("STEADFAST_DASK", "")  # a Dask scheduler address: full analyses run there

# --- email ------------------------------------------------------------------------------------
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
_email = os.environ.get("STEADFAST_EMAIL", "console").strip().lower() or "console"
if _email not in EMAIL_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"STEADFAST_EMAIL={_email!r}: use one of {', '.join(EMAIL_BACKENDS)}")
EMAIL_BACKEND = EMAIL_BACKENDS[_email]
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = os.environ.get("STEADFAST_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("STEADFAST_SMTP_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("STEADFAST_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("STEADFAST_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("STEADFAST_SMTP_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("STEADFAST_FROM_EMAIL", "steadfast@localhost")

# --- background tasks -------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- static files, i18n -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps in the demo without collectstatic
MEDIA_ROOT = VAR_DIR / "media"
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_403": {"()": "steadfast.core.logging.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_403"]}},  # a 403 is one line, not a traceback
    "root": {"handlers": ["console"], "level": os.environ.get("STEADFAST_LOG_LEVEL", "WARNING")},
}
