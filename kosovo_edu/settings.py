"""kosovo-edu settings: one file, read from the environment.

A fresh checkout runs on SQLite with DEBUG on. Production turns DEBUG off, which switches
on HTTPS-only cookies, HSTS and the compressed manifest static storage; SECRET_KEY must then
come from the environment.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; the real environment wins

DEBUG = env.bool("DEBUG", default=True)
_DEV_SECRET_KEY = "django-insecure-kosovo-edu-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY: it has no default when DEBUG is off.")
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    # The rule of Django's security.W009, enforced: a guessable key forges sessions and cookies.
    raise environ.ImproperlyConfigured(
        "SECRET_KEY is too weak: use 50+ random characters, e.g. "
        '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "django_tasks_db",
    "kosovo_edu.accounts",
    "lessons",
    "quizzes",
    "kosovo_edu.classrooms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an idle sign-out leaves a note for the login page.
    "kosovo_edu.middleware.idle_sign_out",
    # Staff with a second factor (or all staff: STAFF_TWO_FACTOR_REQUIRED) verify before the admin.
    "kosovo_edu.accounts.two_factor.admin_needs_second_factor",
    "kosovo_edu.middleware.private_pages_not_stored",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kosovo_edu.middleware.csp_nonce_everywhere",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kosovo_edu.urls"
WSGI_APPLICATION = "kosovo_edu.wsgi.application"

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
                "kosovo_edu.accounts.context_processors.role",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, with a health check that asks the server only when the connection
    # has something to read (kosovo_edu/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "kosovo_edu.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait their turn instead of failing with "database is locked":
    # WAL lets readers run beside the writer, IMMEDIATE takes the write lock when a
    # transaction starts (a deferred one cannot wait to upgrade), and the timeout is how
    # long a writer waits for it (seconds).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (an article added in the admin) goes through django.tasks. Development and
# tests run each task at once, in the request; production (DEBUG off) queues it in the database
# for `manage.py db_worker` (django-tasks-db). TASKS_BACKEND=immediate|database overrides.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[
            env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
        ]
    }
}

REDIS_URL = env.str("REDIS_URL", default="")
# Without Redis the cache is files in CACHE_DIR, shared by every worker on the machine (each
# keeps the versioned page parts in its own memory in front of it): an edit, a throttle count
# or a session is the same for all of them. Several machines share Redis.
CACHE_DIR = env.path("CACHE_DIR", default=BASE_DIR / "var" / "cache")
CACHES = {
    "default": (
        {"BACKEND": "kosovo_edu.redis_cache.KeptClientRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "kosovo_edu.file_cache.ManyFileCache",
            "LOCATION": str(CACHE_DIR),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
# A session is read from the shared cache (no query) and written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, reading the signed-in user from memory while Redis announces no change to them.
    "kosovo_edu.accounts.backends.ModelBackend",
]
# Argon2 first: memory-hard, and at Django's parameters ~10x cheaper in CPU per check than
# PBKDF2's 1.5 M iterations, so a class logging in at once does not queue for a minute.
# PBKDF2 stays so older hashes still verify; Django re-hashes them with Argon2 on log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Log-in protection (kosovo_edu/accounts/throttle.py has the why). django-axes locks a
# username *at one address* after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_TIME; a browser
# that has signed in as that user before (a trusted-device cookie) is never locked by it, so a
# classmate behind the school's NAT cannot lock the teacher out at the teacher's own computer.
# Before that, failures slow down progressively, per username+client and per address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_WHITELIST_CALLABLE = "kosovo_edu.accounts.devices.is_trusted_for_attempt"
# The number of reverse proxies in front of gunicorn, each appending to X-Forwarded-For; 0 = none,
# X-Forwarded-For is then ignored (a client could forge it).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "kosovo_edu.accounts.addresses.client_address"
# Progressive delays (seconds double from 1 after the free failures, up to the cap).
LOGIN_FREE_FAILURES = env.int("LOGIN_FREE_FAILURES", default=3)
LOGIN_MAX_DELAY_SECONDS = env.int("LOGIN_MAX_DELAY_SECONDS", default=300)
# Username spraying: failures from one address (any usernames) before that address slows down.
LOGIN_ADDRESS_FREE_FAILURES = env.int("LOGIN_ADDRESS_FREE_FAILURES", default=30)
LOGIN_ADDRESS_MAX_DELAY_SECONDS = env.int("LOGIN_ADDRESS_MAX_DELAY_SECONDS", default=10)
# a class of 30 signing up at once behind one school address must fit
SIGNUPS_PER_ADDRESS_PER_HOUR = env.int("SIGNUPS_PER_ADDRESS_PER_HOUR", default=60)
PASSWORD_CHANGE_FAILURES_PER_15_MINUTES = env.int("PASSWORD_CHANGE_FAILURES", default=5)
# Login history (django-axes' logs): kept this many days, then `manage.py prune_login_history`.
LOGIN_HISTORY_DAYS = env.int("LOGIN_HISTORY_DAYS", default=90)

# Two-factor sign-in (TOTP, django-otp) for staff: once a staff member sets up an authenticator
# app, signing in asks for its code; with STAFF_TWO_FACTOR_REQUIRED every staff member must set
# one up before the admin opens. Wrong codes wait 1, 2, 4 … s per device.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = "kosovo-edu"
OTP_TOTP_THROTTLE_FACTOR = 1

# Shared school computers: a session ends with the browser, after SESSION_IDLE_MINUTES without a
# request (kosovo_edu.middleware.idle_sign_out) and at the latest after SESSION_COOKIE_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Content Security Policy: everything is served from this origin; scripts need a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SEEDS_DIR = BASE_DIR / "seeds"

# Question generation is deterministic for a seed: the same content gives the same questions.
QUIZ_SEED = env.int("QUIZ_SEED", default=1999)
# FSRS spreads review dates by a little random "fuzz" (seeded per learner, fact and answer, so
# replaying answers gives the same cards); off under pytest, where schedules must be exact.
FSRS_FUZZING = env.bool("FSRS_FUZZING", default="pytest" not in sys.modules)
# Run after an ingest that changed something (lessons cannot import quizzes: the one-way rule).
CONTENT_PIPELINE = ["quizzes.services.generate_questions"]
