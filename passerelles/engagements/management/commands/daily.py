"""``passerelles daily``: the date-driven moves of the day (run it once a day, e.g. from cron at 1 a.m.)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from passerelles.engagements.services import run_daily


class Command(BaseCommand):
    help = (
        "Démarre les engagements prêts à leur date de début et termine ceux dont la date de fin est passée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="date du jour à utiliser (AAAA-MM-JJ), pour rattraper un jour manqué"
        )

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"Date invalide : « {date} » (attendu AAAA-MM-JJ).") from None
        counts = run_daily(today=today)
        self.stdout.write(
            f"{today:%d/%m/%Y} : {counts['activated']} engagement(s) démarré(s), {counts['ended']} terminé(s)."
        )
