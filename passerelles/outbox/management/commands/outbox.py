"""``passerelles outbox``: drain the outbox from cron or a container, and show its state.

``passerelles outbox deliver`` sends every due message once (new ones, retries whose time has come, and
those left by a worker that died), then stops; ``--loop`` keeps doing it every ``--interval`` seconds.
``passerelles outbox status`` counts the messages by state.
"""

import time

from django.core.management.base import BaseCommand
from django.db.models import Count

from passerelles.outbox.delivery import deliver_due
from passerelles.outbox.models import OutboxMessage, OutboxState


class Command(BaseCommand):
    help = "Envoie les messages en attente de la boîte d'envoi (deliver) ou affiche son état (status)."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["deliver", "status"], default="deliver")
        parser.add_argument("--loop", action="store_true", help="recommencer sans fin (conteneur dédié)")
        parser.add_argument(
            "--interval", type=int, default=30, help="secondes entre deux passages avec --loop (30)"
        )

    def handle(self, *args, action="deliver", loop=False, interval=30, **options):
        if action == "status":
            counts = dict(OutboxMessage.objects.values_list("state").annotate(n=Count("pk")))
            for state in OutboxState:
                self.stdout.write(f"{state.label} : {counts.get(state.value, 0)}")
            return
        while True:
            counts = deliver_due()
            if any(counts.values()) or not loop:
                self.stdout.write(
                    f"{counts[OutboxState.SENT]} envoyé(s), {counts[OutboxState.FAILED]} en échec "
                    f"(nouvel essai prévu), {counts[OutboxState.ABANDONED]} abandonné(s)."
                )
            if not loop:
                return
            time.sleep(max(1, interval))
