"""Settings for the film review site, read from the environment.

With nothing set, the site runs locally on SQLite with DEBUG on. Production sets DJANGO_DEBUG=0
and must then provide a real secret key and allowed hosts; see the README's configuration table.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from environs import Env, EnvError
from marshmallow.validate import OneOf

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
# A .env file is a convenience for `make serve`; real environment variables win over it.
# DJANGO_READ_DOT_ENV=0 ignores it (tests that start the site with a precise environment).
if env.bool("DJANGO_READ_DOT_ENV", default=True):
    env.read_env(str(BASE_DIR / ".env"), recurse=False, override=False)


def _parsed(reader, name: str, *, problem: str = "is missing or not valid", **kwargs):
    """Read a variable, turning a missing or malformed value into an error that names it."""
    try:
        return reader(name, **kwargs)
    except EnvError as exc:
        raise ImproperlyConfigured(f"{name} {problem} ({exc}). See README, Configuration.") from exc


def _required(reader, name: str):
    """Read a variable production cannot run without."""
    return _parsed(reader, name, problem="must be set when DJANGO_DEBUG is off")


# Words that mark a key copied from documentation rather than generated.
_PLACEHOLDER_MARKERS = (
    "change-me", "changeme", "replace-me", "your-secret", "insecure", "placeholder",
)  # fmt: skip


def _documented_secrets() -> set[str]:
    """The secret keys shown in .env.example: published, so never a real one."""
    example = BASE_DIR / ".env.example"
    if not example.exists():
        return set()
    lines = example.read_text(encoding="utf-8").splitlines()
    return {
        line.split("=", 1)[1].strip()
        for line in lines
        if line.lstrip("# ").startswith("DJANGO_SECRET_KEY=")
    }


def _weak_secret(key: str) -> str:
    """Why a production secret key is unsafe ("" when it is fine)."""
    if key in _documented_secrets():
        return "is the example value from .env.example"
    if any(marker in key.lower() for marker in _PLACEHOLDER_MARKERS):
        return "is a placeholder, not a generated key"
    # Django's own check (security.W009) asks for the same, but only as a warning.
    if len(key) < 50:
        return f"is too short ({len(key)} characters; at least 50 are needed)"
    if len(set(key)) < 5:
        return f"has too few different characters ({len(set(key))}; at least 5 are needed)"
    return ""


try:
    DEBUG = env.bool("DJANGO_DEBUG", default=True)
except EnvError as exc:
    raise ImproperlyConfigured(
        f"DJANGO_DEBUG must be a boolean such as 1/0 or true/false ({exc})."
    ) from exc

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = _required(env.str, "DJANGO_SECRET_KEY")
    _weakness = _weak_secret(SECRET_KEY)
    if _weakness:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY {_weakness}: generate one with "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
    ALLOWED_HOSTS = _required(env.list, "DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name at least one host.")

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="Frame Rate")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where-to-watch offers an editor has not checked for this many days are hidden from readers.
OFFER_STALE_AFTER_DAYS = _parsed(env.int, "DJANGO_OFFER_STALE_AFTER_DAYS", default=60)
# The region (ISO 3166) whose offers readers see first when their browser names none we know.
DEFAULT_WATCH_REGION = env.str("DJANGO_DEFAULT_WATCH_REGION", default="GB").upper()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_countries",
    "crispy_forms",
    "reversion",
    "axes",
    "django_tasks_db",
    "films",
    "reviews",
    "reviews.search",
    "reviews_project",
]

MIDDLEWARE = [
    # First: every response, even an error or a cache hit, carries the request id.
    "reviews_project.middleware.RequestIdMiddleware",
    # A NUL byte in a URL is a 400 before any query (PostgreSQL refuses NUL in text).
    "reviews_project.middleware.RejectNulMiddleware",
    # A Host header not in ALLOWED_HOSTS: 400 and one warning line, not an error and traceback.
    "reviews_project.middleware.RejectBadHostMiddleware",
    # Editors and writes read from the primary when a read replica is configured.
    "reviews_project.db_router.PrimaryForEditorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # WhiteNoise, minus staticfiles.json (the manifest of every static file).
    "reviews_project.static.StaticFilesMiddleware",
    # Before sessions and auth, so a cache hit costs a cache read or two and no database query.
    "reviews_project.cache.AnonymousPageCacheMiddleware",
    # Scheduled changes to live reviews go live before a page renders (never needed on a hit).
    "reviews.middleware.DueChangesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so a lock-out raised by the auth backend becomes the lock-out page.
    "axes.middleware.AxesMiddleware",
    # Outermost exception handler for views: an unreachable database is a 503, not a 500.
    "reviews_project.outage.DatabaseOutageMiddleware",
]

# Brute-force protection for the admin login (django-axes): 5 failures per user and address
# lock them out for an hour. The first backend checks the lock-out, the second authenticates.
AUTHENTICATION_BACKENDS = [
    "reviews_project.auth_backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ... and any address with this many failures across all user names (password spraying).
LOGIN_FAILURES_PER_ADDRESS = env.int("DJANGO_LOGIN_FAILURES_PER_ADDRESS", default=20)
# The client address comes from X-Forwarded-For only when the request came from one of these
# proxies (docs/deploy.md); the default is nginx on the same machine, as gunicorn's.
try:
    TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
    for _proxy in TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy, strict=False)
except (EnvError, ValueError) as exc:
    raise ImproperlyConfigured(
        f"DJANGO_TRUSTED_PROXIES must list addresses or CIDR ranges ({exc})."
    ) from exc
AXES_CLIENT_IP_CALLABLE = "reviews_project.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "reviews_project.urls"
WSGI_APPLICATION = "reviews_project.wsgi.application"

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
                "reviews_project.context_processors.site",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": env.dj_db_url(
            "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
        )
    }
except (EnvError, ValueError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL could not be parsed ({exc}).") from exc
# A database that does not answer must fail a request (and /healthz) in seconds, not hang it.
DB_CONNECT_TIMEOUT = _parsed(env.int, "DJANGO_DB_CONNECT_TIMEOUT", default=5)
# Milliseconds any one statement may run on PostgreSQL; 0 (the default) means no limit.
DB_STATEMENT_TIMEOUT_MS = _parsed(env.int, "DJANGO_DB_STATEMENT_TIMEOUT_MS", default=0)
HEALTH_TIMEOUT_SECONDS = _parsed(env.float, "DJANGO_HEALTH_TIMEOUT", default=3.0)


def _with_timeouts(database: dict) -> dict:
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["CONN_HEALTH_CHECKS"] = True
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
        if DB_STATEMENT_TIMEOUT_MS:
            options["options"] = f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
    return database


_with_timeouts(DATABASES["default"])


def _with_write_ahead_log(database: dict) -> dict:
    """SQLite keeps its changes in a write-ahead log: readers go on reading while an editor's
    save commits (with the default rollback journal every commit locked them out), and each
    commit is still synced to disk (synchronous stays FULL: no saved text is lost to a crash).
    The mode is kept in the database file; setting it again on each connection costs nothing."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).setdefault("init_command", "PRAGMA journal_mode=WAL")
    return database


