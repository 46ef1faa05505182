"""The read side of the facilitators' pool, always scoped to the actor."""

from django.db.models import Sum

from passerelles.facilitation.models import CallState, FacilitationCall, Facilitator


def pool(user, topic: str = ""):
    """The volunteers this user may call (never themselves), optionally those with a topic containing
    ``topic``."""
    facilitators = (
        Facilitator.objects.for_actor(user)
        .active()
        .exclude(agent__user=user)
        .select_related("agent", "agent__organisation", "agent__unit")
        .order_by("agent__last_name", "agent__first_name", "pk")
    )
    if topic:
        wanted = topic.casefold()
        return [f for f in facilitators if any(wanted in t.casefold() for t in f.topics)]
    return list(facilitators)


def own_facilitator(user):
    agent = getattr(user, "agent", None)
    return Facilitator.objects.filter(agent=agent).first() if agent is not None else None


def my_calls(user):
    """The calls sent to me, soonest first."""
    return (
        FacilitationCall.objects.for_actor(user)
        .filter(facilitator__agent__user=user)
        .select_related("organiser")
    )


def sent_calls(user):
    """The calls I sent, the latest first."""
    return (
        FacilitationCall.objects.for_actor(user)
        .filter(organiser=user)
        .select_related("facilitator__agent")
        .order_by("-starts_at", "-pk")
    )


def recognised_minutes(agent) -> int:
    """The time of the calls that took place: what the passport and the dashboards recognise."""
    total = FacilitationCall.objects.filter(facilitator__agent=agent, state=CallState.HELD).aggregate(
        total=Sum("duration_minutes")
    )["total"]
    return total or 0


def held_calls(agent):
    return FacilitationCall.objects.filter(facilitator__agent=agent, state=CallState.HELD).order_by(
        "starts_at"
    )
