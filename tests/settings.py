"""Test settings: the real settings module, in test mode, with a fast password hasher."""

import os

os.environ.setdefault("PASSERELLES_ENV", "test")

from passerelles.settings import *  # noqa: E402,F403
from tests.template_guard import UndefinedVariable  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "passerelles.outbox.sms_gateway.LocmemBackend"
# A test's texts leave whatever the hour it runs at; the quiet-hours tests set their window and freeze the time.
SMS_QUIET_HOURS = None
# The webhook tests run a real receiver on 127.0.0.1 (tests/test_webhooks.py).
WEBHOOK_ALLOW_LOCAL = True
# Tests clear the cache around each test, with or without a database: a memory cache here; the database
# cache of production is tested on its own (tests/test_accounts_addresses.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
MEDIA_ROOT = DATA_DIR / "test-media"  # noqa: F405
# On PostgreSQL, the tables are emptied after a transactional test by DELETE, not TRUNCATE (tests/postgresql/).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
    # A test's commits need not reach the disk before the next statement: without waiting for the write-ahead
    # log, creating the test database (every migration commits) and emptying it after a live-server test take
    # a fraction of the time. Durability is what a test database does not need; the server's own setting stays.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
# A replica alias on the test database itself (Django's test mirror), unused until a test sets
# READ_REPLICA_ALIAS = "replica" (tests/test_db_router.py): the rest of the suite reads from "default" only.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA_ALIAS = None
# An undefined variable in one of our templates fails the test (tests/template_guard.py).
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UndefinedVariable()  # noqa: F405
