"""``passerelles restore DIR``: replace the database and the uploaded files by a backup's (see core/backup.py).

Destructive, so it asks: the operator types « restaurer », or passes ``--oui`` in a script. The backup is
checked (manifest, hashes, version) before the question, so a damaged backup is refused before anyone
confirms anything.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from passerelles.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Remplace la base de données et les fichiers envoyés par ceux d'une sauvegarde (site arrêté)."

    def add_arguments(self, parser):
        parser.add_argument("dossier", help="dossier écrit par « passerelles backup »")
        parser.add_argument("--oui", action="store_true", help="ne pas demander de confirmation (scripts)")

    def handle(self, *args, **options):
        source = Path(options["dossier"])
        try:
            manifest = read_manifest(source)
            if not options["oui"]:
                answer = input(
                    f"La base actuelle et les fichiers envoyés seront remplacés par la sauvegarde du "
                    f"{manifest['created_at']}. Tapez « restaurer » pour confirmer : "
                )
                if answer.strip().lower() != "restaurer":
                    sys.stderr.write("Restauration annulée : rien n'a changé.\n")
                    sys.exit(1)
            restore(source)
        except BackupError as error:
            sys.stderr.write(f"{error}\n")
            sys.exit(2)
        except EOFError:
            sys.stderr.write("Restauration annulée (pas de confirmation ; utilisez --oui dans un script).\n")
            sys.exit(1)
        self.stdout.write(
            f"Sauvegarde du {manifest['created_at']} restaurée ({sum(manifest['rows'].values())} lignes, "
            f"{len(manifest['media'])} fichiers). Lancez maintenant « passerelles migrate »."
        )
