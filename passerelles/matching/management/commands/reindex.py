"""``passerelles reindex``: rebuild the suggestion index (after a vocabulary change, or to repair it)."""

from django.core.management.base import BaseCommand

from passerelles.matching.index import rebuild


class Command(BaseCommand):
    help = "Reconstruit l'index des suggestions (termes des profils et des missions)."

    def handle(self, *args, **options):
        agents, missions = rebuild()
        self.stdout.write(
            f"Index reconstruit : {agents} terme(s) de profils, {missions} terme(s) de missions."
        )
