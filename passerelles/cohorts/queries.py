"""The read side of the cohort programmes: one fetch helper per object (through the actor's scope: an
outsider gets a 404), the goal's progress, and the network dashboard's goal card."""

import datetime

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from passerelles.cohorts import rules
from passerelles.cohorts.models import (
    AttendanceStatus,
    CohortProgramme,
    Nomination,
    NominationState,
    Opportunity,
    OpportunityState,
)


def programme_for(user, cohort_id) -> CohortProgramme:
    return get_object_or_404(
        CohortProgramme.objects.for_actor(user)
        .select_related("network")
        .prefetch_related("network__memberships"),
        pk=cohort_id,
    )


def nomination_for(user, nomination_id) -> Nomination:
    return get_object_or_404(
        Nomination.objects.for_actor(user).select_related("programme__network", "agent", "organisation"),
        pk=nomination_id,
    )


def opportunity_for(user, opportunity_id) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.for_actor(user).select_related(
            "programme__network", "nomination__agent", "nomination__organisation", "offering_organisation"
        ),
        pk=opportunity_id,
    )


def moves_filter() -> Q:
    """Accepted by the goal's date: a « mouvement significatif » toward the programme's goal."""
    return Q(
        opportunities__state=OpportunityState.ACCEPTED,
        opportunities__accepted_on__lte=F("goal_end_on"),
    )


def with_counts(programmes):
    return programmes.annotate(
        moves=Count("opportunities", filter=moves_filter(), distinct=True),
        participant_count=Count(
            "nominations", filter=Q(nominations__state=NominationState.PARTICIPANT), distinct=True
        ),
    )


def progress_of(programme, today: datetime.date | None = None) -> rules.Progress:
    moves = getattr(programme, "moves", None)
    if moves is None:
        moves = programme.opportunities.filter(
            state=OpportunityState.ACCEPTED, accepted_on__lte=programme.goal_end_on
        ).count()
    return rules.progress(
        moves=moves,
        goal=programme.goal_moves,
        end_on=programme.goal_end_on,
        today=today or timezone.localdate(),
    )


def goal_cards(network, today: datetime.date | None = None) -> list[tuple[CohortProgramme, rules.Progress]]:
    """For the network's dashboard: each programme with its moves toward its goal (counts only: the
    coordinators see participants anyway, and a move names nobody here)."""
    today = today or timezone.localdate()
    programmes = with_counts(CohortProgramme.objects.filter(network=network)).order_by("goal_end_on", "name")
    return [(programme, progress_of(programme, today)) for programme in programmes[:20]]


def steps_with_attendance(programme):
    """The journey with, per step, how many participants came, were excused or absent (for its coordinators,
    who see every participant)."""
    counted = {
        f"{status}_count": Count(
            "attendances",
            filter=Q(attendances__status=status, attendances__nomination__state=NominationState.PARTICIPANT),
        )
        for status in AttendanceStatus.values
    }
    return programme.steps.annotate(**counted).order_by("held_on", "id")
