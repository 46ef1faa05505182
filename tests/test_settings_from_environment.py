"""Start-up configuration: a wrong setting stops with one clear French sentence, no traceback."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from passerelles.env import ConfigurationError, database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "PASSERELLES_ENV",
            "PASSERELLES_DEMO",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def assert_one_sentence(result, *fragments):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Erreur de configuration : ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_production_without_secret_key_stops():
    result = run_cli("check", ALLOWED_HOSTS="passerelles.example.org")
    assert_one_sentence(result, "SECRET_KEY est obligatoire en production")


def test_invalid_database_url_stops():
    result = run_cli("check", PASSERELLES_ENV="development", DATABASE_URL="mysql//oops")
    assert_one_sentence(result, "DATABASE_URL est invalide")


def test_production_without_allowed_hosts_stops():
    result = run_cli("check", SECRET_KEY="x" * 50)
    assert_one_sentence(result, "ALLOWED_HOSTS est obligatoire")


def test_demo_mode_is_refused_in_production():
    result = run_cli("check", SECRET_KEY="x" * 50, ALLOWED_HOSTS="a.example.org", PASSERELLES_DEMO="1")
    assert_one_sentence(result, "PASSERELLES_DEMO=1 est interdit en production")


def test_bad_boolean_stops():
    result = run_cli("check", PASSERELLES_ENV="development", DEBUG="peut-être")
    assert_one_sentence(result, "DEBUG doit valoir 1 ou 0")


def test_valid_production_configuration_starts(tmp_path):
    result = run_cli(
        "check",
        "--deploy",
        "--fail-level",
        "ERROR",
        SECRET_KEY="k7#vQ2m!Lp9@xZ4r" * 4,
        ALLOWED_HOSTS="passerelles.example.org",
        PASSERELLES_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        (
            "postgres://postgres@127.0.0.1:5432/passerelles_ci",
            "django.db.backends.postgresql",
            "passerelles_ci",
        ),
        ("sqlite:////tmp/p.sqlite3", "django.db.backends.sqlite3", "/tmp/p.sqlite3"),
    ],
)
def test_database_url_parsing(url, engine, name):
    config = database_from_url(url)
    assert config["ENGINE"] == engine
    assert str(config["NAME"]) == name


def test_a_sqlite_url_keeps_the_embedded_databases_pragmas():
    """Issue 21: ``DATABASE_URL=sqlite:///…`` once dropped WAL and the busy timeout; PostgreSQL gets none of them."""
    config = database_from_url("sqlite:////tmp/p.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout=5000" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "init_command" not in database_from_url("postgres://u@h:5432/b").get("OPTIONS", {})


def test_connections_are_kept_between_requests_and_checked_before_reuse():
    """Issue 21: persistent connections by default (a new connection per request cost 45 % of a trivial page)."""
    from django.conf import settings

    config = database_from_url("postgres://u@h:5432/b", conn_max_age=60)
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True
    assert settings.CONN_MAX_AGE == 60
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("url", ["", "mysql://root@localhost/db", "postgres://", "n'importe quoi"])
def test_database_url_rejects(url):
    with pytest.raises(ConfigurationError, match="DATABASE_URL est invalide"):
        database_from_url(url)


def test_env_readers(monkeypatch):
    monkeypatch.setenv("X_FLAG", "oui")
    monkeypatch.setenv("X_NUMBER", "12")
    assert env_bool("X_FLAG", False) is True
    assert env_bool("X_ABSENT", True) is True
    assert env_int("X_NUMBER", 0) == 12
    monkeypatch.setenv("X_NUMBER", "douze")
    with pytest.raises(ConfigurationError, match="X_NUMBER doit être un nombre entier"):
        env_int("X_NUMBER", 0)


def test_unreachable_database_stops_with_one_sentence():
    result = run_cli(
        "migrate", PASSERELLES_ENV="development", DATABASE_URL="postgres://postgres@127.0.0.1:1/absente"
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : la base de données est injoignable"), (
        result.stderr
    )


PRODUCTION = {
    "SECRET_KEY": "un-secret-de-production-long-et-aleatoire-" + "k7Qz" * 10,
    "ALLOWED_HOSTS": "passerelles.example.fr",
}


def test_debug_is_refused_in_production(tmp_path):
    result = run_cli("check", DEBUG="1", PASSERELLES_DATA_DIR=str(tmp_path), **PRODUCTION)
    assert_one_sentence(result, "DEBUG=1 est interdit en production")


def test_check_deploy_with_the_documented_production_settings_prints_no_warning(tmp_path):
    """The README's production settings (only SECRET_KEY and ALLOWED_HOSTS are required) pass the check."""
    result = run_cli(
        "check", "--deploy", "--fail-level", "WARNING", PASSERELLES_DATA_DIR=str(tmp_path), **PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_production_answers_with_hsts_csp_and_permissions_policy(tmp_path, production_template):
    """Headers of a real production-settings response (HTTPS as the front server says it), on a database
    migrated and static files collected by the README's steps (tests/conftest.py ``production_template``)."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/boussole/', headers={'host': 'passerelles.example.fr'}, secure=True);"
        "print(r.status_code);"
        "print(r['Strict-Transport-Security']); print(r['Content-Security-Policy']);"
        "print(r['Permissions-Policy'])"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        # no DATABASE_URL: the embedded database the template's README steps migrated (the PostgreSQL run of the
        # suite sets one, to a database nobody migrates)
        if k not in {"DJANGO_SETTINGS_MODULE", "PASSERELLES_ENV", "DEBUG"} and not k.startswith("DATABASE_")
    }
    clean.update(
        PRODUCTION,
        PASSERELLES_DATA_DIR=str(tmp_path),
        STATIC_ROOT=str(production_template / "static"),
        DJANGO_SETTINGS_MODULE="passerelles.settings",
    )
    shutil.copy(production_template / "passerelles.sqlite3", tmp_path / "passerelles.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    status, hsts, csp, permissions = result.stdout.strip().splitlines()
    assert status == "200", result.stderr
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    # django-csp writes the directives in no fixed order: read them as a set
    directives = {part.strip() for part in csp.split(";")}
    assert {
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "style-src 'self'",
    } <= directives
    assert "'unsafe-inline'" not in csp and "'nonce-" not in csp
    assert "camera=()" in permissions and "microphone=()" in permissions


def test_outgoing_connections_have_timeouts():
    show = "from django.conf import settings as s; print(s.CACHES['default'], s.EMAIL_TIMEOUT, s.SOCIALACCOUNT_REQUESTS_TIMEOUT)"
    shared = run_cli("shell", "-c", show, PASSERELLES_ENV="development")
    assert "DatabaseCache" in shared.stdout and "passerelles_cache" in shared.stdout
    assert shared.stdout.strip().endswith("10 5")
    redis = run_cli(
        "shell",
        "-c",
        show,
        PASSERELLES_ENV="development",
        REDIS_URL="redis://127.0.0.1:1/0",
        EMAIL_TIMEOUT="3",
    )
    assert "'socket_timeout': 5" in redis.stdout and "'socket_connect_timeout': 5" in redis.stdout
    assert redis.stdout.strip().endswith("3 5")
    assert_one_sentence(
        run_cli("check", PASSERELLES_ENV="development", EMAIL_TIMEOUT="0"), "EMAIL_TIMEOUT doit être"
    )


@pytest.mark.django_db
def test_postgresql_connections_do_not_compile_queries():
    """foundation/db_session.py: JIT off for the site's connections (it cost « À faire » 60 ms at 100,000
    agents). On SQLite there is nothing to set."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        return
    opened = connections.create_connection("default")  # a new connection: the setting comes from its opening
    try:
        with opened.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
    finally:
        opened.close()
