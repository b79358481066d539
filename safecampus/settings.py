"""SafeCampus settings, read from the environment (12-factor).

Defaults suit a developer machine and the demo (`make run`): SQLite, debug off,
a secret key kept in var/secret_key. A deployment is recognised by
`SAFECAMPUS_ENV=production`, or by `DJANGO_ALLOWED_HOSTS` naming any host other
than 127.0.0.1, localhost and testserver; it must set `DJANGO_SECRET_KEY` and may
not turn debug on. Every variable is checked: a value that is not understood
stops the start with a message naming it. See docs/deploy.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable; unset or empty means the default, anything not understood stops the start."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not understood: use one of {', '.join(TRUE_WORDS + FALSE_WORDS)}"
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole-number variable of at least `minimum`; anything else stops the start."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} is not understood: use a whole number of at least {minimum}")
    return number


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not understood: use one of {', '.join(choices)}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


LOCAL_HOSTS = ("127.0.0.1", "localhost", "testserver", "[::1]")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ",".join(LOCAL_HOSTS[:3]))
# Production is said explicitly, or is any install that answers to a host beyond this machine.
SAFECAMPUS_ENV = env_choice(
    "SAFECAMPUS_ENV",
    "production" if any(host not in LOCAL_HOSTS for host in ALLOWED_HOSTS) else "development",
    ("production", "development"),
)
PRODUCTION = SAFECAMPUS_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG=true is not allowed in production (SAFECAMPUS_ENV=production, or DJANGO_ALLOWED_HOSTS "
        "names a host beyond this machine); set SAFECAMPUS_ENV=development for a test install"
    )


def local_secret_key() -> str:
    """A random key kept in var/secret_key for a developer machine and the demo, never for production."""
    import secrets

    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters in production "
        "(SAFECAMPUS_ENV=production, or DJANGO_ALLOWED_HOSTS names a host beyond this machine); "
        'e.g. python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
if not SECRET_KEY:
    SECRET_KEY = local_secret_key()
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "safecampus.core",
    "safecampus.accounts",
    "safecampus.orgs",
    "safecampus.rules",
    "safecampus.hazards",
    "safecampus.dashboards",
    "safecampus.incidents",
    "safecampus.risks",
    "safecampus.compliance",
    "safecampus.facilities",
    "safecampus.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "safecampus.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safecampus.core.middleware.PlatformLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safecampus.accounts.middleware.AccountGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last so that it sees the final response of a login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safecampus.urls"
WSGI_APPLICATION = "safecampus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safecampus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safecampus.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'safecampus.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an import or the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "safecampus.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "safecampus.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "orgs:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 idle minutes: every request renews the cookie.
SESSION_COOKIE_AGE = env_int("SAFECAMPUS_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Account lockout: 5 failures on one username lock it for 30 minutes.
AXES_FAILURE_LIMIT = env_int("SAFECAMPUS_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAFECAMPUS_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safecampus.accounts.views_auth.locked_out"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("SAFECAMPUS_LOCKOUT_ENABLED", True)
# Locking by IP would lock a whole school or bureau behind one NAT address after
# five typos; password guessing across accounts is throttled per address instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Password guessing across many accounts: failed logins (web and token) are
# counted per client address; past the limit, the address is refused for the
# rest of the window before any password is checked. IPv6 counts per /64.
SAFECAMPUS_LOGIN_FAILURES_PER_ADDRESS = env_int("SAFECAMPUS_LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
SAFECAMPUS_LOGIN_WINDOW_MINUTES = env_int("SAFECAMPUS_LOGIN_WINDOW_MINUTES", 10, minimum=1)
# The client address is REMOTE_ADDR, unless the platform runs behind reverse
# proxies (SAFECAMPUS_BEHIND_PROXY): then it is the entry of X-Forwarded-For
# that the outermost trusted proxy appended, SAFECAMPUS_PROXY_HOPS entries from
# the right (1: one nginx that appends $remote_addr). Entries further left are
# the client's own word and are never trusted.
SAFECAMPUS_BEHIND_PROXY = env_bool("SAFECAMPUS_BEHIND_PROXY", False)
SAFECAMPUS_PROXY_HOPS = env_int("SAFECAMPUS_PROXY_HOPS", 1, minimum=1)
AXES_CLIENT_IP_CALLABLE = "safecampus.core.middleware.client_address"

# One cache shared by every worker process (the login counters above, the
# dashboard snapshots): a table in the database by default, created by
# `migrate`; Redis when SAFECAMPUS_REDIS_URL is set (redis://host:6379/1).
SAFECAMPUS_CACHE_TABLE = "safecampus_cache"
SAFECAMPUS_REDIS_URL = os.environ.get("SAFECAMPUS_REDIS_URL", "").strip()
if SAFECAMPUS_REDIS_URL:
    if not SAFECAMPUS_REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"SAFECAMPUS_REDIS_URL={SAFECAMPUS_REDIS_URL!r} is not understood: use redis://host:port/db"
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SAFECAMPUS_REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": SAFECAMPUS_CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Second factor: bureau admins must use TOTP unless the demo switches it off.
SAFECAMPUS_REQUIRE_ADMIN_2FA = env_bool("SAFECAMPUS_REQUIRE_ADMIN_2FA", True)
OTP_TOTP_ISSUER = "SafeCampus"
SAFECAMPUS_TOKEN_TTL_HOURS = env_int("SAFECAMPUS_TOKEN_TTL_HOURS", 12, minimum=1)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "safecampus" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "safecampus" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("SAFECAMPUS_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest uploaded file of any kind (core/uploads.py); hazard photos also obey their rule's limit.
SAFECAMPUS_UPLOAD_MAX_BYTES = env_int("SAFECAMPUS_UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024
SAFECAMPUS_IMPORT_MAX_BYTES = env_int("SAFECAMPUS_IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024

# Early warning: media servers for live video (content policy), the MQTT broker, the demo's test stream (alerts).
SAFECAMPUS_MEDIA_ORIGINS = tuple(env_list("SAFECAMPUS_MEDIA_ORIGINS", ""))
SAFECAMPUS_MQTT_URL = os.environ.get("SAFECAMPUS_MQTT_URL", "mqtt://127.0.0.1:1883")
SAFECAMPUS_DEMO_STREAM_DIR = Path(os.environ.get("SAFECAMPUS_DEMO_STREAM_DIR", str(BASE_DIR / "var" / "demo-stream")))

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "safecampus@localhost")
# Links in e-mails point here (the address users type to reach the platform).
SAFECAMPUS_BASE_URL = os.environ.get("SAFECAMPUS_BASE_URL", "http://127.0.0.1:8000")

# Security headers. HTTPS-only settings are on whenever debug is off; an
# intranet that serves plain HTTP must say so explicitly.
HTTPS = env_bool("SAFECAMPUS_HTTPS", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SAFECAMPUS_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SAFECAMPUS_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SAFECAMPUS_BEHIND_PROXY else None

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safecampus.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "safecampus.accounts.authentication.AccountInGoodStanding",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "safecampus.core.api.ContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": [
        "safecampus.core.api.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "safecampus.core.api.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "safecampus.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SafeCampus API",
    "DESCRIPTION": "平安校园治理平台 REST API. Token login: POST /api/v1/auth/token/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Operations grouped by resource (orgs, hazards, facilities…) rather than all under "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "safecampus.core.steps_api.postprocess_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrgLevelEnum": "safecampus.orgs.models.Level",
        "AlarmOutcomeEnum": "safecampus.alerts.models.choices.Outcome",
        "AlarmStateEnum": "safecampus.alerts.models.choices.AlarmState",
        "AlarmTypeEnum": "safecampus.alerts.models.choices.AlarmType",
        "DeviceMessageKindEnum": "safecampus.alerts.services.ingest.KIND_CHOICES",
        "IncidentGradeEnum": "safecampus.incidents.models.choices.Grade",
        "RiskGradeEnum": "safecampus.risks.models.choices.Grade",
        "RiskStateEnum": "safecampus.risks.models.choices.RiskState",
        "RiskPointKindEnum": "safecampus.risks.models.choices.PointKind",
        "RiskPointCategoryEnum": "safecampus.risks.models.choices.PointCategory",
        "RiskMeasureKindEnum": "safecampus.risks.models.choices.MeasureKind",
        "AssessmentSchemeKindEnum": "safecampus.risks.models.acceptance.SchemeKind",
        "AssessmentStateEnum": "safecampus.risks.models.acceptance.AssessmentState",
        "SafeCampusTitleStateEnum": "safecampus.risks.models.acceptance.TitleState",
        "IncidentCategoryEnum": "safecampus.incidents.models.choices.Category",
        "HazardLevelEnum": "safecampus.hazards.models.choices.HazardLevel",
        "HazardStateEnum": "safecampus.hazards.models.choices.HazardState",
        "SchoolKindEnum": "safecampus.orgs.models.SchoolKind",
        "RoleEnum": "safecampus.core.access.Role",
        "InspectionKindEnum": "safecampus.hazards.models.choices.InspectionKind",
        "AreaEnum": "safecampus.hazards.models.choices.Area",
        "HazardSourceEnum": "safecampus.hazards.models.choices.HazardSource",
        "DrillKindEnum": "safecampus.compliance.models.DrillKind",
        "ActivityKindEnum": "safecampus.compliance.models.ActivityKind",
        "DutyRecordStateEnum": "safecampus.compliance.models.RecordState",
        "DutyOccurrenceStateEnum": "safecampus.compliance.models.OccurrenceState",
        "SubmissionStateEnum": "safecampus.compliance.models.SubmissionState",
        "SubmissionTargetEnum": "safecampus.compliance.models.Target",
        "SubmissionAcceptsEnum": "safecampus.compliance.models.Accepts",
        "DutyDocumentKindEnum": "safecampus.compliance.models.DocumentKind",
        "PracticalTaskStateEnum": "safecampus.compliance.models.TaskState",
        "LetterStateEnum": "safecampus.compliance.models.LetterState",
        "LetterSignedViaEnum": "safecampus.compliance.models.SignedVia",
        "SupervisionPlanStateEnum": "safecampus.compliance.models.PlanState",
        "TraineePostEnum": "safecampus.compliance.models.Post",
        "SpecialEquipmentKindEnum": "safecampus.facilities.models.EquipmentKind",
        "GuardPostEnum": "safecampus.facilities.models.GuardPost",
        "BaselineItemEnum": "safecampus.facilities.models.BaselineKind",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
