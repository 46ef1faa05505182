""".ci/run's PostgreSQL pass leaves out the tests that cannot touch the database (tests/conftest.py): a test
that can must never be left out, or PostgreSQL would stop checking it."""

import pytest

from tests.conftest import uses_database


def test_a_test_without_database_is_told_apart(request):
    assert not uses_database(request.node)


@pytest.mark.django_db
def test_a_django_db_mark_uses_the_database(request):
    assert uses_database(request.node)


def test_a_fixture_reaching_the_database_through_another_counts(request, cast):
    """``cast`` asks for ``db`` itself: the test carries no mark, and still uses the database."""
    assert request.node.get_closest_marker("django_db") is None
    assert uses_database(request.node)


def test_the_live_server_uses_the_database(request, live_server):
    assert uses_database(request.node)
