"""``passerelles boussole``: one situation as JSON on standard input, the boussole's answer as JSON on standard
output — for HR scripts and for checking the rules. Invalid input: exit 2 and one French sentence on
standard error."""

import json
import sys

from django.core.management.base import BaseCommand

from passerelles.frameworks.boussole import SituationError, parse_situation, recommend


class Command(BaseCommand):
    help = "Lit une situation (JSON) sur l'entrée standard et écrit les dispositifs applicables (JSON)."
    # Reads no database and no setting: it also runs on passerelles/settings_standalone.py (see cli.py)
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        text = sys.stdin.read()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self._fail(f"Entrée invalide : ce n'est pas du JSON ({error.msg}, ligne {error.lineno}).")
        try:
            situation = parse_situation(data)
        except SituationError as error:
            self._fail(f"Situation invalide : {error}")
        self.stdout.write(json.dumps(recommend(situation), ensure_ascii=False, indent=2))

    def _fail(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.exit(2)
