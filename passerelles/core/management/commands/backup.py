"""``passerelles backup DIR``: the database and the uploaded files into a new folder (see core/backup.py)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from passerelles.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers envoyés dans un dossier nouveau ou vide."

    def add_arguments(self, parser):
        parser.add_argument("dossier", help="dossier de la sauvegarde (créé s'il n'existe pas ; vide sinon)")

    def handle(self, *args, **options):
        try:
            manifest = backup(Path(options["dossier"]))
        except BackupError as error:
            sys.stderr.write(f"{error}\n")
            sys.exit(2)
        self.stdout.write(
            f"Sauvegarde écrite dans {options['dossier']} : base {manifest['engine']} "
            f"({sum(manifest['rows'].values())} lignes), {len(manifest['media'])} fichiers."
        )
