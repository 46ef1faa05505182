"""Use cases of a cohort programme (issue 18). Each takes the acting person, asks cohorts/rules.py, and writes
in one transaction; a refusal raises ``CohortRefused`` with the reason in French and writes nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.models import Role, RoleMembership
from passerelles.cohorts import rules
from passerelles.cohorts.models import (
    Attendance,
    AttendanceStatus,
    ChecklistItem,
    ChecklistKind,
    CohortProgramme,
    JourneyStep,
    MoveSheetSide,
    Nomination,
    NominationState,
    Opportunity,
    OpportunityState,
    SheetSide,
    Sponsor,
)
from passerelles.foundation.statemachine import TransitionRefused
from passerelles.notifications.services import in_language_of, notify


class CohortRefused(TransitionRefused):
    """A step that cannot be taken: the message says why, in French."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- the programme -----------------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, network, by, form) -> CohortProgramme:
    """A coordinator opens a programme; its communication checklist comes with it, nothing ticked."""
    _require(rules.can_create_in(by, network))
    programme = form.save(commit=False)
    programme.network = network
    programme.created_by = by
    programme.save()
    ChecklistItem.objects.bulk_create(ChecklistItem(programme=programme, kind=kind) for kind in ChecklistKind)
    return programme


def programme_update(*, programme, by, form) -> CohortProgramme:
    _require(rules.can_run(by, programme))
    return form.save()


def sponsor_add(*, programme, by, membership: RoleMembership) -> Sponsor:
    """A member's signatory (its DGS) becomes a sponsor of the programme."""
    _require(rules.can_run(by, programme))
    if membership.role != Role.SIGNATORY or membership.organisation_id not in rules.member_ids(
        programme.network
    ):
        raise CohortRefused(_("Un sponsor est un·e signataire (DGS) d'un membre du réseau."))
    sponsor, created = Sponsor.objects.get_or_create(
        programme=programme,
        user_id=membership.user_id,
        defaults={"organisation_id": membership.organisation_id, "named_by": by},
    )
    if not created:
        raise CohortRefused(_("Cette personne est déjà sponsor du programme."))
    return sponsor


@transaction.atomic
def checklist_toggle(*, item: ChecklistItem, by, done: bool) -> ChecklistItem:
    """Tick (who, when) or untick a step of the communication plan."""
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    _require(rules.can_tick(by, item.programme))
    item.done_by, item.done_at = (by, timezone.now()) if done else (None, None)
    item.save(update_fields=["done_by", "done_at"])
    return item


# --- nominations -------------------------------------------------------------------------------------------


def nominate(*, programme, agent, by) -> Nomination:
    """A member's HR proposes one of its agents; the agent is asked, and is a participant only if they say
    yes. The list comes first, the criteria afterwards: nothing here filters on grade or category."""
    _require(rules.can_nominate(by, programme))
    if not rules.can_nominate(by, programme, agent):
        raise CohortRefused(_("Vous ne pouvez proposer que des agents actifs de votre organisation."))
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                programme=programme, agent=agent, organisation_id=agent.organisation_id, nominated_by=by
            )
    except IntegrityError:
        raise CohortRefused(_("Cet agent est déjà proposé pour ce programme.")) from None
    if agent.user_id:
        with in_language_of(agent.user):
            notify(
                user=agent.user,
                subject=_("Vous êtes proposé·e pour « %(name)s »") % {"name": programme.name},
                message=_(
                    "Votre service RH vous propose de rejoindre un parcours de cadres entre les collectivités "
                    "du réseau. Vous participez seulement si vous le souhaitez : lisez ce que cela implique "
                    "et répondez. Refuser ne vous sera jamais reproché."
                ),
                url=reverse("cohort_nomination", kwargs={"nomination_id": nomination.pk}),
                action_needed=True,
            )
    return nomination


@transaction.atomic
def nomination_answer(*, nomination, by, consent: bool) -> Nomination:
    """The agent's own yes makes a participant; a no needs no reason and ends the nomination."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not rules.is_nominee(by, nomination):
        raise PermissionDenied
    if not rules.can_answer_nomination(by, nomination):
        raise CohortRefused(_("Vous avez déjà répondu à cette proposition."))
    if consent:
        nomination.state, nomination.consented_at = NominationState.PARTICIPANT, timezone.now()
    else:
        nomination.state = NominationState.DECLINED
    nomination.save(update_fields=["state", "consented_at"])
    return nomination


@transaction.atomic
def nomination_leave(*, nomination, by) -> Nomination:
    """A participant leaves the programme (or their HR records it): offers still pending lapse."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not (rules.can_leave(by, nomination) or rules.can_withdraw_nomination(by, nomination)):
        raise PermissionDenied
    nomination.state = NominationState.WITHDRAWN
    nomination.save(update_fields=["state"])
    nomination.opportunities.filter(state=OpportunityState.OFFERED).delete()
    return nomination


