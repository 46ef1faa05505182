import pytest
from django.core.cache import cache

from tests.cast import build_cast
from tests.oidc_provider import OIDCTestProvider
from tests.snapshot import Snapshots


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


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
