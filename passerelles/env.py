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


def database_from_url(url: str, *, conn_max_age: int = 0) -> dict:
    """Parse DATABASE_URL, accepting only the engines Passerelles supports."""
    import dj_database_url

    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ConfigurationError(
            "DATABASE_URL est invalide : attendu postgres://utilisateur@hôte:port/base "
            "ou sqlite:///chemin/vers/fichier.sqlite3."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    except Exception as exc:  # dj-database-url raises ValueError and others on malformed URLs
        raise ConfigurationError(f"DATABASE_URL est invalide ({exc}).") from None
    if not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL est invalide : le nom de la base de données manque.")
    return config
