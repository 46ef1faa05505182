"""What the later apps hold about a person, registered here so that « Mes données » exports it and an erasure
clears it — without ``people`` importing those apps (they import ``people``: the layers of DESIGN §4).

An app whose models keep a person's words or choices (the facilitators' pool, the coups de main and
immersions, the forums) registers one ``Part`` per section in its ``AppConfig.ready()``: the section's title
and columns, a function giving the rows for an account and its agent record, and a function that erases what
identifies or describes the person when their record is anonymised (statistics keep the rest).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    key: str  # the section's name in the export (and its CSV file's)
    title: object  # a lazy translation
    columns: list  # (field, lazy label)
    empty: object
    rows: Callable  # (user, agent or None) -> list[dict]
    anonymise: Callable | None = None  # (agent, user or None) -> None, inside the erasure's transaction


PARTS: dict[str, Part] = {}


def register(part: Part) -> None:
    """Idempotent: ``ready()`` may run twice in a test run."""
    PARTS[part.key] = part


def rows(user, agent) -> dict[str, list[dict]]:
    return {key: part.rows(user, agent) for key, part in PARTS.items()}


def anonymise(agent, user) -> None:
    for part in PARTS.values():
        if part.anonymise is not None:
            part.anonymise(agent, user)
