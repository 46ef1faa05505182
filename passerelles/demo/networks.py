"""The demo network as an actor (issue 18): the Réseau Passerelles de la Lisière has its convention-cadre signed
(a PDF, its validity, one signatory per member) with the members' deliberations in every state (the Département
and the Ville voted, the Métropole's is to come, the CCAS's board refused for now); a shared scheme, « Mission
d'appui temporaire inter-collectivités », adopted by the network (40 %, 12 months) and taken up by the
Département (same limits) and the Ville (stricter: 30 %), not by the Métropole nor the CCAS; and the
coordinator's choices on missions shared with the network: two put forward, one set aside with a note.
"""

import datetime

from django.core.files.base import ContentFile

from passerelles.access.models import Role, RoleMembership
from passerelles.missions.models import Mission, MissionStatus, Visibility
from passerelles.networks.models import (
    CurationKind,
    Deliberation,
    DeliberationStatus,
    FrameworkAgreement,
    MissionCuration,
    SchemeTakeUp,
    SharedScheme,
    Signatory,
)
from passerelles.organisations.models import Network

NETWORK_SLUG = "reseau-lisiere"
SCHEME_NAME = "Mission d'appui temporaire inter-collectivités"

# The smallest PDF a reader opens: one empty page (the demo's « signed » convention-cadre).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

SIGNATORIES = {
    "departement-haute-lisiere": ("Hélène Marchand", "Présidente du Conseil départemental"),
    "lisiere-metropole": ("Bruno Castel", "Président de Lisière Métropole"),
    "ville-de-belvau": ("Claire Demaison", "Maire de Belvau"),
    "ccas-de-belvau": ("Claire Demaison", "Présidente du conseil d'administration du CCAS"),
}
# slug → (status, days from the signature, reference)
DELIBERATIONS = {
    "departement-haute-lisiere": (DeliberationStatus.VOTED, -20, "Délibération CD-2026-003"),
    "ville-de-belvau": (DeliberationStatus.VOTED, -10, "Délibération CM-2026-012"),
    "lisiere-metropole": (DeliberationStatus.PENDING, None, "Conseil communautaire à venir"),
    "ccas-de-belvau": (
        DeliberationStatus.REFUSED,
        25,
        "CA du CCAS — attend le bilan de la première année",
    ),
}
TAKE_UPS = {
    "departement-haute-lisiere": (40, 12, "Délibération CD-2026-019"),
    "ville-de-belvau": (30, 12, "Délibération CM-2026-027"),
}


def create_demo_network(*, today: datetime.date) -> None:
    network = Network.objects.filter(slug=NETWORK_SLUG).select_related("lead_organisation").first()
    if network is None:
        return
    signed_on = network.agreement_signed_on or today
    members = {m.slug: m for m in network.members.all()}
    coordinator = (
        RoleMembership.objects.filter(organisation=network.lead_organisation, role=Role.NETWORK_COORDINATOR)
        .select_related("user")
        .first()
    )
    by = coordinator.user if coordinator else None

    agreement = FrameworkAgreement.objects.create(
        network=network,
        valid_from=signed_on,
        valid_until=datetime.date(signed_on.year + 3, 12, 31),
        document=ContentFile(DEMO_PDF, name="convention-cadre.pdf"),
    )
    Signatory.objects.bulk_create(
        Signatory(agreement=agreement, organisation=members[slug], name=name, function=function)
        for slug, (name, function) in SIGNATORIES.items()
        if slug in members
    )
    Deliberation.objects.bulk_create(
        Deliberation(
            network=network,
            organisation=members[slug],
            status=status,
            decided_on=signed_on + datetime.timedelta(days=days) if days is not None else None,
            reference=reference,
        )
        for slug, (status, days, reference) in DELIBERATIONS.items()
        if slug in members
    )

    scheme = SharedScheme.objects.create(
        network=network,
        name=SCHEME_NAME,
        description=(
            "Sur le modèle de la mission d'appui temporaire aux projets : un agent d'un membre appuie un projet "
            "d'un autre membre, à temps partiel et pour une durée limitée, sous la convention-cadre du réseau."
        ),
        max_percent=40,
        max_months=12,
        adopted_on=signed_on + datetime.timedelta(days=15),
        created_by=by,
    )
    SchemeTakeUp.objects.bulk_create(
        SchemeTakeUp(
            scheme=scheme,
            organisation=members[slug],
            max_percent=percent,
            max_months=months,
            decided_on=signed_on + datetime.timedelta(days=30),
            reference=reference,
        )
        for slug, (percent, months, reference) in TAKE_UPS.items()
        if slug in members
    )

    shared = list(
        Mission.objects.filter(
            organisation__in=members.values(), visibility=Visibility.NETWORK, status=MissionStatus.PUBLISHED
        ).order_by("pk")[:3]
    )
    choices = [
        (CurationKind.FEATURED, "Un projet transverse idéal pour une première mission entre collectivités."),
        (CurationKind.FEATURED, ""),
        (CurationKind.SET_ASIDE, "Ressemble à un besoin permanent : à revoir avec la RH du membre."),
    ]
    MissionCuration.objects.bulk_create(
        MissionCuration(network=network, mission=mission, kind=kind, note=note, by=by)
        for mission, (kind, note) in zip(shared, choices, strict=False)
    )
