"""Settings for the portal, read from environment variables.

Every variable has a safe local default so that `make run` works on a fresh
clone; production refuses to start on anything missing or unsafe (see
`_check_production`). README.md lists every variable.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# A local `.env` is convenient for development; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

INSECURE_SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public address of the site, used where a request is not at hand (feeds
# written by commands, canonical links in exports).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal.apps.PortalConfig",
    "news.apps.NewsConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_ckeditor_5",
    "taggit",
    "portal.apps.AxesConfig",
    "django_tasks",
    "django_tasks_db",
    # revisions of articles (news/workflow/revisions.py)
    "reversion",
]

MIDDLEWARE = [
    # Answers /healthz before anything checks the Host header: load balancers
    # probe by IP address.
    "portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts article views on every page Django serves, page-cache hits included.
    # Above the session and auth middleware so that a hit costs a cache read
    # only; the headers added below it are stored with the page.
    "portal.middleware.PageCacheMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "portal.routers.PinPrimaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

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
                "portal.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# --- Database ---------------------------------------------------------------
# SQLite under var/ by default; PostgreSQL (or anything dj-database-url style)
# through DATABASE_URL.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one file: WAL lets readers run beside
    # the writer, IMMEDIATE takes the write lock at BEGIN so that a waiting
    # writer queues on the busy timeout instead of failing with "database is
    # locked" when it upgrades a read transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# PostgreSQL: server-side parameters, so that psycopg prepares a statement a
# connection has run five times and the hottest ones (counting a view, reading
# an article) skip the parser and planner. A pooler in transaction mode that
# cannot keep prepared statements (PgBouncer before 1.21) needs
# DATABASE_PREPARED_STATEMENTS=false.
POSTGRES_OPTIONS = (
    {"server_side_binding": True, "prepare_threshold": 5}
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
    else {}
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Options given in DATABASE_URL's query string win.
    DATABASES["default"]["OPTIONS"] = {**POSTGRES_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# Persistent connections on SQLite too: when the last connection to a WAL
# database closes, SQLite checkpoints and deletes the WAL, so a connection per
# request made every write (a counted view) pay a checkpoint: 15 ms instead of 1.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))

# Optional read replica: readers' queries go there, writes and everything a
# logged-in editor does stay on the primary (portal.routers).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["OPTIONS"] = {**POSTGRES_OPTIONS, **DATABASES["replica"].get("OPTIONS", {})}
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["portal.routers.ReplicaRouter"]
# How far the replica may lag: for this long after a content change readers
# read from the primary, so that no page is cached from an old copy.
REPLICA_LAG_SECONDS = env.float("REPLICA_LAG_SECONDS", default=5.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# Redis when REDIS_URL is set, so that every worker and every app server shares
# one cache (and one view-counter buffer). Without it, files under var/: still
# shared by the workers of one server, so a save is seen by all of them at once
# (portal.caching keeps its versions in the cache). Tests use local memory.
# Either backend turns its own failures into misses (portal.cache_backends).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "TIMEOUT": 300,
            # A Redis that hangs must cost a request a quarter second, not a
            # worker: the backend then skips Redis for a second.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=20_000)},
        }
    }

# Whole pages for anonymous readers (portal.middleware.PageCacheMiddleware).
# On by default in production, off while developing so that template edits
# show on reload; tests switch it on where they exercise it.
PAGE_CACHE = env.bool("PAGE_CACHE", default=not DEBUG)
# Seconds a page stays in our cache at most (a content change or a scheduled
# publication replaces it earlier).
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=300)
# Cache-Control max-age for anonymous pages: how long a CDN or the nginx front
# cache may serve a page before asking us again. Keep it short.
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=10)
# The query parameters reader pages read (pagination, search): the page cache
# keys on these only, so other parameters (utm_*, junk) cannot flood it.
PAGE_CACHE_QUERY_PARAMETERS = env.list("PAGE_CACHE_QUERY_PARAMETERS", default=["page", "q", "category", "start", "end"])
# Parameters that make a page one reader's own (preview links): never cached.
PAGE_CACHE_PRIVATE_PARAMETERS = ["preview", "revision"]

# --- View counter and rankings (news/counters.py, news/rankings.py) ----------
# A repeat view of one article by the same browser within this many seconds is
# not counted again (0 counts every load).
VIEW_REPEAT_WINDOW = env.int("VIEW_REPEAT_WINDOW", default=30 * 60)
# At most this many counted views a minute from one client (address and browser)
# across all articles (news/viewguard.py); 0 sets no ceiling.
VIEW_CLIENT_LIMIT = env.int("VIEW_CLIENT_LIMIT", default=30)
# With Redis, hits are buffered there and written to the database in batches at
# most this many seconds apart (by the request cycle and `manage.py flush_views`).
VIEW_FLUSH_INTERVAL = env.int("VIEW_FLUSH_INTERVAL", default=5)
# Which 点击排行 window the sidebar shows: day, week, month or all.
RANKING_SIDEBAR_PERIOD = env.str("RANKING_SIDEBAR_PERIOD", default="week")
if RANKING_SIDEBAR_PERIOD not in ("day", "week", "month", "all"):
    raise ImproperlyConfigured(
        f"RANKING_SIDEBAR_PERIOD is {RANKING_SIDEBAR_PERIOD!r}; set it to day, week, month or all."
    )
if VIEW_REPEAT_WINDOW < 0:
    raise ImproperlyConfigured("VIEW_REPEAT_WINDOW must be 0 (count every load) or a number of seconds.")
# How long a computed ranking is reused before it is computed again.
RANKING_CACHE_SECONDS = env.int("RANKING_CACHE_SECONDS", default=60)

# 内链: at most this many keyword links in one article body (news.compliance).
KEYWORD_LINKS_PER_ARTICLE = env.int("KEYWORD_LINKS_PER_ARTICLE", default=5)

# --- Background tasks and publishing side effects (news/publishing/) ---------
# django-tasks (Django 6's django.tasks, backported). TASKS_BACKEND=database
# keeps the queue in the site's database (the default; several servers share
# it on PostgreSQL); rq keeps it in Redis (REDIS_URL, django-tasks-rq, which
# is not installed by default: docs/publishing.md). `manage.py run_worker`
# runs the worker of either.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (the Redis that holds the queue).")
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND is {TASKS_BACKEND!r}; set it to database or rq.")
# The side effects of publication events, by dotted path; each is switched on
# by its own settings below. A site adds its own SideEffect subclass here.
PUBLISHING_EFFECTS = env.list(
    "PUBLISHING_EFFECTS",
    default=[
        "news.publishing.effects.BaiduPush",
        "news.publishing.effects.IndexNow",
        "news.publishing.effects.SitemapPing",
        "news.publishing.effects.PurgeCache",
        "news.publishing.effects.CoverThumbnails",
        "news.publishing.effects.SearchReindex",
    ],
)
# 百度普通收录: push new URLs when both are set.
BAIDU_PUSH_SITE = env.str("BAIDU_PUSH_SITE", default="")
BAIDU_PUSH_TOKEN = env.str("BAIDU_PUSH_TOKEN", default="")
BAIDU_PUSH_ENDPOINT = env.str("BAIDU_PUSH_ENDPOINT", default="http://data.zz.baidu.com/urls")
# IndexNow: push when a key is set; the key file is served at /<key>.txt.
INDEXNOW_KEY = env.str("INDEXNOW_KEY", default="")
INDEXNOW_ENDPOINT = env.str("INDEXNOW_ENDPOINT", default="https://api.indexnow.org/indexnow")
if INDEXNOW_KEY and not (8 <= len(INDEXNOW_KEY) <= 128 and INDEXNOW_KEY.replace("-", "").isalnum()):
    raise ImproperlyConfigured("INDEXNOW_KEY must be 8 to 128 letters, digits or dashes (IndexNow's rule).")
# Sitemap ping: GET each URL with ?sitemap=<SITE_URL>/sitemap.xml (off when empty).
SITEMAP_PING_URLS = env.list("SITEMAP_PING_URLS", default=[])
# CDN / nginx front-cache purge: PURGE_METHOD <PURGE_ENDPOINT><path> (off when empty).
PURGE_ENDPOINT = env.str("PURGE_ENDPOINT", default="")
PURGE_METHOD = env.str("PURGE_METHOD", default="PURGE")
PUBLISHING_THUMBNAILS = env.bool("PUBLISHING_THUMBNAILS", default=True)
# The search index is written with every save already; this re-indexes in the worker too.
PUBLISHING_SEARCH_REINDEX = env.bool("PUBLISHING_SEARCH_REINDEX", default=False)
# A passing failure is retried after 1, 2, 4 ... × this many seconds, this many attempts in all.
PUBLISHING_RETRY_DELAY = env.float("PUBLISHING_RETRY_DELAY", default=30.0)
PUBLISHING_RETRIES = env.int("PUBLISHING_RETRIES", default=5)
PUBLISHING_HTTP_TIMEOUT = env.float("PUBLISHING_HTTP_TIMEOUT", default=10.0)
# The worker's clock: how often it looks for scheduled articles whose time has
# come, and how far back (articles published longer ago are not looked at, and
# one that first goes live after that long, an imported archive, is not pushed).
PUBLISHING_CLOCK_INTERVAL = env.float("PUBLISHING_CLOCK_INTERVAL", default=5.0)
PUBLISHING_CLOCK_LOOKBACK = env.int("PUBLISHING_CLOCK_LOOKBACK", default=2 * 24 * 3600)
# A delivery still unfinished this long after it fell due is queued again.
PUBLISHING_STALE_AFTER = env.int("PUBLISHING_STALE_AFTER", default=600)
# A background import with no progress for this long is run again (it resumes).
IMPORT_STALE_AFTER = env.int("IMPORT_STALE_AFTER", default=120)
# Finished task results, deliveries and events that decide nothing any more are
# deleted after this many days, by each worker's clock every PRUNE_INTERVAL
# seconds (0: never; then run `manage.py prune_publishing` from cron).
PUBLISHING_KEEP_DAYS = env.int("PUBLISHING_KEEP_DAYS", default=30)
PUBLISHING_PRUNE_INTERVAL = env.int("PUBLISHING_PRUNE_INTERVAL", default=24 * 3600)
# Editorial workflow: how long a signed preview link (news/workflow/previews.py)
# works; any new revision of the article revokes it sooner.
PREVIEW_LINK_MAX_AGE = env.int("PREVIEW_LINK_MAX_AGE", default=3 * 24 * 3600)

# --- Auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    # Locks out an address that keeps guessing passwords for one account.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_VERBOSE = False
# Behind a load balancer or nginx the client address is in X-Forwarded-For;
# only trust it when TRUSTED_PROXY_COUNT says how many proxies append to it.
# One rule for the lockout and the view counter (portal/clients.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.clients.client_ip"

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# Media on S3-compatible object storage when a bucket is configured, so that
# every app server reads and writes the same files; the local disk otherwise.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # A CDN or public bucket domain; images then link there directly.
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default="media"),
            # Published images are public: plain URLs, cacheable by a CDN.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Let Django serve local media itself (fine for one small server; put nginx or
# object storage in front for real traffic). Always on while developing.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG) and not AWS_STORAGE_BUCKET_NAME

STORAGES = {
    "default": MEDIA_STORAGE,
    # Hashed, compressed (gzip, and brotli when installed) static files that
    # whitenoise serves with far-future cache headers. Development keeps the
    # plain storage so that no collectstatic is needed.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Largest image an editor or an importer may store, in bytes.
PORTAL_MAX_IMAGE_BYTES = env.int("MAX_IMAGE_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Downloads of URLs named in imported files (portal.fetch) go to public addresses only;
# these internal hosts (names, addresses or networks such as 10.1.0.0/16) are allowed too.
PORTAL_FETCH_ALLOWED_HOSTS = env.list("FETCH_ALLOWED_HOSTS", default=[])
PORTAL_FETCH_TIMEOUT = env.int("FETCH_TIMEOUT", default=20)

# --- Rich-text editor (CKEditor 5) ------------------------------------------
# Uploads go through our own view (news.views.upload_image): staff only,
# Pillow-verified, size-limited, raster formats only, stored under a hashed name.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "news:editor-upload"
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "underline",
            "strikethrough",
            "link",
            "|",
            "alignment",
            "|",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            "imageUpload",
            "insertTable",
            # Splits a long article into pages (news/longform.py).
            "pageBreak",
            "|",
            "undo",
            "redo",
        ],
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "标题 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "标题 3", "class": "ck-heading_heading3"},
            ]
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignCenter",
                "imageStyle:alignRight",
            ],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        # Classes, not inline styles: the CSP blocks inline styles on the site,
        # and the sanitiser keeps exactly these classes (news.sanitizer).
        "alignment": {
            "options": [{"name": name, "className": f"text-{name}"} for name in ("left", "center", "right", "justify")]
        },
        # Chinese has no spaces between words: count characters (字符数), not words.
        "wordCount": {"displayWords": False, "displayCharacters": True},
    },
}

# --- Tags ---------------------------------------------------------------------
TAGGIT_CASE_INSENSITIVE = True

# --- Security headers ---------------------------------------------------------
# Production defaults (DEBUG off): HTTPS only, HSTS, secure cookies. Behind a
# proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=true *and* make the
# proxy set X-Forwarded-Proto (and strip it from clients).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). Pages load scripts, styles, images and
# fonts from this site only (and images from the media domain); JSON-LD data
# blocks are not scripts that run, so they need nothing. The admin relaxes
# style-src for CKEditor 5 (portal.middleware.ContentSecurityPolicyMiddleware).
MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
if AWS_STORAGE_BUCKET_NAME:
    media_options = STORAGES["default"]["OPTIONS"]
    if media_options["custom_domain"]:
        MEDIA_ORIGINS.append(f"https://{media_options['custom_domain']}")
    elif media_options["endpoint_url"]:
        MEDIA_ORIGINS.append(media_options["endpoint_url"].rstrip("/"))
    else:
        MEDIA_ORIGINS.append("https://*.amazonaws.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging: one record per line on stdout, for a log collector. -------------
# LOG_FORMAT=json writes one JSON object per line (python-json-logger).
LOG_FORMAT = env.str("LOG_FORMAT", default="line")
if LOG_FORMAT not in ("line", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be `line` or `json`, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO", "propagate": True},
    },
}


def _check_production():
    """Refuse to start a non-debug server with settings that are unsafe."""
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "DEBUG is off but SECRET_KEY is missing, the development default, or shorter "
            "than 32 characters. Set SECRET_KEY to a long random value, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )


if not DEBUG:
    _check_production()
