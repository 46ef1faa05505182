"""The API against its own OpenAPI document (schemathesis): whatever it is sent, no 5xx, and every answer has
the shape and status code the document promises. Bounded: a few examples per operation (CI budget), with a
read key and a write key on the test cast (real rows, so that the detail endpoints find something)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from passerelles.api.models import KeyScope
from passerelles.api.v1 import api
from tests.api_helpers import make_key
from tests.cast import build_cast
from tests.once import built_once

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module", autouse=True)
def _keep_the_test_connection():
    """The raw WSGI handler closes the database connection when a request ends (``close_old_connections``): on
    PostgreSQL that would end the test's transaction. Django's test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_cast)


@pytest.fixture
def write_key(db, cast):
    return make_key(cast.home, KeyScope.WRITE)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_promises(case, write_key, settings):
    settings.API_RATE_LIMIT = "100000/min"
    response = case.call(headers={"Authorization": f"Bearer {write_key}", "Host": "testserver"})
    case.validate_response(response, checks=CHECKS)
