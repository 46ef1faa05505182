"""The demo accounts: one person per role for the main journeys, and each organisation's own HR, signatory
and administrator; each with a one-click login in demo mode."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from passerelles.access.models import Role
from passerelles.demo.structure import ORGANISATIONS

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

# Every organisation of the network also has its own HR, signatory and administrator — the accounts above
# where the main journeys already have one (``rh``, ``rh-ville``, ``signataire``, ``admin``) — so that a
# journey across organisations can be tried from both sides. Slugs: ``<role>-<short name>``.
ORGANISATION_ROLES = (Role.HR, Role.SIGNATORY, Role.ADMIN)
ORGANISATION_ACCOUNTS = [
    DemoAccount(
        "signataire-ville",
        Role.SIGNATORY,
        "ville-de-belvau",
        _("Signataire"),
        _("Le ou la directrice générale des services de la Ville."),
    ),
    DemoAccount(
        "admin-ville",
        Role.ADMIN,
        "ville-de-belvau",
        _("Administrateur·rice"),
        _("Configure la Ville dans Passerelles : rôles, accès des agents."),
    ),
    DemoAccount(
        "rh-metropole",
        Role.HR,
        "lisiere-metropole",
        _("Référent·e RH micro-mobilité"),
        _("L'entremetteur·se de la communauté urbaine."),
    ),
    DemoAccount(
        "signataire-metropole",
        Role.SIGNATORY,
        "lisiere-metropole",
        _("Signataire"),
        _("Le ou la directrice générale des services de la communauté urbaine."),
    ),
    DemoAccount(
        "admin-metropole",
        Role.ADMIN,
        "lisiere-metropole",
        _("Administrateur·rice"),
        _("Configure la communauté urbaine dans Passerelles : rôles, accès des agents."),
    ),
    DemoAccount(
        "rh-ccas",
        Role.HR,
        "ccas-de-belvau",
        _("Référent·e RH micro-mobilité"),
        _("L'entremetteur·se du CCAS."),
    ),
    DemoAccount(
        "signataire-ccas",
        Role.SIGNATORY,
        "ccas-de-belvau",
        _("Signataire"),
        _("Le ou la directrice du CCAS."),
    ),
    DemoAccount(
        "admin-ccas",
        Role.ADMIN,
        "ccas-de-belvau",
        _("Administrateur·rice"),
        _("Configure le CCAS dans Passerelles : rôles, accès des agents."),
    ),
]
ALL_DEMO_ACCOUNTS = DEMO_ACCOUNTS + ORGANISATION_ACCOUNTS
DEMO_ACCOUNTS_BY_SLUG = {account.slug: account for account in ALL_DEMO_ACCOUNTS}


@dataclass(frozen=True)
class OrganisationAccounts:
    slug: str
    name: str
    sso_only: bool
    accounts: list[DemoAccount]


def accounts_by_organisation() -> list[OrganisationAccounts]:
    """Each organisation of the network, in the network's order, with its HR, signatory and administrator."""
    return [
        OrganisationAccounts(
            spec.slug,
            spec.name,
            spec.sso_only,
            [
                next(a for a in ALL_DEMO_ACCOUNTS if a.organisation == spec.slug and a.role == role)
                for role in ORGANISATION_ROLES
            ],
        )
        for spec in ORGANISATIONS
    ]
