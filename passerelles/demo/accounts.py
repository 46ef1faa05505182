"""The demo accounts: one person per role, each with a one-click login in demo mode."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from passerelles.access.models import Role

DEMO_PASSWORD = "demo-passerelles-2026"
DEMO_EMAIL_DOMAIN = "demo.passerelles.test"


@dataclass(frozen=True)
class DemoAccount:
    slug: str  # the URL slug of /demo/login/<slug>/
    role: str
    organisation: str  # organisation slug
    label: str
    description: str

    @property
    def email(self) -> str:
        return f"{self.slug}@{DEMO_EMAIL_DOMAIN}"


DEMO_ACCOUNTS = [
    DemoAccount(
        "agent",
        Role.AGENT,
        "departement-haute-lisiere",
        _("Agent"),
        _("Un agent technique d'un collège du Département, curieux d'autres métiers."),
    ),
    DemoAccount(
        "encadrant",
        Role.MANAGER,
        "departement-haute-lisiere",
        _("Encadrant·e"),
        _("Son ou sa responsable d'équipe, qui encadre une douzaine de personnes."),
    ),
    DemoAccount(
        "accueil",
        Role.HOST,
        "ville-de-belvau",
        _("Accueil / porteur·se de projet"),
        _("Responsable d'un service de la Ville qui a besoin d'un coup de main."),
    ),
    DemoAccount(
        "rh",
        Role.HR,
        "departement-haute-lisiere",
        _("Référent·e RH micro-mobilité"),
        _("L'entremetteur·se du Département."),
    ),
    DemoAccount(
        "rh-ville",
        Role.HR,
        "ville-de-belvau",
        _("Référent·e RH de la Ville"),
        _("L'entremetteur·se de la Ville de Belvau, à qui l'accueil demande de faire le lien."),
    ),
    DemoAccount(
        "signataire",
        Role.SIGNATORY,
        "departement-haute-lisiere",
        _("Signataire"),
        _("Le ou la directrice générale des services du Département."),
    ),
    DemoAccount(
        "reseau",
        Role.NETWORK_COORDINATOR,
        "departement-haute-lisiere",
        _("Coordinateur·rice réseau"),
        _("Anime le réseau des quatre organisations."),
    ),
    DemoAccount(
        "admin",
        Role.ADMIN,
        "departement-haute-lisiere",
        _("Administrateur·rice"),
        _("Configure l'organisation et opère la plateforme."),
    ),
]
DEMO_ACCOUNTS_BY_SLUG = {account.slug: account for account in DEMO_ACCOUNTS}
