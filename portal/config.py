"""Configuration classes, read from environment variables with safe defaults."""
import os
from datetime import timedelta

DEV_SECRET_KEY = "dev-only-secret-key-not-for-production"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # None means "SQLite under instance/", resolved in create_app once the instance path is known.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SITE_NAME = "Practice Exchange"

    # Tokens live as long as the session: a page left open over lunch still submits.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "application/atom+xml", "image/svg+xml"]

    CACHE_TYPE = os.environ.get("CACHE_TYPE", "SimpleCache")
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    CACHE_DEFAULT_TIMEOUT = 300
    CACHE_STATUS_HEADER = False  # X-Cache-Lookups: hits/lookups on every response (bench.server turns it on)

    # A Redis that stops answering costs a call this long (a URL's socket_timeout wins), and is then
    # skipped for REDIS_RETRY_SECONDS before one call tries it again (portal/circuit.py).
    REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "1"))
    REDIS_RETRY_SECONDS = float(os.environ.get("REDIS_RETRY_SECONDS", "5"))

    # PostgreSQL: how long to wait for a connection, for a pooled connection's pre-ping, and for a
    # statement (the server cancels it then; the app stops waiting 2 s later), in seconds. No statement
    # limit by default, for commands (migrations, imports); gunicorn.conf.py sets one for web workers.
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    DATABASE_PING_TIMEOUT = float(os.environ.get("DATABASE_PING_TIMEOUT", "1"))
    DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "0"))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # If Redis goes away, keep serving with per-process counters rather than failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    # Failed sign-ins for one e-mail address, from any number of IP addresses.
    LOGIN_ACCOUNT_RATE_LIMIT = "20 per hour"
    # Wrong passwords typed into forms that ask for it again (change password, delete account), per member.
    REAUTHENTICATION_RATE_LIMIT = "10 per hour"
    REGISTER_RATE_LIMIT = "5 per hour"
    # Creating, editing and publishing practice posts, per member (previews are not counted).
    PRACTICE_POST_RATE_LIMIT = "20 per hour"
    PRACTICE_PAGE_SIZE = 20
    COMMENT_RATE_LIMIT = "6 per minute;60 per day"
    HELPFUL_RATE_LIMIT = "30 per minute"
    SAVE_RATE_LIMIT = "30 per minute"
    SIMILAR_POSTS_RATE_LIMIT = "60 per minute"  # asked as an author types, a pause apart

    # Moderation: members with fewer published posts than this are held for review; this many
    # flags from different members hide an item until a moderator looks at it.
    REVIEW_APPROVED_POSTS_THRESHOLD = 2
    FLAG_HIDE_THRESHOLD = 3
    FLAG_RATE_LIMIT = "30 per hour"  # per member
    MODERATION_LOG_PAGE_SIZE = 50
    # An Endorsed label lapses into "due for review" this many months after a moderator last reviewed the post
    # (from the start of that day, UK time); `flask moderation lapse-endorsements` tells the moderators.
    ENDORSEMENT_REVIEW_MONTHS = os.environ.get("ENDORSEMENT_REVIEW_MONTHS", "12")
    DUE_FOR_REVIEW_PAGE_SIZE = 50
    # An anonymous author's description ("A primary teacher in the North West") must fit at least this
    # many members, or it is made coarser until it does. Below 2 is refused at start-up.
    ANONYMITY_THRESHOLD = os.environ.get("ANONYMITY_THRESHOLD", "5")
    # A classroom trial's author is reminded to add "one term on" this many weeks after publishing it (a
    # school term is 12 to 14 weeks), when the follow-up opens.
    FOLLOW_UP_WEEKS = os.environ.get("FOLLOW_UP_WEEKS", "12")
    # Trust pages others see show a count below this (one trust's posts in a coverage cell, reports behind a
    # figure) as "fewer than 3": a small number from one trust can point at the colleague who wrote it.
    SMALL_NUMBER_THRESHOLD = os.environ.get("SMALL_NUMBER_THRESHOLD", "3")
    # Contact requests: a daily cap per sender counted in the database (holds across processes),
    # plus a per-member limit on the endpoint against scripted bursts.
    CONTACT_REQUEST_DAILY_CAP = 10
    CONTACT_REQUEST_RATE_LIMIT = "20 per hour"
    # Per address, and a whole staffroom shares one address when registering together.
    SCHOOL_SEARCH_RATE_LIMIT = "300 per minute"
    # Any request body; the longest form (a post, 20,000 characters URL-encoded) is well under it.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # The full register extract is about 60 MB; anything far beyond it is not a register file.
    SCHOOL_IMPORT_MAX_BYTES = 100 * 1024 * 1024

    # Number of reverse proxies in front of the app; 0 trusts no X-Forwarded-* header.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Sign-in with Microsoft or Google (portal/oidc/): each offered once its client id and secret are set.
    OIDC_MICROSOFT_CLIENT_ID = os.environ.get("OIDC_MICROSOFT_CLIENT_ID")
    OIDC_MICROSOFT_CLIENT_SECRET = os.environ.get("OIDC_MICROSOFT_CLIENT_SECRET")
    OIDC_MICROSOFT_TENANT = os.environ.get("OIDC_MICROSOFT_TENANT", "organizations")  # or one tenant's id
    OIDC_MICROSOFT_METADATA_URL = os.environ.get("OIDC_MICROSOFT_METADATA_URL")  # else Microsoft's, for the tenant
    OIDC_GOOGLE_CLIENT_ID = os.environ.get("OIDC_GOOGLE_CLIENT_ID")
    OIDC_GOOGLE_CLIENT_SECRET = os.environ.get("OIDC_GOOGLE_CLIENT_SECRET")
    OIDC_GOOGLE_METADATA_URL = os.environ.get("OIDC_GOOGLE_METADATA_URL")
    OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "5"))  # seconds for each call to a provider
    # When `flask mail schedule` queues the digests, in UK time (portal/mail/schedule.py).
    DIGEST_DAILY_AT = os.environ.get("DIGEST_DAILY_AT", "06:15")
    DIGEST_WEEKLY_AT = os.environ.get("DIGEST_WEEKLY_AT", "mon 06:30")
    # ... and when it tells the moderators of endorsements newly due for review (they lapse at midnight).
    ENDORSEMENT_LAPSES_AT = os.environ.get("ENDORSEMENT_LAPSES_AT", "06:05")
    # ... and when it reminds trials' authors to add "one term on".
    FOLLOW_UP_REMINDERS_AT = os.environ.get("FOLLOW_UP_REMINDERS_AT", "07:30")
    # The bearer token a Prometheus scraper sends to /metrics (32 characters or more); unset, it is a 404.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")

    # E-mail (see portal/mail/). "folder" writes .eml files to MAIL_FOLDER (instance/mail/ by default),
    # "console" prints them, "smtp" sends through MAIL_SERVER with Flask-Mail.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "folder")
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() in ("1", "true", "yes")
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "false").lower() in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Practice Exchange <no-reply@practice-exchange.example>")
    MAIL_MAX_ATTEMPTS = 8
    MAIL_RETRY_BASE_SECONDS = 60
    # Links in e-mails and feeds are built from this, never from the request's Host header.
    PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000")
    MAIL_RESEND_RATE_LIMIT = "3 per hour"
    FORGOT_PASSWORD_RATE_LIMIT = "5 per hour"
    FORGOT_PASSWORD_ADDRESS_RATE_LIMIT = "5 per hour"  # per e-mail address asked about, from any IP
    EMAIL_CHANGE_RATE_LIMIT = "5 per hour"
    FOLLOW_RATE_LIMIT = "60 per hour"
    # Trust leads answering requests and publishing domains, per member.
    TRUST_MANAGE_RATE_LIMIT = "200 per hour"

    # Argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1).
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19456
    ARGON2_PARALLELISM = 1


