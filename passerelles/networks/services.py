"""Use cases of the network as an actor (issue 18): the convention-cadre and its signatories, a member's
deliberation, the coordinator's curation of a mission, a scheme adopted by the network and taken up by a
member. Each takes the acting person, asks networks/policies.py and networks/rules.py, and writes in one
transaction; a refusal is a French sentence and nothing is written.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from passerelles.foundation.statemachine import TransitionRefused
from passerelles.missions.models import Mission
from passerelles.networks import policies, rules
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
from passerelles.networks.queries import member_ids, refused_member_ids

MAX_PDF_BYTES = 10 * 1024 * 1024


class NetworkRefused(TransitionRefused):
    """A step on the network that cannot be taken: the message says why, in French."""


def agreement_of(network) -> FrameworkAgreement:
    """The agreement's record (an empty one, unsaved, until the coordinator fills it)."""
    found = FrameworkAgreement.objects.filter(network=network).first()
    return found or FrameworkAgreement(network=network)


def pdf_errors(upload) -> list[str]:
    """The signed convention is a PDF of reasonable size: checked on its bytes, not on its name."""
    if upload is None:
        return []
    if upload.size > MAX_PDF_BYTES:
        return [_("Le fichier dépasse 10 Mo : envoyez une version plus légère du PDF.")]
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        return [_("Le fichier n'est pas un PDF : envoyez la convention signée au format PDF.")]
    return []


@transaction.atomic
def agreement_save(
    *,
    network,
    by,
    reference: str,
    signed_on: datetime.date | None,
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    document=None,
) -> FrameworkAgreement:
    """The coordinator records the convention-cadre: reference and date (on the network, where the rest of the
    platform reads them), validity and the signed PDF."""
    if not policies.can_edit_agreement(by, network):
        raise PermissionDenied
    errors = pdf_errors(document)
    if valid_from and valid_until and valid_until < valid_from:
        errors.append(_("La fin de validité précède son début."))
    if errors:
        raise NetworkRefused(" ".join(errors))
    network.agreement_reference = reference.strip()
    network.agreement_signed_on = signed_on
    network.save(update_fields=["agreement_reference", "agreement_signed_on"])
    agreement = agreement_of(network)
    agreement.valid_from, agreement.valid_until = valid_from, valid_until
    if document is not None:
        agreement.document = document
    agreement.save()
    return agreement


@transaction.atomic
def signatory_add(*, network, by, organisation, name: str, function: str) -> Signatory:
    if not policies.can_edit_agreement(by, network):
        raise PermissionDenied
    if organisation.pk not in member_ids(network):
        raise NetworkRefused(_("Le ou la signataire représente une organisation membre du réseau."))
    if not name.strip() or not function.strip():
        raise NetworkRefused(_("Indiquez le nom et la fonction du ou de la signataire."))
    agreement = agreement_of(network)
    if agreement.pk is None:
        agreement.save()
    return Signatory.objects.create(
        agreement=agreement, organisation=organisation, name=name.strip(), function=function.strip()
    )


@transaction.atomic
def signatory_remove(*, signatory: Signatory, by) -> None:
    if not policies.can_edit_agreement(by, signatory.agreement.network):
        raise PermissionDenied
    signatory.delete()


@transaction.atomic
def deliberation_record(
    *, network, organisation, by, status: str, decided_on: datetime.date | None, reference: str
) -> Deliberation:
    """A member's HR records where its assembly stands on the convention-cadre (its own organisation only)."""
    if organisation.pk not in member_ids(network) or not policies.can_record_deliberation(
        by, network, organisation
    ):
        raise PermissionDenied
    if status not in DeliberationStatus.values:
        raise NetworkRefused(_("Choisissez où en est la délibération : à venir, votée ou refusée."))
    errors = rules.deliberation_errors(status=status, decided_on=decided_on)
    if errors:
        raise NetworkRefused(" ".join(errors))
    deliberation, _created = Deliberation.objects.update_or_create(
        network=network,
        organisation=organisation,
        defaults={
            "status": status,
            "decided_on": decided_on,
            "reference": reference.strip(),
            "recorded_by": by,
        },
    )
    return deliberation


