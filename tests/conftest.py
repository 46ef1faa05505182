import pytest
from django.core.cache import cache

from tests.cast import build_cast


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


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