# --- the journey -------------------------------------------------------------------------------------------


def step_save(*, programme, by, form) -> JourneyStep:
    _require(rules.can_run(by, programme))
    step = form.save(commit=False)
    step.programme = programme
    step.save()
    return step


@transaction.atomic
def attendance_record(
    *, step: JourneyStep, by, statuses: dict[int, str], today: datetime.date | None = None
) -> int:
    """Record who came to a step that has begun (never ahead of it), for the participants the actor may
    record: all for a coordinator, its own for a member's HR. Returns how many were recorded."""
    today = today or timezone.localdate()
    _require(rules.can_record_attendance(by, step.programme))
    if step.held_on > today:
        raise CohortRefused(
            _("Cette étape n'a pas encore eu lieu : la présence se note à partir de sa date.")
        )
    valid = set(AttendanceStatus.values)
    if any(status not in valid for status in statuses.values()):
        raise CohortRefused(_("Choisissez présent·e, excusé·e ou absent·e."))
    nominations = Nomination.objects.filter(
        programme=step.programme, state=NominationState.PARTICIPANT, pk__in=list(statuses)
    )
    recorded = 0
    for nomination in nominations:
        if not rules.can_record_attendance(by, step.programme, nomination):
            continue
        Attendance.objects.update_or_create(
            step=step, nomination=nomination, defaults={"status": statuses[nomination.pk], "recorded_by": by}
        )
        recorded += 1
    return recorded


# --- opportunities -----------------------------------------------------------------------------------------


def opportunity_offer(*, programme, by, form) -> Opportunity:
    """A member's HR (or a coordinator) offers a real post or mission of another member to a participant."""
    _require(rules.can_offer(by, programme))
    opportunity = form.save(commit=False)
    if not rules.can_offer(by, programme, opportunity.nomination, opportunity.offering_organisation_id):
        raise CohortRefused(
            _("Une opportunité se propose à un·e participant·e, dans un autre membre du réseau que le sien.")
        )
    opportunity.programme = programme
    opportunity.offered_by = by
    opportunity.state = OpportunityState.OFFERED
    opportunity.save()
    user = opportunity.nomination.agent.user
    if user is not None:
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Une opportunité vous est proposée : %(title)s") % {"title": opportunity.title},
                message=_(
                    "%(employer)s vous propose « %(title)s » dans le cadre de « %(programme)s ». Vous acceptez "
                    "ou déclinez, sans avoir à vous justifier."
                )
                % {
                    "employer": opportunity.offering_organisation.name,
                    "title": opportunity.title,
                    "programme": programme.name,
                },
                url=reverse("cohort_opportunity", kwargs={"opportunity_id": opportunity.pk}),
                action_needed=True,
            )
    return opportunity


@transaction.atomic
def opportunity_answer(*, opportunity, by, accept: bool, today: datetime.date | None = None) -> Opportunity:
    """The participant accepts (a move, dated) or declines (nothing but the state is kept: no reason, no
    date, and the offering member is not notified — its list simply reads « déclinée »)."""
    opportunity = Opportunity.objects.select_for_update().select_related("nomination").get(pk=opportunity.pk)
    if not rules.is_nominee(by, opportunity.nomination):
        raise PermissionDenied
    if not rules.can_answer_opportunity(by, opportunity):
        raise CohortRefused(_("Vous avez déjà répondu à cette opportunité."))
    if accept:
        opportunity.state = OpportunityState.ACCEPTED
        opportunity.accepted_on = today or timezone.localdate()
    else:
        opportunity.state = OpportunityState.DECLINED
    opportunity.save(update_fields=["state", "accepted_on"])
    if accept:
        _tell_hr_of_move(opportunity)  # notifications go through the outbox: nothing leaves before the commit
    return opportunity


def _tell_hr_of_move(opportunity) -> None:
    organisations = [opportunity.offering_organisation_id, opportunity.nomination.organisation_id]
    url = reverse("cohort_opportunity", kwargs={"opportunity_id": opportunity.pk})
    for user in RoleMembership.objects.users_with(Role.HR, organisations):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Opportunité acceptée : %(title)s") % {"title": opportunity.title},
                message=_(
                    "La personne a accepté l'opportunité. Complétez la fiche comparative (poste, grade, "
                    "rémunération, régime indemnitaire) et préparez le mouvement avec l'autre employeur."
                ),
                url=url,
            )


def sheet_side_save(*, opportunity, side: str, by, form) -> MoveSheetSide:
    """Each employer's HR enters its own column of the sheet, and only its own."""
    _require(side in rules.sheet_sides_for(by, opportunity))
    column = form.save(commit=False)
    column.opportunity = opportunity
    column.side = side
    column.organisation_id = (
        opportunity.nomination.organisation_id
        if side == SheetSide.ORIGIN
        else opportunity.offering_organisation_id
    )
    column.entered_by = by
    column.save()
    return column
