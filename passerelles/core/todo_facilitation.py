"""« À faire » items of the facilitators' pool (issue 19): the volunteer's calls to answer, and the organiser's
calls that began and wait for their bilan (did it take place?)."""

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
    """``group``: core.todo's TodoGroup (passed in: this module is read by core/todo.py, not the reverse)."""
    calls = FacilitationCall.objects.for_actor(user)
    groups = []
    if actor.agent is not None:
        to_answer = calls.filter(
            facilitator__agent_id=actor.agent.pk, state=CallState.PROPOSED, starts_at__gt=now
        ).order_by("starts_at")
        groups.append(group("facilitation_answers", _("Animations : répondre à un appel"), _items(to_answer)))
    to_confirm = calls.filter(organiser=user, state=CallState.ACCEPTED, starts_at__lte=now).order_by(
        "starts_at"
    )
    groups.append(
        group("facilitation_confirm", _("Animations : dire si elles ont eu lieu"), _items(to_confirm))
    )
    return groups
