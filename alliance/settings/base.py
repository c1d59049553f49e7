"""All of the hub's settings, read from the environment (twelve-factor).

production.py only hardens what is here; test.py only isolates the test run.
"""

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from alliance.log_format import JSON_FORMATTER, STDOUT_HANDLER
from alliance.settings.env import (
    celery_url_for_db,
    database_from_env,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
    redis_url_for_db,
    social_providers_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("ALLIANCE_DATA_DIR", str(BASE_DIR / ".data")))

DEBUG = env_bool("DEBUG", False)
# Development and tests run on this key; production.py demands a real one.
SECRET_KEY = env_str("SECRET_KEY", "insecure-key-for-development-and-tests-only")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes={"http", "https"})
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "django_htmx",
    "template_partials",
    "taggit",
    "csp",
    "alliance",
    "members",
    "notifications",
    "working_groups",
    "pillars",
    "library",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: when a member was last on the hub ("only when away", the digest).
    "members.middleware.LastSeenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication: a member's times are in their profile's zone.
    "alliance.middleware.TimeZoneMiddleware",
    "csp.middleware.CSPMiddleware",
    "alliance.middleware.SecurityHeadersMiddleware",
    "alliance.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"
ASGI_APPLICATION = "alliance.asgi.application"
SITE_ID = 1

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
                "alliance.context_processors.site",
                # Staff's "Review (N)" link: one query, only on pages a staff member opens.
                "library.context_processors.review_queue",
                # The bell's unread count: one query, only on pages a signed-in person opens.
                "notifications.context_processors.bell",
            ],
        },
    },
    {
        # The plain-text part of every email (alliance.emails.render_text). Text is not HTML:
        # escaping it shows readers "we&#x27;re" and "&lt;script&gt;". An engine of its own,
        # rather than {% autoescape off %} in each template, so a new .txt cannot forget it.
        # Second, so every other lookup still finds the default engine first; the same
        # folders and the installed apps' tag libraries. template_partials' loader is set up
        # only on the default engine: emails use no partials.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Data ---------------------------------------------------------------------------------
DATABASES = {"default": database_from_env("DATABASE_URL")}
# Transactions are opened by services, where the unit of work is known (STYLE.md).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss", "unix"})
# One Redis server, three databases, so flushing the cache never drops queued tasks.
REDIS_DB_BROKER, REDIS_DB_RESULTS, REDIS_DB_CACHE = 0, 1, 2
CACHES = {
    "default": {
        # Django's Redis cache, answering a miss while Redis is away (alliance/cache.py).
        "BACKEND": "alliance.cache.SoftRedisCache",
        "LOCATION": redis_url_for_db(REDIS_URL, REDIS_DB_CACHE),
        "KEY_PREFIX": "alliance",
        # A Redis that is away or frozen fails a cache call within a second, not a request's
        # lifetime (the rate limiters then fail open).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# Sessions are read from Redis and written through to PostgreSQL, so none is lost on a flush;
# while Redis is away the database answers alone (the cache misses: alliance/cache.py), so a
# signed-in member keeps reading pages.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts (django-allauth) ---------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = ["members.backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_FORMS = {"login": "members.forms.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Product Ops Alliance] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# One address per account: a new one is verified before it replaces the old.
ACCOUNT_CHANGE_EMAIL = True
# Two-factor authentication: an authenticator app, with recovery codes for a lost phone.
# Anyone may turn it on; staff, who can read every member's data, are asked to (members.adapters).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Product Ops Alliance"
# allauth's rate limits (failed logins, signups) count per client address. Behind a proxy every
# request comes from the proxy, so its address must be read from what the proxy forwards:
# either the number of proxies of ours that append to X-Forwarded-For, or a header of their own.
# Trusting a header no proxy of ours sets would let any client pick its own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("ALLAUTH_TRUSTED_PROXY_COUNT must be 0 or more.")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "") or None
SOCIALACCOUNT_ADAPTER = "members.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS = social_providers_from_env()
# A provider is installed only when its keys are configured, so its URLs exist only then.
INSTALLED_APPS += [f"allauth.socialaccount.providers.{name}" for name in SOCIALACCOUNT_PROVIDERS]

# --- Security headers -----------------------------------------------------------------------
# Content-Security-Policy (django-csp): scripts, styles and everything else come from the site
# itself, so injected markup cannot run script. Pages carry no inline script, event handler or
# style attribute (confirm prompts are data-confirm, read by static/js/site.js); emails keep
# their inline styles, as they are not pages. data: images: allauth's MFA shows the TOTP QR
# code as a data: URI. Social logins POST to the hub, which redirects the form to the
# provider; browsers check that redirect against form-action, so each provider's host is added.
SOCIAL_LOGIN_HOSTS = {
    "google": "https://accounts.google.com",
    "openid_connect": "https://www.linkedin.com",
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": [
            "'self'",
            *(host for name, host in SOCIAL_LOGIN_HOSTS.items() if name in SOCIALACCOUNT_PROVIDERS),
        ],
    }
}
# Powerful browser features the hub never uses, refused to any script that finds its way in
# (alliance.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- Email ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Product Ops Alliance <hello@alliance.test>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Without an SMTP host (development), mail lands as .eml files in the dev mailbox folder,
# readable by staff at /dev/mailbox/.
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "alliance.devmail.EmlFileBackend",
)

