"""The one settings module, driven by environment variables (see README, « Configuration »).

PASSERELLES_ENV says where we run: ``production`` (the default, strict: SECRET_KEY and ALLOWED_HOSTS
required), ``development`` (what ``make run`` uses) or ``test``.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from passerelles.accounts.oidc.config import providers_from_env
from passerelles.env import (
    SQLITE_OPTIONS,
    ConfigurationError,
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_seconds,
    env_str,
    replica_from_url,
)
from passerelles.outbox.quiet_hours import parse_quiet_hours

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

ENV = env_choice("PASSERELLES_ENV", ["production", "development", "test"], "production")
PRODUCTION = ENV == "production"
DEBUG = env_bool("DEBUG", False)
if DEBUG and PRODUCTION:
    raise ConfigurationError(
        "DEBUG=1 est interdit en production : les pages d'erreur détaillées montreraient la configuration "
        "et les données à n'importe qui."
    )
DATA_DIR = Path(env_str("PASSERELLES_DATA_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigurationError(
            "SECRET_KEY est obligatoire en production : définissez une longue valeur secrète "
            "(ou PASSERELLES_ENV=development pour un poste de développement)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# Demo mode: one-click demo accounts on the login page and /demo/login/<role>/. Never in production.
DEMO = env_bool("PASSERELLES_DEMO", False)
if DEMO and PRODUCTION:
    raise ConfigurationError(
        "PASSERELLES_DEMO=1 est interdit en production : la connexion en un clic ouvrirait tous les comptes."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError(
        "ALLOWED_HOSTS est obligatoire en production : la liste des noms d'hôte servis, séparés par des virgules."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "passerelles.core",
    "passerelles.accounts",
    "passerelles.organisations",
    "passerelles.people",
    "passerelles.access",
    "passerelles.missions",
    "passerelles.engagements",
    "passerelles.outbox",
    "passerelles.invitations",
    "passerelles.notifications",
    "passerelles.matching",
    "passerelles.frameworks",
    "passerelles.documents",
    "passerelles.followup",
    "passerelles.evaluations",
    "passerelles.stories",
    "passerelles.sitepages",
    "passerelles.callouts",
    "passerelles.insights",
    "passerelles.programmes",
    "passerelles.crisis",
    "passerelles.networks",
    "passerelles.reimbursements",
    "passerelles.pooling",
    "passerelles.facilitation",
    "passerelles.renewals",
    "passerelles.smallhelp",
    "passerelles.demo",
    "passerelles.cohorts",
    "passerelles.encounters",
    "passerelles.api",
    "passerelles.calendars",
    "passerelles.annualreview",
    "passerelles.care",
    "passerelles.commons",
    "passerelles.core.apps.PasserellesAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # Sign-in through ProConnect or another OpenID Connect provider (allauth's own openid_connect provider,
    # which skips the ID token's signature, is not installed).
    "passerelles.accounts.oidc",
    # Two-factor sign-in (TOTP and recovery codes) and the list of one's open sessions.
    "allauth.mfa",
    "allauth.usersessions",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_tables2",
    "django_filters",
    "ninja",
]

MIDDLEWARE = [
    "passerelles.core.request_limits.RequestSizeLimitMiddleware",  # first: a too-big body refused unread
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "passerelles.core.middleware.ChosenLanguageMiddleware",
    "passerelles.core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "passerelles.core.middleware.RefuseNullCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "passerelles.accounts.middleware.SessionActivityMiddleware",
    # after allauth's: sends the people who must use two-factor sign-in to enrolment (accounts/two_factor.py)
    "passerelles.accounts.middleware.TwoFactorEnrolmentMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "passerelles.urls"
WSGI_APPLICATION = "passerelles.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passerelles.core.context_processors.passerelles",
                "passerelles.accounts.context_processors.sso",
                "passerelles.sitepages.context_processors.site_pages",
            ],
        },
    },
]

# Database: the embedded SQLite file under var/ unless DATABASE_URL says otherwise.
# Connections are kept between requests (CONN_MAX_AGE seconds; 0: one per request; docs/deploiement.md) and
# checked before reuse (a database restarted meanwhile costs one reconnection, not an error).
DATABASE_URL = env_str("DATABASE_URL")
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL, conn_max_age=CONN_MAX_AGE)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "passerelles.sqlite3",
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
# A PostgreSQL replica (streaming replication) for the dashboards' and exports' reads only, when
# DATABASE_REPLICA_URL is set: the rest of the site reads what it has just written, from the primary
# (passerelles/foundation/db_router.py, docs/deploiement.md « Réplique en lecture »).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
READ_REPLICA_ALIAS = None
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = replica_from_url(
        DATABASE_REPLICA_URL, DATABASES["default"], conn_max_age=CONN_MAX_AGE
    )
    READ_REPLICA_ALIAS = "replica"
DATABASE_ROUTERS = ["passerelles.foundation.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default" (rate limits, the stamps of foundation/freshness.py) is shared by every process: Redis when
# REDIS_URL is set (with timeouts: a stalled Redis must not freeze the site), else a table of the database.
# "local": files of this machine, kept while the tables they were read from are unchanged (freshness.py).
CACHE_TABLE = "passerelles_cache"
# How long a dashboard's figures are kept once counted (insights/kept.py); 0 counts them at every view.
INSIGHTS_CACHE_SECONDS = env_int("INSIGHTS_CACHE_SECONDS", 0 if ENV == "test" else 300)
CACHE_TIMEOUT = 5  # seconds, to connect to Redis and for each answer
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE},
    "local": {
        "BACKEND": "passerelles.foundation.kept_files.KeptFilesCache",
        "LOCATION": DATA_DIR / "kept",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
if env_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
        "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
    }

# Accounts: e-mail login through django-allauth, Argon2 hashing, throttled failed logins.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "passerelles.accounts.backends.AccountAddressBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
# A person signs in with their address, or with the identifiant printed on their access-code letter
# (``User.login_name``, stored lower-case) when they have no professional address (docs/acces.md). Public
# sign-up stays closed (accounts/adapters.py): the sign-up fields below are never shown.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "login_name"
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Addresses set by HR, an administrator, the SIRH import or SSO are trusted as they are. A person who changes
# their own address keeps the old one (to log in and receive notifications) until they confirm the new one
# from the link sent to it; a confirmed change is also announced to the old address.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "passerelles.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_RATE_LIMIT", "10/m/ip,5/300s/key"),
    # Opening invitation links: enough for a person, too few to guess one (the link holds 256 random bits).
    "invitation": env_str("INVITATION_RATE_LIMIT", "20/m/ip"),
    # Typing a code d'accès (60 random bits: the limit is for good measure and against load).
    "access_code": env_str("ACCESS_CODE_RATE_LIMIT", "10/m/ip,60/h/ip"),
    # Six-digit codes sent by SMS: how many a person (key) and an address (ip) may ask for…
    "sms_code": env_str("SMS_CODE_RATE_LIMIT", "3/10m/key,5/h/key,20/h/ip"),
    # … and how many a person may type (each code also stops after 5 tries).
    "sms_code_check": env_str("SMS_CODE_CHECK_RATE_LIMIT", "10/10m/ip"),
    # A host proposing a mission by an address (issue 19): enough for real use, too few to guess people.
    "mission_proposal": env_str("MISSION_PROPOSAL_RATE_LIMIT", "10/h/user,30/d/user"),
}
# Two-factor sign-in (docs/securite.md, « Double authentification et sessions »): an authenticator app (TOTP)
# and recovery codes; required for HR, signatories, network coordinators and administrators on local
# accounts (accounts/two_factor.py). A code of the previous or next 30-second step is accepted: phone clocks
# drift. Addresses are set by HR or the SIRH import: a pending new address does not stop anyone enrolling.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Passerelles"
MFA_TOTP_TOLERANCE = 1
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Each person's open sessions (device, address, last seen), listed on « Mon compte » and endable one by one.
# « Last seen » is refreshed at most once a minute by accounts.middleware.SessionActivityMiddleware (allauth's
# tracking would write on every request).
USERSESSIONS_TRACK_ACTIVITY = False
SOCIALACCOUNT_ADAPTER = "passerelles.accounts.adapters.SocialAccountAdapter"
# ProConnect or another OpenID Connect provider, from OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET…
# (docs/proconnect.md); {} without OIDC_ISSUER_URL: no button, the SSO URLs answer 404. No network at start-up.
SOCIALACCOUNT_PROVIDERS = providers_from_env()
# Only people Passerelles knows sign in through the provider, by a verified address (accounts/adapters.py):
# no sign-up, no automatic link by address outside these rules, no stored access token.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# Seconds allowed to each HTTP request to an identity provider (OpenID Connect discovery, token, user info).
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("OIDC_TIMEOUT", 5)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # HTTPS everywhere by default: `passerelles check --deploy` prints no warning with these defaults.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer asks each web process for /sante/ over plain http, behind the TLS it ends itself.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): scripts and styles from this site's files only — no inline script,
# style, style attribute or handler anywhere (the organisation's colours are a stylesheet too, served by
# core.views.theme_stylesheet; tests/test_csp.py checks every page). No frame, no plugin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        # No form-action: signing in through OpenID Connect redirects a form to the identity provider.
    }
}
# The intranet widget of open missions (/organisations/<slug>/encart/) is the one page another site may show in
# a frame: the origins allowed to (comma-separated, e.g. "https://intranet.ville.fr"); "*" for any site.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", ["*"])
# Permissions-Policy: Passerelles uses none of these browser features; no page or embed may ask for them.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

# Internationalisation: French first, English second; interface strings are written in French.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploaded files are never published as such: each one is served by a view that checks the right, which lets
# Django send it or hands it to the front server (docs/fichiers.md).
FILE_SERVING = env_choice("FILE_SERVING", ["django", "x-accel-redirect", "x-sendfile"], "django")
FILE_SERVING_INTERNAL_URL = env_str("FILE_SERVING_INTERNAL_URL", "/fichiers-internes/")
# A request whose declared body is bigger is refused (413) before it is read.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_MB", 30) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields without files: 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # bigger uploads go to a temporary file, not to memory
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files on an S3-compatible object store when MEDIA_S3_BUCKET is set (several web processes on several
# machines share them), private and served only through our views (passerelles/foundation/s3_settings.py).
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    from passerelles.foundation.s3_settings import s3_storage

    STORAGES["default"] = s3_storage(bucket=MEDIA_S3_BUCKET, file_serving=FILE_SERVING)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
# With django.core.mail.backends.filebased.EmailBackend, each e-mail is written to a file of this folder (to
# check a production-like instance without a mail server).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "courriels"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Passerelles <ne-pas-repondre@passerelles.localhost>")
# Seconds allowed to each step of an SMTP conversation: a stalled relay makes the worker give up, record the
# failure and move on to the next message (the outbox retries later).
EMAIL_TIMEOUT = env_seconds("EMAIL_TIMEOUT", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Background work (e-mails, the daily job) through the tasks API. "immediate" runs a task as soon as it is
# enqueued (no worker to run); "database" queues it in the database for `passerelles db_worker`; "rq" queues it
# in Redis (REDIS_URL) for `passerelles rqworker default imports --with-scheduler` (django-tasks-rq: several
# workers on several machines, no polling of the database). See docs/deploiement.md, « Les workers ».
TASKS_BACKEND = env_choice(
    "TASKS_BACKEND", ["immediate", "database", "rq"], "database" if PRODUCTION else "immediate"
)
TASK_QUEUES = ["default", "imports"]  # "imports": the SIRH imports, heavy, run by their own worker
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": TASK_QUEUES}}
if TASKS_BACKEND == "rq":
    from passerelles.foundation.rq_settings import rq_queues

    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = rq_queues(env_str("REDIS_URL", ""), TASK_QUEUES)
    # Every job is a django-tasks task: the workers run them through django-tasks-rq's job class.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    RQ_SHOW_ADMIN_LINK = False  # no RQ pages in /admin/: the queues are watched from /sante/ and rqstats
# SIRH import: the file's size, and the time one check or one application may take before it is stopped.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 25) * 1024 * 1024
IMPORT_TIME_BUDGET = env_int("IMPORT_TIME_BUDGET", 120)
if IMPORT_MAX_BYTES + 1024 * 1024 > MAX_REQUEST_BYTES:
    raise ConfigurationError(
        "IMPORT_MAX_MB doit rester inférieur à MAX_REQUEST_MB (d'au moins 1 Mo) : sinon l'envoi d'un fichier "
        "d'import permis serait refusé comme requête trop volumineuse."
    )
# SIRH synchronisation (docs/profils-et-donnees.md, « Synchronisation automatique »): the folder under which
# each organisation's SFTP account drops its exports, one sub-folder per organisation, named on its settings
# page. Empty: no synchronisation on this deployment.
SIRH_DROP_ROOT = env_str("SIRH_DROP_ROOT", "")
# A dropped file younger than this (seconds) may still be being written by the SFTP transfer: left for later.
SIRH_SETTLE_SECONDS = env_int("SIRH_SETTLE_SECONDS", 60)
# The agent directory (LDAP / Active Directory) the synchronisation may ask for missing e-mails and managers.
# Off when LDAP_URL is empty.
LDAP_URL = env_str("LDAP_URL", "")
LDAP_BIND_DN = env_str("LDAP_BIND_DN", "")
LDAP_BIND_PASSWORD = env_str("LDAP_BIND_PASSWORD", "")
LDAP_BASE_DN = env_str("LDAP_BASE_DN", "")
LDAP_MATRICULE_ATTRIBUTE = env_str("LDAP_MATRICULE_ATTRIBUTE", "employeeID")
LDAP_EMAIL_ATTRIBUTE = env_str("LDAP_EMAIL_ATTRIBUTE", "mail")
LDAP_MANAGER_ATTRIBUTE = env_str("LDAP_MANAGER_ATTRIBUTE", "manager")
LDAP_TIMEOUT = env_seconds("LDAP_TIMEOUT", 5)
if LDAP_URL and not LDAP_BASE_DN:
    raise ConfigurationError("LDAP_BASE_DN est obligatoire quand LDAP_URL est renseignée.")
# After how many days a waiting step (interest without meeting, agreement not given) is recalled.
REMINDER_DAYS = env_int("REMINDER_DAYS", 5)

# SMS gateway (passerelles/outbox/sms.py): "console" prints texts (development), "locmem" keeps them in
# memory (tests), or the dotted path of a provider adapter (docs/exploitation.md, « SMS »).
SMS_BACKENDS = {
    "console": "passerelles.outbox.sms_gateway.ConsoleBackend",
    "locmem": "passerelles.outbox.sms_gateway.LocmemBackend",
    "brevo": "passerelles.outbox.sms_brevo.BrevoBackend",
}
SMS_BACKEND = SMS_BACKENDS.get(env_str("SMS_BACKEND", "console"), env_str("SMS_BACKEND", "console"))
# The provider adapter (brevo): its key, the sender name shown on phones, its address (overridable for a
# proxy or the tests' local server) and the seconds allowed to each request.
SMS_API_KEY = env_str("SMS_API_KEY", "")
SMS_SENDER = env_str("SMS_SENDER", "Passerelles")
SMS_API_URL = env_str("SMS_API_URL", "https://api.brevo.com/v3/transactionalSMS/send")
SMS_TIMEOUT = env_seconds("SMS_TIMEOUT", 10)
if PRODUCTION and SMS_BACKENDS["brevo"] == SMS_BACKEND:
    from passerelles.outbox.sms_settings import check_configuration

    check_configuration(api_key=SMS_API_KEY, sender=SMS_SENDER, api_url=SMS_API_URL)
# The secret part of the provider's callback addresses (/sms/entrant/<jeton>/, /sms/statut/<jeton>/); empty:
# both answer 404.
SMS_WEBHOOK_TOKEN = env_str("SMS_WEBHOOK_TOKEN", "")
if SMS_WEBHOOK_TOKEN and len(SMS_WEBHOOK_TOKEN) < 24:
    raise ConfigurationError(
        "SMS_WEBHOOK_TOKEN doit compter au moins 24 caractères (une valeur aléatoire, par exemple "
        "« openssl rand -hex 24 ») : il protège les adresses où le prestataire SMS écrit."
    )
# Outgoing webhooks (issue 20): each POST to an organisation's endpoint waits at most this many seconds.
WEBHOOK_TIMEOUT = env_seconds("WEBHOOK_TIMEOUT", 10)
# Endpoints must be https; http://127.0.0.1 and http://localhost (a receiver on the same machine, for a test)
# are allowed only in development (DEBUG) or when this is set. Private addresses are refused either way.
WEBHOOK_ALLOW_LOCAL = env_bool("WEBHOOK_ALLOW_LOCAL", DEBUG)
if WEBHOOK_ALLOW_LOCAL and PRODUCTION:
    raise ConfigurationError(
        "WEBHOOK_ALLOW_LOCAL est interdit en production : les webhooks partent en https."
    )
# A signed PDF brought back from an electronic parapheur (issue 20): at most this many megabytes.
SIGNED_PDF_MAX_BYTES = env_int("SIGNED_PDF_MAX_MB", 20) * 1024 * 1024
if not 0 < SIGNED_PDF_MAX_BYTES <= MAX_REQUEST_BYTES - 1024 * 1024:
    raise ConfigurationError(
        "SIGNED_PDF_MAX_MB doit être supérieur à zéro et inférieur à MAX_REQUEST_MB (d'au moins 1 Mo) : sinon "
        "le dépôt d'un PDF signé serait coupé avant d'être lu."
    )
# Ends every SMS that is not urgent, so that anyone can stop them (the answer « STOP » is read back).
SMS_STOP_MENTION = env_str("SMS_STOP_MENTION", "Répondez STOP pour ne plus en recevoir.")
# No SMS that can wait is sent in these hours (Europe/Paris, TIME_ZONE), on Sundays or on French public
# holidays: it leaves at the end of the quiet period. Account codes and crisis calls go at once.
SMS_QUIET_HOURS = parse_quiet_hours(env_str("SMS_QUIET_HOURS", "20:00-08:00"))

PAGE_SIZE = 50
# The address people reach the platform at, for links in e-mails.
# The REST API (issue 20, docs/api.md): each key's budget, and the wrong keys an address may try per minute.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/min")
API_FAILED_KEYS_PER_MINUTE = env_int("API_FAILED_KEYS_PER_MINUTE", 30)
NINJA_PAGINATION_MAX_LIMIT = 200

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
