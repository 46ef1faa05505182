"""``passerelles invite --org SLUG (--email ADRESSE | --unit CODE | --all-pending)``: invite agents of the SIRH
import from the command line (the same rules as HR's « Accès des agents » page)."""

import sys

from django.core.management.base import BaseCommand

from passerelles.invitations import services
from passerelles.organisations.models import Organisation, OrgUnit
from passerelles.people.models import Agent


def _fail(message: str):
    sys.stderr.write(f"{message}\n")
    sys.exit(2)


class Command(BaseCommand):
    help = "Invite des agents d'une organisation à se connecter à Passerelles."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="identifiant de l'organisation (slug)")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--email", help="l'agent dont c'est l'adresse professionnelle")
        target.add_argument("--unit", help="les agents pas encore invités de l'unité de ce code")
        target.add_argument("--all-pending", action="store_true", help="tous les agents pas encore invités")

    def handle(self, *args, org, email, unit, all_pending, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            _fail(f"Organisation inconnue : « {org} ».")
        if email:
            agents = list(
                Agent.objects.filter(organisation=organisation, email__iexact=email.strip(), is_active=True)
            )
            if not agents:
                _fail(f"Aucun agent en poste de {organisation.name} n'a l'adresse « {email} ».")
        elif unit:
            units = OrgUnit.objects.filter(organisation=organisation, code=unit.strip())
            if not units.exists():
                _fail(f"Aucune unité de code « {unit} » dans {organisation.name}.")
            agents = services.pending_agents(organisation).filter(unit__in=units)
        else:
            agents = services.pending_agents(organisation)
        outcome = services.invite_agents(agents, by=None)
        for reason in outcome.skipped:
            self.stderr.write(reason)
        self.stdout.write(
            f"{outcome.invited} invitation(s) envoyée(s), {len(outcome.skipped)} non envoyée(s)."
        )
        if email and outcome.skipped:
            sys.exit(1)