class TestingConfig(Config):
    TESTING = True
    CACHE_TYPE = "NullCache"  # every test sees its own data; tests that check caching switch it on
    CACHE_NO_NULL_WARNING = True
    SECRET_KEY = "testing-secret-key"
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember"
    PREFERRED_URL_SCHEME = "https"
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")


def engine_options(config):
    """Fail fast when the database is away, well inside gunicorn's worker timeout, and recover when it returns.

    A silent link is bounded three ways on PostgreSQL: TCP keepalives and tcp_user_timeout let the kernel
    notice a peer that stopped acknowledging, statement_timeout stops a query the server is stuck on, and
    portal/database_timeouts.py stops waiting for an answer that never comes whatever the network does.
    """
    database_url = config["SQLALCHEMY_DATABASE_URI"]
    options = {"pool_pre_ping": True}
    if database_url.startswith("postgresql"):
        connect_args = {
            "connect_timeout": config["DATABASE_CONNECT_TIMEOUT"],
            "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 5, "keepalives_count": 3,
            "tcp_user_timeout": 10_000,  # milliseconds of unacknowledged data before the kernel gives up
        }
        if config["DATABASE_STATEMENT_TIMEOUT"]:
            connect_args["options"] = f"-c statement_timeout={int(config['DATABASE_STATEMENT_TIMEOUT'] * 1000)}"
        options.update(pool_timeout=5, pool_recycle=1800, connect_args=connect_args)
    elif database_url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 5}
    return options


def check_threshold(value, name="ANONYMITY_THRESHOLD"):
    """A configured threshold as a whole number of at least 2, or a clear error at start-up."""
    try:
        threshold = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, not {value!r}.") from None
    if threshold < 2:
        raise ValueError(f"{name} must be at least 2 (it is {threshold}): a number that may count only one "
                         "member points straight at them.")
    return threshold


def check_period(value, name, unit):
    """A configured period (ENDORSEMENT_REVIEW_MONTHS, FOLLOW_UP_WEEKS) as a whole number of at least 1, or a
    clear error at start-up."""
    try:
        period = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number of {unit}, not {value!r}.") from None
    if period < 1:
        raise ValueError(f"{name} must be at least 1 (it is {period}).")
    return period


def config_from_env():
    """Pick the configuration class for PORTAL_ENV, refusing an unsafe production set-up."""
    env = os.environ.get("PORTAL_ENV", "development")
    if env == "production":
        if os.environ.get("SECRET_KEY", DEV_SECRET_KEY) == DEV_SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in production.")
        return ProductionConfig
    return Config
