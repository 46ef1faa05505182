"""``passerelles demo-data``: load the fictional demo network (run by ``make run`` when the database is empty)."""

from django.core.management.base import BaseCommand, CommandError

from passerelles.demo.generator import database_is_empty, generate
from passerelles.demo.structure import DEFAULT_TOTAL_AGENTS

MAX_AGENTS = 1_000_000


class Command(BaseCommand):
    help = "Charge le réseau de démonstration (quatre organisations fictives, leurs agents et un compte par rôle)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--agents",
            type=int,
            default=DEFAULT_TOTAL_AGENTS,
            help=f"nombre total d'agents, réparti entre les quatre organisations (défaut : {DEFAULT_TOTAL_AGENTS})",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="ne rien faire si la base contient déjà des données"
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="graine du hasard (même graine, mêmes données)"
        )

    def handle(self, *args, agents, if_empty, seed, **options):
        min_agents = 200
        if not min_agents <= agents <= MAX_AGENTS:
            raise CommandError(
                f"--agents doit être compris entre {min_agents} et {MAX_AGENTS:,}".replace(",", " ")
            )
        if not database_is_empty():
            if if_empty:
                self.stdout.write("La base contient déjà des données : réseau de démonstration non rechargé.")
                return
            raise CommandError(
                "La base contient déjà des organisations : le réseau de démonstration ne peut être chargé que dans "
                "une base vide (supprimez var/passerelles.sqlite3 pour repartir de zéro)."
            )
        summary = generate(agents, seed=seed, progress=lambda message: self.stdout.write(message))
        mix = ", ".join(
            f"{category} {100 * count / summary.agents:.0f} %"
            for category, count in sorted(summary.by_category.items())
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Réseau de démonstration chargé : {summary.organisations} organisations, {summary.units} unités, "
                f"{summary.agents} agents ({mix}), {summary.missions} missions, "
                f"{summary.profiles} profils en {summary.seconds:.1f} s."
            )
        )
