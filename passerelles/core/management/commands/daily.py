"""``passerelles daily``: the day's date-driven moves, reminders and e-mail summaries (run it once a day,
e.g. from cron at 1 a.m.; ``--enqueue`` hands it to the task worker instead of running it here)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from passerelles.core.daily import daily


class Command(BaseCommand):
    help = (
        "Démarre les engagements prêts à leur date de début, termine ceux dont la date de fin est passée, "
        "envoie les relances et les récapitulatifs quotidiens."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="date du jour à utiliser (AAAA-MM-JJ), pour rattraper un jour manqué"
        )
        parser.add_argument("--enqueue", action="store_true", help="confier le travail au worker des tâches")

    def handle(self, *args, date=None, enqueue=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"Date invalide : « {date} » (attendu AAAA-MM-JJ).") from None
        if enqueue:
            result = daily.enqueue(today=today.isoformat())
            self.stdout.write(f"Traitement du {today:%d/%m/%Y} confié au worker (tâche {result.id}).")
            return
        counts = daily.call(today=today.isoformat())
        self.stdout.write(
            f"{today:%d/%m/%Y} : {counts['activated']} engagement(s) démarré(s), {counts['ended']} terminé(s), "
            f"{counts['reminders']} relance(s), {counts['digests']} récapitulatif(s), "
            f"{counts['retention']} donnée(s) arrivée(s) au terme de leur conservation, "
            f"{counts['emails_sent']} courriel(s) en attente envoyé(s)."
        )