# --- Survey results ---------------------------------------------------------------------------
# A segment (company type, org size) with fewer respondents is folded into "other", so no one
# can be singled out.
SURVEY_MIN_SEGMENT = env_int("SURVEY_MIN_SEGMENT", 5)
# Results emails go out in batches: one task and one SMTP connection per batch.
SURVEY_RESULTS_BATCH = env_int("SURVEY_RESULTS_BATCH", 200)
# Links that open a response, emailed from the start and "fresh link" forms, an hour: to one
# response's address (so no one's inbox is flooded), and at a client's request (so no one
# invents respondents by the thousand). Over a limit the page is the same and nothing is sent.
SURVEY_LINKS_PER_ADDRESS_PER_HOUR = env_int("SURVEY_LINKS_PER_ADDRESS_PER_HOUR", 3)
SURVEY_LINKS_PER_CLIENT_PER_HOUR = env_int("SURVEY_LINKS_PER_CLIENT_PER_HOUR", 10)

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = celery_url_for_db(REDIS_URL, REDIS_DB_BROKER)
CELERY_RESULT_BACKEND = celery_url_for_db(REDIS_URL, REDIS_DB_RESULTS)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
# A task is acknowledged only when it finishes, and re-queued if its worker dies, so a task
# killed half-way runs again; tasks are written to be idempotent for this reason.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# Redis re-delivers an unacknowledged task after the visibility timeout; it must outlast the
# longest countdown or ETA we ever set, or a scheduled task would run twice.
CELERY_MAX_COUNTDOWN = 60 * 60 * 6
# Redis away (refused) or frozen (connected, silent): every broker and result-store call gives
# up within about a second instead of waiting forever (a read's default), so a web request that
# publishes a task fails fast and its job waits for the relay (alliance/jobs.py). One attempt,
# no retries: redis-py itself replaces a pooled connection Redis closed (a restart), and each
# retry against a frozen Redis would cost another timeout. Measured in
# tests/alliance/test_broker_timeouts.py. The worker's BRPOP loop reads a socket only once it
# is readable, so the read timeout does not cut its long polls.
REDIS_TIMEOUT_SECONDS = 1.0
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_MAX_COUNTDOWN + 60 * 60,
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_timeout": REDIS_TIMEOUT_SECONDS,
    # (Re)connecting a producer: one attempt (kombu would retry for broker_connection_timeout,
    # sleeping 2 s first). The worker's consumer reconnects by its own, unbounded, loop.
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_TASK_PUBLISH_RETRY = False
# Nothing in the hub reads a task's return value (effects land in PostgreSQL), so publishing
# does not subscribe to the result store: celery's default would, and retry that 20 times, 1 s
# apart, inside the request. A caller that wants a result asks: apply_async(ignore_result=False).
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 1, "interval_max": 1}
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that lost Redis reconnects for as long as it takes (celery gives up after 100 tries,
# about 45 minutes, and exits), and lets the tasks it is running finish: their effects land in
# PostgreSQL and their jobs are marked done; cancelling them would only redo their work later.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "alliance.tasks.heartbeat", "schedule": 60.0},
    # The outbox's relay, as a fallback for its own process (manage.py relay_jobs), and the
    # forgetting of jobs done a week ago.
    "relay-jobs": {"task": "alliance.tasks.relay_jobs", "schedule": 30.0},
    "sweep-results-deliveries": {
        "task": "surveys.tasks.sweep_results_deliveries",
        "schedule": 300.0,
    },
    # Every quarter of an hour: the digests of members for whom it is now seven in the
    # morning (their profile's time zone; some zones are a quarter or half hour off UTC).
    "notifications-due-digests": {
        "task": "notifications.tasks.send_due_digests",
        "schedule": crontab(minute="*/15"),
    },
    # Library items staff scheduled: out within a minute of their time.
    "library-publish-due-items": {"task": "library.tasks.publish_due_items", "schedule": 60.0},
    # Working-group call reminders (a day and an hour before, or the lead's offsets): each
    # (call, offset, member) once, however often the sweep runs.
    "working-groups-call-reminders": {
        "task": "working_groups.tasks.send_call_reminders",
        "schedule": 300.0,
    },
    # Sunday night, UTC: every curated link asked whether it still leads somewhere.
    "library-check-links": {
        "task": "library.tasks.check_links",
        "schedule": crontab(minute=0, hour=3, day_of_week="sun"),
    },
}

# --- Working groups -------------------------------------------------------------------------
# Writes a member may make a minute before the hub answers 429 (working_groups.ratelimit).
WORKING_GROUPS_POSTS_PER_MINUTE = env_int("WORKING_GROUPS_POSTS_PER_MINUTE", 10)
WORKING_GROUPS_REPLIES_PER_MINUTE = env_int("WORKING_GROUPS_REPLIES_PER_MINUTE", 30)

# --- Library --------------------------------------------------------------------------------
# The link check visits only public addresses; tests turn this on to check a local server.
LIBRARY_LINK_CHECK_ALLOW_PRIVATE = env_bool("LIBRARY_LINK_CHECK_ALLOW_PRIVATE", False)

# --- Static files and the rest ----------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# In development whitenoise serves straight from the source folders, with no collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Logging: one JSON object a line on stdout --------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"stdout": STDOUT_HANDLER},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "celery": {"level": LOG_LEVEL},
    },
}
