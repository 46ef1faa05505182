"""``passerelles import-agents FICHIER --org SLUG [--dry-run] [--partial]``: load staff from an SIRH export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelles.organisations.models import Organisation
from passerelles.people.signals import agents_imported
from passerelles.people.sirh.apply import apply_plan, existing_agents
from passerelles.people.sirh.planner import plan_import
from passerelles.people.sirh.reader import UnreadableFile, read

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "Importe les agents d'une organisation depuis un export du SIRH (CSV ou XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV (UTF-8 ou Windows-1252, ; ou ,) ou XLSX")
        parser.add_argument("--org", required=True, help="identifiant de l'organisation (slug)")
        parser.add_argument(
            "--dry-run", action="store_true", help="montrer ce qui changerait, sans rien écrire"
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="export partiel : ne pas désactiver les agents absents du fichier",
        )
        parser.add_argument(
            "--invite",
            action="store_true",
            help="inviter chaque nouvel agent qui a une adresse e-mail professionnelle",
        )

    def handle(self, *args, file, org, dry_run, partial, invite, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : « {org} ».")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            table = read(path.name, path.read_bytes())
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from None
        plan = plan_import(table, existing_agents(organisation), full=not partial)
        for error in plan.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"Ligne {error.line}, colonne « {error.column} » : {error.message}")
        if len(plan.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… et {len(plan.errors) - MAX_ERRORS_SHOWN} autre(s) erreur(s).")
        for error in plan.skipped[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"Ligne {error.line}, colonne « {error.column} » : {error.message}")
        if len(plan.skipped) > MAX_ERRORS_SHOWN:
            self.stderr.write(
                f"… et {len(plan.skipped) - MAX_ERRORS_SHOWN} autre(s) ligne(s) laissée(s) de côté."
            )
        summary = (
            f"{plan.rows} ligne(s) : {len(plan.create)} à créer, {len(plan.update)} à mettre à jour, "
            f"{len(plan.deactivate)} à désactiver, {plan.unchanged} inchangée(s)"
            + (f", {len(plan.skipped)} laissée(s) de côté." if plan.skipped else ".")
        )
        if not plan.ok:
            raise CommandError(f"{len(plan.errors)} erreur(s) : rien n'a été importé. {summary}")
        if dry_run:
            self.stdout.write(f"Simulation — {summary} Rien n'a été écrit.")
            if invite:
                self.stdout.write("Aucune invitation n'est envoyée en simulation.")
            return
        applied = apply_plan(plan, organisation)
        self.stdout.write(
            self.style.SUCCESS(
                f"Import terminé : {applied.created} créé(s), {applied.updated} mis à jour, "
                f"{applied.deactivated} désactivé(s), {plan.unchanged} inchangé(s)."
            )
        )
        answers = agents_imported.send(
            sender=Organisation,
            organisation=organisation,
            agent_ids=applied.created_ids,
            by=None,
            invite=invite,
        )
        for _receiver, outcome in answers:
            if outcome is not None:
                for reason in outcome.skipped:
                    self.stderr.write(reason)
                self.stdout.write(f"{outcome.invited} invitation(s) envoyée(s).")
