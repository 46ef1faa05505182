"""What an SIRH file may weigh and hold, and the time an import may take (no database needed).

Every limit is checked before the costly step it protects: the size and the zip's own directory before any
decompression, the sheet's declared dimension before any row, each cell as it is read. A refusal is a
sentence for the person who sent the file, never a crash of the worker.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

# The file names an SIRH export may have: CSV (or its .txt twin) and Excel.
EXTENSIONS = (".csv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * 1024 * 1024  # the file as sent
    max_rows: int = 200_000
    max_columns: int = 1_000
    max_cell_chars: int = 4_000  # a name, a service, a grade: a few hundred characters at most
    max_uncompressed_bytes: int = 300 * 1024 * 1024  # an .xlsx, all its members once unzipped
    max_members: int = 500  # files inside an .xlsx (a real export has about ten)
    max_ratio: int = 100  # uncompressed / compressed size of a member over 1 MB (real sheets: 5 to 30)

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(max_bytes=getattr(settings, "IMPORT_MAX_BYTES", cls.max_bytes))


class ImportTooLong(Exception):
    """The import went over its time budget; the message is for HR."""


class TimeBudget:
    """A deadline, checked between rows and batches (the clock is explicit, so tests need no sleeping)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.clock = seconds, clock
        self.deadline = clock() + seconds

    def check(self) -> None:
        if self.clock() > self.deadline:
            raise ImportTooLong(
                f"L'import a dépassé le temps alloué ({self.seconds:g} secondes) et a été arrêté. Découpez le "
                "fichier, ou demandez à l'administration de la plateforme d'augmenter IMPORT_TIME_BUDGET."
            )


class NoBudget(TimeBudget):
    """For the command line: no deadline."""

    def __init__(self):
        pass

    def check(self) -> None:
        return None
