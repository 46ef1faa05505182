"""The ``passerelles`` console script: Django's manage.py, with two conveniences.

- Command names may be written with hyphens (``passerelles demo-data``), as the README and issues do.
- A configuration error, or a database that cannot be reached, stops with one clear sentence on standard
  error (exit code 2), not a traceback.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")

    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    from passerelles.env import ConfigurationError

    try:
        execute_from_command_line(argv)
    except ConfigurationError as exc:
        sys.stderr.write(f"Erreur de configuration : {exc}\n")
        sys.exit(2)
    except OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        sys.stderr.write(f"Erreur : la base de données est injoignable ou refuse la connexion ({reason}).\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
