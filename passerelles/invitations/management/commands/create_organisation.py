"""``passerelles create-organisation --name NOM --slug SLUG --admin-email ADRESSE``: the first step of a real
collectivité, from an empty database (README « Mettre en service pour une vraie collectivité »)."""

import sys

from django.core.management.base import BaseCommand

from passerelles.invitations.services import OrganisationRefused, create_organisation
from passerelles.organisations.models import OrganisationKind


class Command(BaseCommand):
    help = "Crée une organisation et invite son premier administrateur ou sa première administratrice."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="nom de l'organisation, p. ex. « Commune d'Essai »")
        parser.add_argument("--slug", required=True, help="identifiant court dans les adresses, p. ex. essai")
        parser.add_argument("--admin-email", required=True, help="adresse de la personne qui l'administrera")
        parser.add_argument(
            "--kind", default=OrganisationKind.COMMUNE, help=f"type ({', '.join(OrganisationKind.values)})"
        )

    def handle(self, *args, name, slug, admin_email, kind, **options):
        try:
            organisation = create_organisation(name=name, slug=slug, admin_email=admin_email, kind=kind)
        except OrganisationRefused as refusal:
            sys.stderr.write(f"{refusal}\n")
            sys.exit(2)
        self.stdout.write(
            f"Organisation « {organisation.name} » créée (identifiant {organisation.slug}). "
            f"Invitation envoyée à {admin_email.strip().lower()} : le lien est valable 14 jours."
        )