_with_write_ahead_log(DATABASES["default"])

# An optional read replica. DATABASE_REPLICA_URL enables the router that sends public reads to
# it; without it the alias is the primary, so code and tests can name "replica" everywhere.
REPLICA_URL = _parsed(env.str, "DATABASE_REPLICA_URL", default="")
try:
    DATABASES["replica"] = (
        env.dj_db_url("DATABASE_REPLICA_URL", conn_max_age=60)
        if REPLICA_URL
        else dict(DATABASES["default"])
    )
except (EnvError, ValueError) as exc:
    raise ImproperlyConfigured(f"DATABASE_REPLICA_URL could not be parsed ({exc}).") from exc
_with_timeouts(DATABASES["replica"])
DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["reviews_project.db_router.ReadReplicaRouter"] if REPLICA_URL else []

# Widget templates (the star rating) live in templates/ with the rest of the site's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="filmreviews")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A stalled Redis must slow a request by a second at most, not hang a worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif DEBUG:
    # runserver is one process: its own memory is the whole site's cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "filmreviews",
        }
    }
else:
    # The embedded single-machine default: every gunicorn worker shares one directory, so a
    # purge by one worker is seen by all (a per-process cache would not; see checks.py).
    CACHES = {
        "default": {
            "BACKEND": "reviews_project.filecache.SharedFileCache",
            "LOCATION": env.str("DJANGO_CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": env.int("DJANGO_CACHE_MAX_ENTRIES", default=50_000)},
        }
    }
# Background work (front-cache purges) runs as Django tasks stored in the database and run by
# `manage.py db_worker` (django-tasks-db), so it survives the request that queued it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Front caches to purge by tag after each public change (Varnish with docs/varnish.vcl):
# comma-separated URLs that answer PURGE with an xkey-purge header; empty = none.
PURGE_URLS = _parsed(env.list, "DJANGO_PURGE_URLS", default=[])
PURGE_TIMEOUT_SECONDS = _parsed(env.float, "DJANGO_PURGE_TIMEOUT", default=5.0)

# How many worker processes will serve this settings module (gunicorn.conf.py reads the same
# variable); the cache check refuses a per-process cache for more than one.
WEB_WORKERS = _parsed(env.int, "GUNICORN_WORKERS", default=0)

