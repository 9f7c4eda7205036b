"""Settings for Foundation, driven by the environment.

Safe by default: DEBUG is off unless DJANGO_DEBUG=1, SQLite unless DATABASE_URL is set,
and without DEBUG the app refuses to start without DJANGO_SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FOUNDATION_DATA_DIR", BASE_DIR / "data"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production settings (DJANGO_DEBUG unset) need a long "
            "random secret: export DJANGO_SECRET_KEY=$(python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    # Django's task framework (the django-tasks backport) and its database backend: background
    # work (publish-at, webhook deliveries) is queued in the same transaction as the write.
    "django_tasks",
    "django_tasks_db",
    "foundation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "foundation.security.SecurityHeadersMiddleware",
    "foundation.security.ContentSecurityPolicyMiddleware",
    "foundation.security.SecurityEventLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API's language comes from Accept-Language alone, English by default (api/language.py).
    "foundation.api.language.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Under DEBUG, the site's own 404 page instead of Django's technical one (views/errors.py).
    "foundation.views.errors.NotFoundPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Validators and the shared cache for anonymous reads (foundation/caching/middleware.py).
    "foundation.caching.middleware.ContentCacheMiddleware",
    # A view's own CSP exception, set on its response inside the cache, so replays keep it.
    "foundation.security.ViewPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "foundation.middleware.DatabaseUnavailableMiddleware",
    # django-axes turns a lockout into its 429 response; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'foundation.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and the single writer work at once; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Reads through a memory map and a 64 MB page cache per connection: without them
        # every page of a 100k-statement index is a read() system call.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536;"
        ),
    }
    # Read-only requests begin DEFERRED, so GETs never queue for the write lock.
    DATABASES["default"]["ENGINE"] = "config.sqlite"

# An optional read replica: content reads go there, everything else to the primary
# (config/routers.py). In tests it mirrors the primary, so both see the same data.
if REPLICA_DATABASE_URL := os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_DATABASE_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
# Names the deployed code in cache keys and ETags (foundation/caching/version.py); when unset, a
# fingerprint of the code and templates is computed at start-up.
RELEASE = os.environ.get("FOUNDATION_RELEASE", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "foundation",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work goes through Django's task framework. The database backend is the embedded
# default: a task enqueued inside a write's transaction exists exactly when the write does, and
# `manage.py db_worker` (make worker) runs it. docs/deploy.md shows RQ on Redis for production.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Review (foundation/review.py): when on, nobody publishes a record whose content they changed
# since it was last published, so a second person always reads it first.
FOUNDATION_REVIEWER_CANNOT_PUBLISH_OWN_WORK = env_bool(
    "FOUNDATION_REVIEWER_CANNOT_PUBLISH_OWN_WORK", False
)
# Webhooks (foundation/webhooks.py). The site's address as integrators reach it: the URLs in
# deliveries name it (a worker has no request to take it from).
FOUNDATION_BASE_URL = os.environ.get("FOUNDATION_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Endpoints on private, loopback or link-local addresses are refused unless this is on (a
# receiver on the same machine in development or tests).
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE")
WEBHOOKS_TIMEOUT = float(os.environ.get("WEBHOOKS_TIMEOUT", "10"))
# A failed delivery is tried again after BACKOFF × 2^(attempts - 1) seconds, at most BACKOFF_MAX;
# an endpoint failing DISABLE_AFTER times in a row is disabled (the admin says so).
WEBHOOKS_BACKOFF = float(os.environ.get("WEBHOOKS_BACKOFF", "30"))
WEBHOOKS_BACKOFF_MAX = float(os.environ.get("WEBHOOKS_BACKOFF_MAX", str(6 * 3600)))
WEBHOOKS_DISABLE_AFTER = int(os.environ.get("WEBHOOKS_DISABLE_AFTER", "10"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Security: production values by default; relax only through the environment -------------
# HTTPS: behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO
# (only if the proxy always sets or strips X-Forwarded-Proto). Tests run over plain HTTP, so the
# redirect is off in tests/settings.py; tests/test_security.py checks the production values.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if proxy_ssl_header := os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (proxy_ssl_header, "https")
# The client's address (foundation.security.client_ip, for the login lockout, API throttling
# and the security log): the number of reverse proxies in front of the app, each appending the
# address it received from to X-Forwarded-For. 0 (the default): REMOTE_ADDR, and the header is
# ignored. Behind one nginx or load balancer: 1. See docs/deploy.md.
try:
    TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
except ValueError:
    TRUSTED_PROXIES = -1
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(
        "DJANGO_TRUSTED_PROXIES must be the number of reverse proxies in front of the app "
        "(0 when clients connect to it directly, 1 behind one nginx or load balancer)."
    )
# Load balancers probe health over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
if not SECURE_HSTS_PRELOAD:
    # Preloading is a commitment made per domain (hstspreload.org), opted into by environment.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
RETRY_AFTER_SECONDS = int(os.environ.get("DJANGO_RETRY_AFTER_SECONDS", "30"))

# Content-Security-Policy (django-csp 4). Scripts need the request's nonce
# ({{ request.csp_nonce }}), as do inline <style> elements; style="" attributes are refused.
# foundation.security.ViewPolicyMiddleware relaxes styles for Redoc's view only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Failed logins (django-axes): locked per username and IP, for a cool-off, then free again.
AUTHENTICATION_BACKENDS = [
    "foundation.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# N failed logins are answered with the form; axes locks on reaching its limit, so the
# (N+1)th try is the one answered 429.
LOGIN_FAILURES_ALLOWED = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_FAILURE_LIMIT = LOGIN_FAILURES_ALLOWED + 1
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "foundation.security.lockout_response"
# The client's address as everything else reads it (TRUSTED_PROXIES above).
AXES_CLIENT_IP_CALLABLE = "foundation.security.client_ip"
AXES_VERBOSE = False

# French is the language of the first source, so it is the default.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "foundation" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
# A record without an English translation shows its French original (marked with its lang).
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "foundation" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "foundation.storage.StaticStorage"},
}

# The API: JSON only in production (the browsable API and its form parsers only with DEBUG).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "foundation.api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["foundation.api.filters.FilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["foundation.api.permissions.ModelPermissionsOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        "foundation.api.renderers.ORJSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_PARSER_CLASSES": [
        "foundation.api.parsers.BoundedJSONParser",
        *(["rest_framework.parsers.FormParser"] if DEBUG else []),
    ],
    "DEFAULT_PAGINATION_CLASS": "foundation.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "foundation.api.throttling.AnonRateThrottle",
        "foundation.api.throttling.UserRateThrottle",
    ],
    # Our throttles ask foundation.security.client_ip for the address; a DRF throttle that does
    # not would still believe X-Forwarded-For only as far as the proxies we trust.
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "foundation.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Foundation API",
    "DESCRIPTION": "Cited organisations, people, memberships, events and statements.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "foundation.models.Organisation.Kind",
        "EventKindEnum": "foundation.models.Event.Kind",
        "StatementKindEnum": "foundation.models.Statement.Kind",
        "PrecisionEnum": "foundation.models.Precision",
        "LanguageEnum": "foundation.models.LANGUAGE_CHOICES",
        "RelationKindEnum": "foundation.models.relations.RelationKind",
        "ChangeKindEnum": "foundation.models.ChangeKind",
        "VersionKindEnum": [
            ("created", "created"),
            ("updated", "updated"),
            ("republished", "republished"),
        ],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "foundation.api.schema.optional_response_fields",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # axes reports each login at INFO; foundation.security logs the events we keep.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
