"""The production web server: real gunicorn processes started by ``passerelles serve`` with
passerelles/gunicorn_conf.py, on a free loopback port; and /sante/ seen through them."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from passerelles.gunicorn_conf import MAX_WORKERS, default_workers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def serve(tmp_path):
    """Start ``passerelles serve`` with these environment variables; stopped (SIGTERM) after the test."""
    started = []

    def start(**env):
        port = free_port()
        environ = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("PASSERELLES_", "DJANGO_", "DATABASE_"))
            },
            "PASSERELLES_ENV": "development",
            "PASSERELLES_DATA_DIR": str(tmp_path / "data"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'passerelles.sqlite3'}",
            "REDIS_URL": "redis://127.0.0.1:6379/9",
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
            **env,
        }
        log_path = tmp_path / f"gunicorn-{port}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "passerelles.cli", "serve"], env=environ, stdout=log, stderr=log
            )
        started.append(process)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, log_path.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn n'a pas ouvert son port :\n" + log_path.read_text())
        return type("Server", (), {"url": f"http://127.0.0.1:{port}", "process": process, "log": log_path})

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def test_gunicorn_serves_the_site_with_the_projects_settings(serve):
    server = serve()
    status, body = get(f"{server.url}/sante/?jeton=secret-dans-la-requete")
    assert status == 200, body
    assert {name: s["etat"] for name, s in json.loads(body)["services"].items()} == {
        "database": "ok",
        "cache": "ok",
        "queue": "ok",
        "storage": "ok",
    }
    status, css = get(f"{server.url}/theme/1d4e89.css")
    assert status == 200 and b"--theme: #1d4e89" in css

    server.process.send_signal(signal.SIGTERM)  # graceful stop: the workers finish, the arbiter exits 0
    assert server.process.wait(timeout=60) == 0
    log = server.log.read_text()
    assert log.count("Booting worker") == 2  # WEB_CONCURRENCY
    assert '"GET /sante/" 200' in log  # the access log, without the query string…
    assert "secret-dans-la-requete" not in log  # … which may hold a token


def test_the_database_down_makes_sante_answer_503_with_the_reason(serve):
    """A real server whose PostgreSQL is unreachable (a closed port): the balancer is told, with why."""
    server = serve(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/passerelles")
    status, body = get(f"{server.url}/sante/")
    assert status == 503
    services = json.loads(body)["services"]
    assert services["database"]["etat"] == "erreur"
    assert services["database"]["raison"] == "django.OperationalError"
    assert services["cache"]["etat"] == "ok"  # Redis still answers
    assert b"127.0.0.1" not in body and b"postgres" not in body


def test_the_default_number_of_workers_follows_the_cores_within_a_cap():
    assert default_workers(1) == 3
    assert default_workers(2) == 5
    assert default_workers(64) == MAX_WORKERS
