"""Settings for the Network Portal, read from the environment.

With nothing set, the portal runs on one machine against an embedded PostgreSQL server
and runs Celery tasks inline. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and the email variables (see .env.example).
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from network_portal.env import env, env_bool, env_int, env_list, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set SECRET_KEY (or SECRET_KEY_FILE), or DEBUG=True for "
            "local development."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
    or SECRET_KEY in {DEVELOPMENT_SECRET_KEY, "change-me-to-a-long-random-string"}
):
    # The same rules as Django's security.W009, enforced: a guessable key forges sessions,
    # password reset links and signed cookies.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS:
    from urllib.parse import urlsplit

    ALLOWED_HOSTS = [urlsplit(SITE_URL).hostname]
# Container health checks and the local reverse proxy reach the portal by loopback.
ALLOWED_HOSTS += [host for host in ("127.0.0.1", "localhost") if host not in ALLOWED_HOSTS]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_filters",
    "django_countries",  # translated country names (de/en) for the ISO codes we store
    "csp",
    "simple_history",  # versions of projects: who changed what, restorable
    "core",  # the ground floor: template filters (portal_text)
    "network_portal",
    "members",
    "projects",
    "events",
    "rest_framework",  # the JSON API (network_portal.api)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served by the portal itself
    "network_portal.api",
    "network_portal.following",  # follow, "Neu für Sie", notifications and digests
    # Downloads and feeds: CSV, iCalendar, Atom, the sitemap (network_portal/exports/).
    "django.contrib.sitemaps",
    "network_portal.exports",
    "network_portal.jobs",  # background tasks: failed-task records, staff jobs (issue 14)
    "network_portal.introductions",  # introductions instead of addresses (issue 14)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Reads from the replica until the request writes (network_portal/db_router.py)
    "network_portal.db_router.ReplicaPinMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "network_portal.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "network_portal.middleware.SessionBackendMiddleware",  # before AuthenticationMiddleware
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",  # before: SessionLifetime adds one
    "network_portal.middleware.SessionLifetimeMiddleware",
    "network_portal.middleware.ViewerMiddleware",
    # ETag/Last-Modified and 304s on visitors' content pages (network_portal/conditional.py)
    "network_portal.conditional.ConditionalPageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "network_portal.urls"
WSGI_APPLICATION = "network_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "network_portal.middleware.viewer",
            ],
        },
    },
]

# --- Database: PostgreSQL only; embedded when DATABASE_URL is not set ---------------------
DATABASE_URL = env_secret("DATABASE_URL")
EMBEDDED_POSTGRES_DIR = Path(env("EMBEDDED_POSTGRES_DIR", str(BASE_DIR / ".pgdata")))
if not DATABASE_URL:
    from network_portal.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(EMBEDDED_POSTGRES_DIR)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
# A Unix-socket folder given as ?host=… (the embedded server's URI) belongs in HOST, where
# every consumer of the settings (pg_dump, test helpers) looks for it.
if "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL: the portal needs it.")
# A read replica (streaming replication of the primary): the ORM's reads in a web request go
# there until the request writes, and the same browser reads from the primary for
# REPLICA_PIN_SECONDS after a write (network_portal/db_router.py). Unset: one database.
DATABASE_REPLICA_URL = env_secret("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if not DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point to PostgreSQL.")
    # The test suite runs on one database: there the replica alias is the primary.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Server-side cursors (QuerySet.iterator(): the CSV export, digests, imports) read every row
# they select: plan them for all rows, not for PostgreSQL's default of the first 10 %, whose
# fast-start plans walked the newest-first index of 1,000,000 projects for a filtered CSV of
# 4,388 rows (23 s instead of 4 s).
for _database in DATABASES.values():
    _options = _database.setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c cursor_tuple_fraction=1".strip()
DATABASE_ROUTERS = ["network_portal.db_router.PrimaryReplicaRouter"]
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
# Visitors' content pages are kept rendered in the cache, keyed by their ETag (content
# generation, language, address, release: network_portal/conditional.py). 0 turns it off
# (the test suite does: its query counts measure the pages' own work; and so does DEBUG,
# where an edited template shows without a restart).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
# Anonymous downloads and feeds per client address and minute (network_portal/exports/guard.py).
EXPORT_RATE_LIMIT = (env_int("EXPORT_RATE_PER_MINUTE", 60), 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery: Redis when REDIS_URL is set, otherwise the database and inline tasks --
REDIS_URL = env_secret("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "network_portal.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Faults (issue 14 point 7): a task is acknowledged only after it ran (acks_late), and a
# worker takes one message at a time (prefetch 1), so a worker killed mid-batch leaves its
# unfinished message to another worker -- tasks are idempotent (following's unique Delivery
# rows). Redis hands an unacknowledged message out again after the visibility timeout, which
# must exceed the longest task (imports). Transient errors are retried with backoff by the
# tasks' base class (network_portal/jobs/base.py); what fails for good is a FailedTask.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60),
}
# One queue per kind of work, so that a long import or a digest run never holds up a
# password-reset mail: docker-compose.yml runs a worker for "default" and "mail" and one for
# the long-running "digests" and "imports_exports". Name new tasks to match a pattern (or
# list them): the first matching pattern wins, anything else goes to "default".
CELERY_TASK_DEFAULT_QUEUE = "default"
TASK_QUEUES = ("default", "mail", "digests", "imports_exports")
CELERY_TASK_ROUTES = {
    "network_portal.tasks.send_contact_message": {"queue": "mail"},
    "network_portal.tasks.clear_expired_sessions": {"queue": "default"},
    "following.announce_recaps": {"queue": "digests"},  # mails every follower: a bulk run
    "*digest*": {"queue": "digests"},
    "*import*": {"queue": "imports_exports"},
    "*export*": {"queue": "imports_exports"},
    "*.send_*": {"queue": "mail"},
    "*mail*": {"queue": "mail"},
    "*notif*": {"queue": "mail"},
}
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "network_portal.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    # Digests at 07:00 Berlin time (CELERY_TIMEZONE): daily ones every day, weekly ones on
    # Mondays; each covers what happened since the person's last digest (issue 14).
    "following-digests": {
        "task": "following.send_digests",
        "schedule": crontab(minute=0, hour=7),
    },
    # Scheduled recaps whose time has come: their followers are told once.
    "following-announce-recaps": {
        "task": "following.announce_recaps",
        "schedule": 5 * 60,
    },
}

# --- Accounts (django-allauth): email login, mandatory verification, rate limits -----------
# Django's and allauth's, loading the session's user with their rights in one query.
AUTHENTICATION_BACKENDS = [
    "members.auth_backends.ModelBackend",
    "members.auth_backends.AuthenticationBackend",
]
SITE_ID = 1
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"  # also where the Django admin sends people to sign in
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Netzwerkportal] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
USERSESSIONS_TRACK_ACTIVITY = False
# Changing email addresses asks for the password again (password changes ask for the current
# one anyway); every change of password or address is announced by email to the old address.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Two factors (an authenticator app, recovery codes as the fallback): staff need them before
# the admin opens (network_portal/admin_site.py), network admins before their rights apply.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Netzwerkportal"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Email -------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Netzwerkportal <portal@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", "barrierefreiheit@example.org")

# --- Operator: Impressum (§ 5 DDG, § 18 MStV), privacy statement (Art. 13 DSGVO), contact --
# The defaults are placeholders in [brackets] (addresses at example.org): the legal pages
# show a notice naming each one still in use. Lines of an address are separated by "|".
OPERATOR_NAME = env("OPERATOR_NAME", "[Name des Betreibers – OPERATOR_NAME setzen]")
OPERATOR_ADDRESS = env(
    "OPERATOR_ADDRESS", "[Straße und Hausnummer]|[Postleitzahl und Ort – OPERATOR_ADDRESS setzen]"
)
OPERATOR_REPRESENTATIVE = env(
    "OPERATOR_REPRESENTATIVE", "[Vertretungsberechtigte Person – OPERATOR_REPRESENTATIVE setzen]"
)
# § 18 (2) MStV: name, and an address when it differs from the operator's ("Name|Anschrift")
OPERATOR_CONTENT_RESPONSIBLE = env("OPERATOR_CONTENT_RESPONSIBLE", OPERATOR_REPRESENTATIVE)
OPERATOR_EMAIL = env("OPERATOR_EMAIL", "betreiber@example.org")  # shown in the Impressum only
OPERATOR_PHONE = env("OPERATOR_PHONE", "[Telefonnummer – OPERATOR_PHONE setzen]")
OPERATOR_REGISTER = env("OPERATOR_REGISTER")  # optional: register court and number
OPERATOR_VAT_ID = env("OPERATOR_VAT_ID")  # optional: § 27a UStG
OPERATOR_SUPERVISORY_AUTHORITY = env("OPERATOR_SUPERVISORY_AUTHORITY")  # optional
# The DCAT-AP.de catalogue (/katalog.ttl …, network_portal/exports/dcat.py): the licence of the
# portal's public data, who to name with it, and the contributor id GovData assigns.
CATALOGUE_LICENCE = env("CATALOGUE_LICENCE", "http://dcat-ap.de/def/licenses/dl-by-de/2.0")
CATALOGUE_ATTRIBUTION = env("CATALOGUE_ATTRIBUTION", OPERATOR_NAME)
CATALOGUE_CONTRIBUTOR_ID = env("CATALOGUE_CONTRIBUTOR_ID", "")
# A public body bases its processing on Art. 6 (1) lit. e DSGVO, which replaces lit. f for it.
OPERATOR_PUBLIC_BODY = env_bool("OPERATOR_PUBLIC_BODY", False)
HOSTING_PROVIDER = env("HOSTING_PROVIDER")  # optional: processor that runs the servers
DATA_PROTECTION_OFFICER = env(
    "DATA_PROTECTION_OFFICER",
    "[Name und Kontakt der oder des Datenschutzbeauftragten – DATA_PROTECTION_OFFICER setzen]",
)
DATA_PROTECTION_AUTHORITY = env(
    "DATA_PROTECTION_AUTHORITY",
    "[Zuständige Landesdatenschutzbehörde mit Anschrift – DATA_PROTECTION_AUTHORITY setzen]",
)
SERVER_LOG_RETENTION_DAYS = env_int("SERVER_LOG_RETENTION_DAYS", 7)  # as the privacy page says
CONTACT_FORM_RECIPIENT = env("CONTACT_FORM_RECIPIENT", OPERATOR_EMAIL)
CONTACT_FORM_RATE_LIMIT = env("CONTACT_FORM_RATE_LIMIT", "5/h/ip")  # allauth's rate syntax

# --- Sessions: inactivity timeout and an absolute lifetime (see SessionLifetimeMiddleware) -
# With Redis, sessions are read from the cache and written to it and to PostgreSQL: a
# signed-in request reads no session row, and a flushed Redis signs nobody out.
SESSION_ENGINE = (
    # cached_db, reading what a content page's key needs with the session
    "network_portal.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# --- Security headers ----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Rate limits count the client's address, not the proxy's: allauth takes the
        # address the nearest TRUSTED_PROXY_COUNT proxies appended to X-Forwarded-For, or,
        # when set, the header the proxy writes it to (e.g. X-Real-IP).
        ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER") or None

# --- JSON API (network_portal.api): read-only, session or anonymous, rate-limited ----------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "network_portal.api.pagination.KeysetCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["network_portal.api.throttling.AnonymousPerAddressThrottle"],
    # Anonymous requests per client address (allauth's: see ALLAUTH_TRUSTED_PROXY_COUNT).
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/min")},
    "EXCEPTION_HANDLER": "network_portal.api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "network_portal.api.schema.PortalAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Netzwerkportal API",
    "DESCRIPTION": (
        "Read-only JSON API of the Network Portal: networks, municipalities, projects, "
        "topics, events, published recaps and adoptions. Lists take the filters of their "
        "pages and page by cursor; errors are problem details (RFC 9457)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No request to a validator elsewhere (the default badge calls validator.swagger.io).
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    # The schema is checked in the tests; the known warnings (the pages' filter methods
    # carry no type hints, so their parameters are strings) stay out of the logs.
    "DISABLE_ERRORS_AND_WARNINGS": True,
    # Not in `check --deploy` (which must pass with --fail-level WARNING): its schema run
    # repeats those warnings; tests/api/test_schema.py builds and validates the schema.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "events.models.Event.Kind",
        "MunicipalityKindEnum": "members.models.Municipality.Kind",
        "OrganizationKindEnum": "members.models.Organization.Kind",
        "AdoptionKindEnum": "projects.models.Adoption.Kind",
    },
}

# --- Languages: German first, English second ------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# locale_overrides: formal ("Sie") allauth German (makemessages --no-obsolete drops it in locale/)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# --- Uploaded pictures (members.Picture) ------------------------------------------------
# On the file system by default (a volume in docker-compose.yml), served by
# network_portal.media.serve_media; in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME
# is set (django-storages), served from the bucket or AWS_S3_CUSTOM_DOMAIN.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_PERMISSIONS = 0o644
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env_secret("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("AWS_SECRET_ACCESS_KEY") or None,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env("AWS_S3_REGION_NAME", "") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", "") or None,
            # Pictures are public; names carry a random UUID and are never overwritten.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Addresses typed without a scheme become https:// (Django 6.0's default, opted into now).
FORMS_URLFIELD_ASSUME_HTTPS = True
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