# Whole anonymous pages are cached (reviews_project.cache) for at most this long; 0 turns it off.
# Off by default while developing (DEBUG on), so template edits show at once.
PAGE_CACHE_SECONDS = _parsed(env.int, "DJANGO_PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
# One address stores at most this many query-string variants per PAGE_CACHE_SECONDS.
PAGE_CACHE_MAX_VARIANTS = _parsed(env.int, "DJANGO_PAGE_CACHE_MAX_VARIANTS", default=200)
# A front cache (Varnish, a CDN) may serve a page this long after it expired while it refetches.
PAGE_STALE_WHILE_REVALIDATE_SECONDS = _parsed(
    env.int, "DJANGO_STALE_WHILE_REVALIDATE_SECONDS", default=30
)
# Expensive partials and the data behind them (facet counts, card grids, filmographies) are
# cached by tag for requests the page cache does not serve (signed-in visitors, new query
# strings); reviews_project.fragments. 0 turns it off; off while developing.
FRAGMENT_CACHE_SECONDS = _parsed(
    env.int, "DJANGO_FRAGMENT_CACHE_SECONDS", default=0 if DEBUG else 3600
)
# After a purge, anonymous reads use the primary this long (a replica may lag behind it).
REPLICA_PIN_SECONDS = _parsed(env.float, "DJANGO_REPLICA_PIN_SECONDS", default=5.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS: list = [BASE_DIR / "static"]
# Browser components installed from npm by make (package.json), served under static/vendor/
# like our own files, never from a CDN. Without npm the pages work, without the extras.
NPM_STATIC = {"vendor/markdown-toolbar": "@github/markdown-toolbar-element/dist"}
STATICFILES_DIRS += [
    (prefix, BASE_DIR / "node_modules" / folder)
    for prefix, folder in NPM_STATIC.items()
    if (BASE_DIR / "node_modules" / folder).is_dir()
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Several app servers need one shared place for uploads: S3-compatible object storage.
MEDIA_STORAGE = _parsed(
    env.str, "DJANGO_MEDIA_STORAGE", default="local", validate=OneOf(["local", "s3"])
)
# The app serves uploads itself (reviews_project.media) when they are on local disk, unless
# DJANGO_SERVE_MEDIA=0 says nginx does (docs/deploy.md); never with object storage.
SERVE_MEDIA = MEDIA_STORAGE == "local" and _parsed(env.bool, "DJANGO_SERVE_MEDIA", default=True)
MEDIA_ORIGINS: list[str] = []
if MEDIA_STORAGE == "s3":
    _s3_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    _s3_endpoint = _parsed(env.url, "AWS_S3_ENDPOINT_URL", default=None)
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _parsed(env.str, "AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": _s3_endpoint.geturl() if _s3_endpoint else None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": _s3_domain,
            # Without keys boto3 falls back to its own chain (instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # Posters are public; the bucket policy grants reads, URLs stay short and cacheable.
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    if _s3_domain:
        MEDIA_ORIGINS.append(f"https://{_s3_domain}")
    elif _s3_endpoint:
        MEDIA_ORIGINS.append(f"{_s3_endpoint.scheme}://{_s3_endpoint.netloc}")
    else:
        MEDIA_ORIGINS.append("https://*.amazonaws.com")

# Reader-facing forms render through the site's own crispy template pack (templates/site_forms/):
# the site's markup and class names, styled by site.css. The admin does not use crispy.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("site_forms",)
CRISPY_TEMPLATE_PACK = "site_forms"

# Uploaded images: bytes and pixels an editor may upload (decompression bombs stop here).
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)

# --- Security ---
# Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto. Trusting it makes
# HTTPS redirects, HSTS and secure cookies work without redirect loops; turn it off only if the
# app is reachable without that proxy in front (a client could then claim HTTPS).
if _parsed(env.bool, "DJANGO_TRUST_X_FORWARDED_PROTO", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _parsed(env.bool, "DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = _parsed(env.int, "DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _parsed(
    env.bool, "DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = _parsed(env.bool, "DJANGO_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Page scripts never need the CSRF cookie (the admin reads the token from its form).
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles come from our own origin; an inline one needs {{ csp_nonce }}.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [
        CSP.SELF,
        "data:",
        *MEDIA_ORIGINS,
        *_parsed(env.list, "DJANGO_CSP_IMG_SRC", default=[]),
    ],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# --- E-mail (password resets, error mails) ---
# One URL such as smtp://user:password@mail.example.org:587/?tls=True, parsed into Django 6.1's
# MAILERS (the EMAIL_* settings are deprecated).
# Production defaults to the local mail server (Django refuses console mail there).
_email = _parsed(
    env.dj_email_url, "DJANGO_EMAIL_URL", default="console://" if DEBUG else "smtp://localhost:25"
)
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured(
        "DJANGO_EMAIL_URL must start with smtp://, smtps://, console://, file:// or memory://."
    )
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _email_options = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email["EMAIL_HOST_USER"],
        "password": _email["EMAIL_HOST_PASSWORD"],
        "use_tls": _email["EMAIL_USE_TLS"],
        "use_ssl": _email["EMAIL_USE_SSL"],
        "timeout": _email["EMAIL_TIMEOUT"] or 10,
    }
elif _email["EMAIL_FILE_PATH"]:
    _email_options = {"file_path": _email["EMAIL_FILE_PATH"]}
else:
    _email_options = {}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Logging: everything to stdout, JSON lines in production, each with the request id ---
LOG_LEVEL = _parsed(
    env.str,
    "DJANGO_LOG_LEVEL",
    default="INFO",
    validate=OneOf(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]),
)
LOG_FORMAT = _parsed(
    env.str,
    "DJANGO_LOG_FORMAT",
    default="text" if DEBUG else "json",
    validate=OneOf(["json", "text"]),
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "reviews_project.logformat.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "reviews_project.logformat.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # django-axes reports every successful login at INFO; lock-outs are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
