import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache, caches

from tests.cast import build_cast
from tests.oidc_provider import OIDCTestProvider
from tests.snapshot import Snapshots


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache, and the results kept while their tables are unchanged in the local one
    (foundation/freshness.py): each test starts with a clean slate."""
    cache.clear()
    caches["local"].clear()
    yield
    cache.clear()
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _fresh_sms_outbox():
    """Texts sent by the memory SMS gateway (as mail.outbox for e-mails): each test starts with none."""
    from passerelles.outbox import sms

    sms.sent.clear()
    yield
    sms.sent.clear()


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def client_for(client):
    """A logged-in test client for a user (a fresh client each call)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


# A real OpenID Connect provider on 127.0.0.1 (tests/oidc_provider.py), for the sign-ins through ProConnect.
@pytest.fixture(scope="session")
def running_provider():
    provider = OIDCTestProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def provider(running_provider, settings):
    running_provider.reset()
    # ProConnect vouches for its addresses without an email_verified claim.
    settings.SOCIALACCOUNT_PROVIDERS = running_provider.providers_setting(emails_verified=True)
    return running_provider


@pytest.fixture(scope="session")
def snapshots(django_db_setup, django_db_blocker):
    """Data sets built once per session and restored before each transactional test that uses one
    (tests/snapshot.py); their side tables are dropped at the end."""
    registry = Snapshots()
    yield registry
    with django_db_blocker.unblock():
        registry.drop_all()


PRODUCTION_TEMPLATE_ENV = {
    "PASSERELLES_ENV": "production",
    "SECRET_KEY": "un-secret-de-production-pour-le-modele-de-base-vide-" + "x7Rq" * 8,
    "ALLOWED_HOSTS": "127.0.0.1",
}


@pytest.fixture(scope="session")
def production_template(tmp_path_factory) -> Path:
    """The README's two set-up steps on an empty database under production settings (``migrate``, then
    ``collectstatic``), run once for the whole test run and shared by pytest-xdist's workers: each step takes
    20 to 60 seconds, and every test that starts a production instance from nothing needs both. The folder
    holds ``passerelles.sqlite3`` (to copy: each test writes its own) and ``static/`` (read only).

    pytest's own test databases are migrated from nothing on both database engines; this one is so under
    production settings."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    root = shared / "production-template"
    root.mkdir(exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds it, the other waits and reuses it
        if not (root / "done").exists():
            env = {
                **{
                    k: v
                    for k, v in os.environ.items()
                    if not k.startswith(("PASSERELLES_", "DJANGO_", "DATABASE_", "STATIC_"))
                },
                **PRODUCTION_TEMPLATE_ENV,
                "PASSERELLES_DATA_DIR": str(root),
                "STATIC_ROOT": str(root / "static"),
            }
            for step in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
                done = subprocess.run(
                    [sys.executable, "-m", "passerelles.cli", *step],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=600,
                    check=False,
                )
                assert done.returncode == 0, done.stderr
                assert done.stderr == "", done.stderr  # a first install prints no error (freshness.py)
            (root / "done").touch()
    return root


# The fixtures through which a test reaches the database (pytest-django blocks every other way).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)


def uses_database(item) -> bool:
    """Whether a test can touch the test database: a ``django_db`` mark, or a fixture that opens it."""
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """``PASSERELLES_TESTS_DATABASE_ONLY=1`` (.ci/run's PostgreSQL pass) leaves out the tests that cannot touch
    the database: they ran a moment before on SQLite, and would run the same code again (about a third of
    the suite). A test that starts a process on a database of its own names it in that process's
    environment, whatever the suite's database."""
    if os.environ.get("PASSERELLES_TESTS_DATABASE_ONLY") != "1":
        return
    kept, left = [], []
    for item in items:
        (kept if uses_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
