"""The read side of forums and café-missions, always from the actor's scope (``Encounter.objects.for_actor``).

One fetch helper per object (``encounter_for``, ``pitch_for``, ``conversation_for``): outsiders get a 404, as if
the object did not exist. Coverage and the « Bilan » are counts, never a list of names.
"""

import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from passerelles.access.actor import get_actor
from passerelles.encounters import policies
from passerelles.encounters.models import Conversation, Encounter, Pitch, Registration, Wish


def encounter_for(user, encounter_id) -> Encounter:
    return get_object_or_404(
        Encounter.objects.for_actor(user).select_related("organisation", "network"), pk=encounter_id
    )


def pitch_for(user, pitch_id) -> Pitch:
    return get_object_or_404(
        Pitch.objects.filter(encounter__in=Encounter.objects.for_actor(user)).select_related(
            "encounter", "mission", "mission__organisation", "presenter"
        ),
        pk=pitch_id,
    )


def conversation_for(user, conversation_id) -> Conversation:
    """A conversation, to its agent, its host and the organisers only."""
    conversation = get_object_or_404(
        Conversation.objects.filter(encounter__in=Encounter.objects.for_actor(user)).select_related(
            "encounter", "pitch__mission", "pitch__presenter", "agent"
        ),
        pk=conversation_id,
    )
    if not (
        policies.is_conversation_agent(user, conversation)
        or policies.is_pitch_host(user, conversation.pitch)
        or policies.is_organiser(user, conversation.encounter)
    ):
        from django.http import Http404

        raise Http404
    return conversation


def start_of(encounter) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(encounter.date, encounter.start_time))


def my_pitches(user, encounter):
    return [
        p for p in encounter.pitches.select_related("mission", "presenter") if policies.is_pitch_host(user, p)
    ]


def my_registration(user, encounter) -> Registration | None:
    agent = get_actor(user).agent
    if agent is None:
        return None
    return Registration.objects.filter(encounter=encounter, agent=agent).first()


def my_conversations(user, encounter) -> list[Conversation]:
    """The user's own seats: as an agent, and as the host of a pitch."""
    agent = get_actor(user).agent
    pitches = [p.pk for p in my_pitches(user, encounter)]
    mine = Q(pitch_id__in=pitches)
    if agent is not None:
        mine |= Q(agent=agent)
    return list(
        encounter.conversations.filter(mine)
        .select_related("pitch__mission", "pitch__presenter", "agent")
        .order_by("round", "table")
    )


def wishes_for_pitch(pitch):
    """The registered agents who wished this pitch (for its host: name and job title, nothing else)."""
    return (
        Wish.objects.filter(pitch=pitch)
        .select_related("registration__agent")
        .order_by("rank", "registration__agent__last_name", "pk")
    )


def coverage(encounter) -> dict:
    """How well the computed schedule meets the wishes: wishes met, the share of agents who got their first
    choice, the agents left without any conversation."""
    registrations = encounter.registrations.annotate(n=Count("wishes")).filter(n__gt=0)
    agent_ids = set(registrations.values_list("agent_id", flat=True))
    wishes = Wish.objects.filter(registration__encounter=encounter)
    seats = set(encounter.conversations.values_list("agent_id", "pitch_id"))
    met = [(w.registration.agent_id, w.pitch_id, w.rank) for w in wishes.select_related("registration")]
    met_pairs = [m for m in met if (m[0], m[1]) in seats]
    first = {a for a, _p, rank in met_pairs if rank == 1}
    with_conversation = {a for a, _p in seats}
    return {
        "registered": len(agent_ids),
        "wishes": len(met),
        "wishes_met": len(met_pairs),
        "first_choice_share": round(100 * len(first) / len(agent_ids)) if agent_ids else 0,
        "without": len(agent_ids - with_conversation),
        "conversations": len(seats),
    }


def report(encounter) -> dict:
    """The « Bilan »: counts only."""
    conversations = encounter.conversations.all()
    both = conversations.filter(agent_continues=True, host_continues=True)
    engagements = [c.engagement for c in both.select_related("engagement") if c.engagement_id]
    by_state: dict[str, int] = {}
    for engagement in engagements:
        label = engagement.get_state_display()
        by_state[label] = by_state.get(label, 0) + 1
    return {
        "registered": encounter.registrations.count(),
        "pitches": encounter.pitches.count(),
        "conversations": conversations.count(),
        "agents_met": conversations.values("agent_id").distinct().count(),
        "answered": conversations.filter(
            Q(agent_continues__isnull=False) | Q(host_continues__isnull=False)
        ).count(),
        "both_continue": both.count(),
        "engagements": len({e.pk for e in engagements}),
        "by_state": sorted(by_state.items()),
    }


def programme(encounter) -> list[dict]:
    """The printable programme: per table, each round with its time, host and mission, and agents."""
    start = start_of(encounter)
    fmt = encounter.format
    tables: dict[int, dict[int, dict]] = {}
    for c in encounter.conversations.select_related("pitch__mission", "pitch__presenter", "agent"):
        cell = tables.setdefault(c.table, {}).setdefault(
            c.round,
            {
                "round": c.round + 1,
                "time": timezone.localtime(
                    start + datetime.timedelta(minutes=c.round * (fmt.minutes + fmt.pause))
                ),
                "pitch": c.pitch,
                "agents": [],
            },
        )
        cell["agents"].append(c.agent)
    return [
        {"table": table + 1, "rounds": [rounds[r] for r in sorted(rounds)]}
        for table, rounds in sorted(tables.items())
    ]