@transaction.atomic
def curation_set(*, network, mission: Mission, by, kind: str, note: str = "") -> MissionCuration | None:
    """The coordinator puts a network mission forward, sets it aside with a note, or clears the choice
    (``kind`` empty). The member's mission itself is never changed."""
    if not policies.can_curate(by, network):
        raise PermissionDenied
    shared = Mission.objects.scoped("missions.network_missions", by, network=network)
    if not shared.filter(pk=mission.pk).exists():
        raise NetworkRefused(_("Cette mission n'est pas partagée avec le réseau."))
    note = note.strip()
    if not kind:
        MissionCuration.objects.filter(network=network, mission=mission).delete()
        return None
    if kind not in CurationKind.values:
        raise NetworkRefused(_("Choisissez de mettre la mission en avant ou de côté."))
    if kind == CurationKind.SET_ASIDE and not note:
        raise NetworkRefused(_("Dites en une phrase pourquoi la mission est mise de côté."))
    curation, _created = MissionCuration.objects.update_or_create(
        network=network, mission=mission, defaults={"kind": kind, "note": note, "by": by}
    )
    return curation


@transaction.atomic
def scheme_adopt(
    *,
    network,
    by,
    name: str,
    description: str,
    max_percent: int,
    max_months: int,
    adopted_on: datetime.date,
) -> SharedScheme:
    """The coordinator records a scheme the network adopted, with the network's limits."""
    if not policies.can_adopt_scheme(by, network):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise NetworkRefused(_("Donnez un nom au dispositif."))
    if SharedScheme.objects.filter(network=network, name=name).exists():
        raise NetworkRefused(_("Le réseau a déjà un dispositif de ce nom."))
    if not (1 <= max_percent <= 100 and 1 <= max_months <= 36):
        raise NetworkRefused(
            _(
                "La quotité va de 1 à 100 %% et la durée de 1 à 36 mois (une mise à disposition dure 3 ans au "
                "plus)."
            )
            % {}
        )
    return SharedScheme.objects.create(
        network=network,
        name=name,
        description=description.strip(),
        max_percent=max_percent,
        max_months=max_months,
        adopted_on=adopted_on,
        created_by=by,
    )


@transaction.atomic
def scheme_take_up(
    *,
    scheme: SharedScheme,
    organisation,
    by,
    max_percent: int,
    max_months: int,
    decided_on: datetime.date,
    reference: str = "",
) -> SchemeTakeUp:
    """A member's HR records that its assembly took the scheme up, with limits no wider than the network's
    (a member may be stricter). Recording again replaces the member's limits."""
    if organisation.pk not in member_ids(scheme.network) or not policies.can_take_up_scheme(
        by, scheme, organisation
    ):
        raise PermissionDenied
    if max_percent < 1 or max_months < 1:
        raise NetworkRefused(_("La quotité et la durée maximales sont d'au moins 1."))
    if organisation.pk in refused_member_ids(scheme.network):
        raise NetworkRefused(
            _(
                "L'assemblée de votre organisation a refusé la convention-cadre du réseau : un dispositif partagé "
                "ne peut pas s'y appliquer. Enregistrez d'abord une nouvelle délibération."
            )
        )
    errors = rules.take_up_errors(
        network=rules.Limits(scheme.max_percent, scheme.max_months),
        member=rules.Limits(max_percent, max_months),
    )
    if errors:
        raise NetworkRefused(" ".join(errors))
    take_up, _created = SchemeTakeUp.objects.update_or_create(
        scheme=scheme,
        organisation=organisation,
        defaults={
            "max_percent": max_percent,
            "max_months": max_months,
            "decided_on": decided_on,
            "reference": reference.strip(),
            "recorded_by": by,
        },
    )
    return take_up
