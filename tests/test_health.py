"""/sante/: 200 when the database, the cache, the task queue and the file storage answer, 503 with the
failing service's reason otherwise; public, never cached, and nothing in it says where a service is."""

import socket

import pytest
from django.test import Client

from passerelles.foundation.rq_settings import rq_queues


def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_health():
    response = Client().get("/sante/")
    return response, response.json()


@pytest.mark.django_db
def test_all_services_answer():
    response, body = get_health()
    assert response.status_code == 200
    assert body["etat"] == "ok"
    assert set(body["services"]) == {"database", "cache", "queue", "storage"}
    for name, service in body["services"].items():
        assert service["etat"] == "ok", name
        assert service["raison"]
        assert service["duree_ms"] >= 0
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_is_public_and_answers_only_reads():
    """No login asked (the load balancer has none), no redirect; a POST is refused."""
    client = Client()
    assert client.get("/sante/").status_code == 200
    assert client.head("/sante/").status_code == 200
    assert client.post("/sante/").status_code == 405


@pytest.mark.django_db
def test_redis_down_for_the_cache_is_a_503_with_the_reason(settings):
    port = closed_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response, body = get_health()
    assert response.status_code == 503
    assert body["etat"] == "erreur"
    assert body["services"]["cache"] == {**body["services"]["cache"], "etat": "erreur"}
    assert "ConnectionError" in body["services"]["cache"]["raison"]
    assert body["services"]["database"]["etat"] == "ok"
    assert str(port) not in response.content.decode()  # no address in the answer


@pytest.mark.django_db
def test_redis_down_for_the_task_queue_is_a_503_with_the_reason(settings):
    port = closed_port()
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = rq_queues(f"redis://127.0.0.1:{port}/0", ["default", "imports"])
    response, body = get_health()
    assert response.status_code == 503
    assert body["services"]["queue"]["etat"] == "erreur"
    assert "ConnectionError" in body["services"]["queue"]["raison"]
    assert str(port) not in response.content.decode()


@pytest.mark.django_db
def test_the_task_queue_on_the_real_redis_answers(settings):
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = rq_queues("redis://127.0.0.1:6379/9", ["default", "imports"])
    response, body = get_health()
    assert response.status_code == 200
    assert body["services"]["queue"] == {**body["services"]["queue"], "etat": "ok", "raison": "Redis répond"}


@pytest.mark.django_db
def test_the_database_task_queue_is_checked(settings):
    settings.TASKS_BACKEND = "database"
    response, body = get_health()
    assert response.status_code == 200
    assert body["services"]["queue"]["raison"] == "table des tâches lisible"


@pytest.mark.django_db
def test_a_fresh_site_without_its_media_folder_yet_is_healthy(settings, tmp_path):
    """The first upload creates the folder: its absence is not a failure while its parent is writable."""
    settings.MEDIA_ROOT = tmp_path / "pas-encore" / "media"
    response, body = get_health()
    assert response.status_code == 200
    assert body["services"]["storage"]["raison"] == "dossier accessible en écriture"
