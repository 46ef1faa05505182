"""Strict reading of the environment.

Settings come from environment variables only. A wrong value must stop start-up with one clear sentence
instead of a half-working server, so every reader here raises ``ConfigurationError`` with a message that
names the variable and says what is expected.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on", "oui"}
FALSE_VALUES = {"0", "false", "no", "off", "non", ""}


class ConfigurationError(ImproperlyConfigured):
    """A deployment setting is missing or invalid; the message is meant for the operator."""


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ConfigurationError(f"{name} doit valoir 1 ou 0 (true/false), pas « {raw} ».")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} doit être un nombre entier, pas « {raw} ».") from None


def env_seconds(name: str, default: int) -> int:
    """A timeout: a whole number of seconds above zero (zero or less would wait forever or never)."""
    value = env_int(name, default)
    if value <= 0:
        raise ConfigurationError(f"{name} doit être un nombre de secondes supérieur à zéro.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: list[str], default: str) -> str:
    raw = os.environ.get(name, default).strip().lower()
    if raw not in choices:
        raise ConfigurationError(f"{name} doit valoir {' ou '.join(choices)}, pas « {raw} ».")
    return raw


# The embedded database's settings, whatever the form it is given in (no DATABASE_URL, or sqlite:///…): the
# write-ahead log lets pages read while a task writes, and a writer waits 5 s for another instead of failing at
# once; IMMEDIATE transactions take the write lock at their start, so two writers never deadlock mid-way.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
}


def database_from_url(url: str, *, conn_max_age: int = 0, conn_health_checks: bool = True) -> dict:
    """Parse DATABASE_URL, accepting only the engines Passerelles supports; a SQLite file keeps the embedded
    database's pragmas (SQLITE_OPTIONS) — ``sqlite:///…`` once dropped them silently."""
    import dj_database_url

    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ConfigurationError(
            "DATABASE_URL est invalide : attendu postgres://utilisateur@hôte:port/base "
            "ou sqlite:///chemin/vers/fichier.sqlite3."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks)
    except Exception as exc:  # dj-database-url raises ValueError and others on malformed URLs
        raise ConfigurationError(f"DATABASE_URL est invalide ({exc}).") from None
    if not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL est invalide : le nom de la base de données manque.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def replica_from_url(url: str, primary: dict, *, conn_max_age: int = 0) -> dict:
    """DATABASE_REPLICA_URL: a PostgreSQL streaming replica of a PostgreSQL primary, nothing else (a replica
    copies the primary, so a SQLite primary or another engine cannot have one)."""
    if not url.startswith(("postgres://", "postgresql://")):
        raise ConfigurationError(
            "DATABASE_REPLICA_URL doit désigner une réplique PostgreSQL (postgres://utilisateur@hôte:port/base)."
        )
    if primary["ENGINE"] != "django.db.backends.postgresql":
        raise ConfigurationError(
            "DATABASE_REPLICA_URL demande une base principale PostgreSQL (DATABASE_URL=postgres://…) : une "
            "réplique copie la base principale."
        )
    config = database_from_url(url, conn_max_age=conn_max_age)
    config["TEST"] = {"MIRROR": "default"}  # tests read the test database through it
    return config
