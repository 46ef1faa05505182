"""The outsider organisation's volunteer of the facilitators' pool (shared with their network) and a call sent to
them, for the URL fillers of the facilitation pages (issue 19; created once per cast, on first use)."""

import datetime

from django.utils import timezone

from tests.cast import MARKER


def outsider_facilitation(cast) -> dict:
    found = getattr(cast, "_outsider_facilitation", None)
    if found is not None:
        return found
    from passerelles.facilitation.models import FacilitationCall, Facilitator

    facilitator = Facilitator.objects.create(
        agent=cast.outsider_agent,
        topics=[f"Sujet {MARKER}"],
        hours_per_month=8,
        share_with_network=True,
        joined_at=timezone.now(),
    )
    call = FacilitationCall.objects.create(
        facilitator=facilitator,
        organiser=None,
        subject=f"Animation {MARKER}",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        duration_minutes=60,
        place=f"Salle {MARKER}",
        note=MARKER,
    )
    found = {"facilitator": facilitator, "call": call}
    cast._outsider_facilitation = found
    return found


def facilitator_id(cast) -> int:
    return outsider_facilitation(cast)["facilitator"].pk


def facilitation_call_id(cast) -> int:
    return outsider_facilitation(cast)["call"].pk


def state(cast) -> list:
    """What a request could change in the outsider's pool (for the isolation test's before/after)."""
    from passerelles.facilitation.models import FacilitationCall, Facilitator

    outsider_facilitation(cast)
    org = cast.outsider
    return [
        list(
            Facilitator.objects.filter(agent__organisation=org).values_list(
                "pk", "left_at", "hours_per_month"
            )
        ),
        list(
            FacilitationCall.objects.filter(facilitator__agent__organisation=org).values_list(
                "pk", "state", "answered_at", "confirmed_at"
            )
        ),
    ]


def insider_objects(cast, agent) -> dict:
    """For the hostile sweep: our agent in the pool, with a call HR sent them."""
    from passerelles.access.models import Role
    from passerelles.facilitation.models import FacilitationCall, Facilitator

    facilitator = Facilitator.objects.create(
        agent=agent, topics=["réunion"], hours_per_month=8, joined_at=timezone.now()
    )
    call = FacilitationCall.objects.create(
        facilitator=facilitator,
        organiser=cast.users[Role.HR],
        subject="Réunion de rentrée",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        duration_minutes=60,
        place="Salle 2",
    )
    return {"facilitator_id": facilitator.pk, "facilitation_call_id": call.pk}
