"""« À faire » items of the facilitators' pool (issue 19): the volunteer's calls to answer, and the organiser's
calls that began and wait for their bilan (did it take place?)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.facilitation.models import CallState, FacilitationCall

LIMIT = 100


def _items(calls) -> list[tuple[str, str]]:
    return [
        (
            f"{call.subject} — {call.starts_at:%d/%m/%Y}",
            reverse("facilitation:call_detail", kwargs={"facilitation_call_id": call.pk}),
        )
        for call in calls[:LIMIT]
    ]


def facilitation_groups(user, actor, now, group) -> list:
    """``group``: core.todo's TodoGroup (passed in: this module is read by core/todo.py, not the reverse). One
    query for both groups: the calls waiting for my answer, and those I organised that began and wait for their
    bilan."""
    mine = Q(facilitator__agent_id=actor.agent.pk) if actor.agent is not None else Q(pk__in=[])
    calls = list(
        FacilitationCall.objects.for_actor(user)
        .filter(
            (mine & Q(state=CallState.PROPOSED, starts_at__gt=now))
            | Q(organiser=user, state=CallState.ACCEPTED, starts_at__lte=now)
        )
        .order_by("starts_at", "pk")[: 2 * LIMIT]
    )
    to_answer = [c for c in calls if c.state == CallState.PROPOSED]
    to_confirm = [c for c in calls if c.state == CallState.ACCEPTED]
    return [
        group("facilitation_answers", _("Animations : répondre à un appel"), _items(to_answer)),
        group("facilitation_confirm", _("Animations : dire si elles ont eu lieu"), _items(to_confirm)),
    ]
