"""Colloquy settings: one module, driven by environment variables.

Defaults run with no server at all (SQLite, local-memory cache, console email);
environment variables switch to production parts. The README lists every variable.
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            '(for example to the output of `python -c "import secrets; '
            'print(secrets.token_urlsafe(50))"`), or set DEBUG=1 for local development.'
        )
    # A development key kept out of the repository, stable across restarts so that
    # sessions survive `make run` being restarted.
    _key_file = BASE_DIR / "var" / "secret_key"
    if not _key_file.exists():
        import secrets

        _key_file.parent.mkdir(exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def served_url(argv: list[str]) -> str | None:
    """The address `manage.py runserver [addr:]port` serves, as a URL; None for
    any other command. Every address (0.0.0.0 included) is reached as 127.0.0.1."""
    if len(argv) < 2 or argv[1] != "runserver":
        return None
    given = next((arg for arg in argv[2:] if not arg.startswith("-")), "8000")
    host, _, port = given.rpartition(":")
    if host in ("", "0", "0.0.0.0"):  # noqa: S104 (read from argv, never bound)
        host = "127.0.0.1"
    return f"http://{host}:{port}"


# Absolute links (feeds, canonical, og:url, emails) use SITE_URL; in development,
# without one, they follow the address runserver serves (`PORT=8801 make run`).
SITE_URL = os.environ.get(
    "SITE_URL", (DEBUG and served_url(sys.argv)) or "http://127.0.0.1:8000"
).rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Colloquy")
SITE_DESCRIPTION = os.environ.get(
    "SITE_DESCRIPTION", "A blog whose conversations are first-class."
)

INSTALLED_APPS = [
    "config.apps.ColloquyAdminConfig",  # django.contrib.admin (see config.admin)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "mptt",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "accounts",
    "blog",
    "comments",
    "linkbacks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ColloquyCSPMiddleware",  # CONTENT_SECURITY_POLICY below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "blog.middleware.NulCharacterMiddleware",  # before anything reads the database
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "blog.middleware.WordPressRedirectMiddleware",  # old WordPress addresses, 301
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "blog.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    # A statement a connection runs again and again (a post page's) is prepared
    # on its fifth run, so PostgreSQL plans it once instead of on every cold post
    # page. Off behind a pooler that cannot keep them (PgBouncer in
    # transaction mode before 1.21). Preparing needs the parameters sent apart.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 5,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
            # Kept open between requests as PostgreSQL's are: opening one (its
            # PRAGMAs, Django's SQL functions) cost more than a kept post page takes.
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Writers take the lock when their transaction starts, so two writers
                # wait for each other instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, so several app servers share them.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "colloquy"),
        }
    }
    # Read from Redis, kept in the database: Redis may then evict any key when
    # full (README, "Redis") without signing anyone out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Whole post pages kept for readers without cookies (blog.post_page): in each
# process's own memory, never in Redis. Every serve checks the post against the
# database first, so no process needs another's; fetching a big page from Redis on
# every view cost more than the rest of serving it; so did unpickling it from
# Django's own local-memory cache (blog.page_cache).
CACHES["pages"] = {
    "BACKEND": "blog.page_cache.ObjectMemoryCache",
    "LOCATION": "post-pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 100)},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
SITE_ID = 1

ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGOUT_ON_GET = False
# Staff sign in through the site's Log in with no email check (accounts.login_stages).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"

# Social sign-in: the provider apps, and credentials from the environment (see
# accounts/providers.py for the variables); a provider with no credentials there or
# in the admin's Social applications is not offered.
INSTALLED_APPS += [
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.twitter_oauth2",
    "accounts.wordpress",
    "allauth.socialaccount.providers.openid_connect",
]
from accounts.providers import social_providers_from_env  # noqa: E402

SOCIALACCOUNT_PROVIDERS = social_providers_from_env(os.environ)
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# A social login takes over the local account with the same email only when the
# provider verified that email AND is trusted to (per provider: EMAIL_AUTHENTICATION,
# see accounts/providers.py); it is then connected, so it keeps working afterwards.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Failed logins: 10 a minute from one address, 5 in 5 minutes for one account.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en-us")
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
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

# Email: the console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Colloquy <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict when DEBUG is off; each can be relaxed by its variable.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list binds the whole domain for months: the
# operator's decision (SECURE_HSTS_PRELOAD=1), so its reminder is not a warning here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content Security Policy (django-csp): no inline script or style anywhere (templates
# load static files only); config/csp.py adds the social providers to form-action.
# blob: shows the admin's chosen cover before upload.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# Uploads: a request body larger than this is refused before any image is decoded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Pixels an upload may ask Pillow to decode, all frames of an animation together.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
IMAGE_RENDITION_WIDTHS = (480, 960, 1600)

POSTS_PER_PAGE = env_int("POSTS_PER_PAGE", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}

# PostgreSQL text-search configuration for the blog search: the language whose stemming
# applies ("english", "french", ... or "simple" for none).
SEARCH_CONFIG = os.environ.get("SEARCH_CONFIG", "english")

# Avatars: identicons drawn by the site itself unless Gravatar is wanted (it learns
# which pages a reader's browser visits).
AVATAR_GRAVATAR = env_bool("AVATAR_GRAVATAR", False)
if AVATAR_GRAVATAR:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append("https://www.gravatar.com")

# Comments: the thread's shape and what the comment form refuses.
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 10000)
COMMENTS_PAGE_ORDER = os.environ.get("COMMENTS_PAGE_ORDER", "oldest")
if COMMENTS_PAGE_ORDER not in {"oldest", "newest"}:
    raise ImproperlyConfigured('COMMENTS_PAGE_ORDER must be "oldest" or "newest".')
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", 15)
# A human needs a few seconds to write a comment; bots post the form at once.
COMMENTS_MIN_SUBMIT_SECONDS = env_int("COMMENTS_MIN_SUBMIT_SECONDS", 3)
COMMENTS_EDIT_MINUTES = env_int("COMMENTS_EDIT_MINUTES", 15)  # writer may edit/delete
# The spam check: a callable (comment, request) -> comments.spam.SpamVerdict,
# so that Akismet or a similar service can be plugged in.
COMMENTS_SPAM_BACKEND = os.environ.get(
    "COMMENTS_SPAM_BACKEND", "comments.spam.builtin_backend"
)

# Background work (Django's Tasks framework through the django-tasks backport): slow
# side effects (email, fetching other sites) are queued in the database and run by
# `manage.py db_worker`. "immediate" runs each task in the process that queues it
# (the tests; a site that would rather wait than run a worker).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured('TASKS_BACKEND must be "database" or "immediate".')
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# How many times a failed task is tried in all, each retry later than the last.
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 5)

# Linkbacks: Webmention and Pingback, received from other sites and sent to the
# sites our posts link to (linkbacks/).
LINKBACKS_RECEIVE = env_bool("LINKBACKS_RECEIVE", True)
LINKBACKS_SEND = env_bool("LINKBACKS_SEND", True)
# Fetching pages of our own network (loopback, private, link-local) is refused, so a
# forged mention cannot make the site read its neighbours: on only for tests and
# trials on one machine.
LINKBACKS_ALLOW_PRIVATE = env_bool("LINKBACKS_ALLOW_PRIVATE", False)
LINKBACKS_MAX_BYTES = env_int("LINKBACKS_MAX_BYTES", 1024 * 1024)
LINKBACKS_FETCH_SECONDS = env_int("LINKBACKS_FETCH_SECONDS", 10)
# Mentions taken from one address, or about one source site, in an hour.
LINKBACKS_PER_HOUR = env_int("LINKBACKS_PER_HOUR", 30)

# Caching: how long a post's rendered thread stays cached (a newer version replaces
# it anyway), how long a shared cache may keep an anonymous page, and how
# long the site keeps a whole post page for cookie-less readers (its key changes with
# every comment change and edit of the post; the neighbouring posts and the navigation
# on it may be that old, as in a shared cache).
THREAD_CACHE_SECONDS = env_int("THREAD_CACHE_SECONDS", 24 * 3600)
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 60)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", SHARED_CACHE_SECONDS)
# Outermost: it must see every cookie the response sets (blog.http_caching).
MIDDLEWARE.insert(0, "blog.http_caching.HttpCachingMiddleware")
