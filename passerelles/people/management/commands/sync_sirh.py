"""``passerelles sync-sirh [--org SLUG] [--enqueue]``: read the SIRH drop folders now (cron runs it, e.g. every
15 minutes; docs/profils-et-donnees.md, « Synchronisation automatique »)."""

from django.core.management.base import BaseCommand, CommandError

from passerelles.organisations.models import Organisation
from passerelles.people.sirh.drop_folder import run, sync_drop_folders


class Command(BaseCommand):
    help = (
        "Synchronisation SIRH : vérifie (et applique si c'est demandé) le dernier fichier déposé dans le dossier "
        "de chaque organisation qui l'a activée."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="identifiant (slug) d'une seule organisation")
        parser.add_argument(
            "--enqueue", action="store_true", help="confier le travail au worker de la file « imports »"
        )

    def handle(self, *args, org=None, enqueue=False, **options):
        organisation = None
        if org:
            organisation = Organisation.objects.filter(slug=org).first()
            if organisation is None:
                raise CommandError(f"Organisation inconnue : « {org} ».")
        if enqueue:
            result = sync_drop_folders.enqueue(org_slug=org or "")
            self.stdout.write(f"Synchronisation SIRH confiée au worker (tâche {result.id}).")
            return
        outcomes = run(organisation=organisation)
        if not outcomes:
            self.stdout.write("Aucune synchronisation SIRH active.")
        for outcome in outcomes:
            self.stdout.write(f"{outcome.organisation.slug} : {outcome.result}")
