"""The ``passerelles`` console script: Django's manage.py, with two conveniences.

- Command names may be written with hyphens (``passerelles demo-data``), as the README and issues do.
- A configuration error, or a database that cannot be reached, stops with one clear sentence on standard
  error (exit code 2), not a traceback.
- The commands that read no database and need no secret (``boussole``) run on minimal settings
  (settings_standalone.py) unless DJANGO_SETTINGS_MODULE says otherwise: a script can call them without the
  deployment's environment (SECRET_KEY, PASSERELLES_ENV, database).
"""

import importlib
import os
import sys

# command name → module of its Command class
STANDALONE_COMMANDS = {"boussole": "passerelles.frameworks.management.commands.boussole"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) > 1 and argv[1] in STANDALONE_COMMANDS and "DJANGO_SETTINGS_MODULE" not in os.environ:
        _run_standalone(argv)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.settings")

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


def _run_standalone(argv: list[str]) -> None:
    """Run one command of STANDALONE_COMMANDS on settings that hold no secret and no database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "passerelles.settings_standalone"
    import django

    django.setup()
    command = importlib.import_module(STANDALONE_COMMANDS[argv[1]]).Command()
    command.run_from_argv(argv)


if __name__ == "__main__":
    main()
