"""A person's own agenda at a forum, as calendar slots and as lines of text (for the e-mail, the page and the
.ics download): as an agent, the missions they will talk about; as a host, the agents they will meet."""

from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.encounters import agenda
from passerelles.encounters.queries import my_conversations


def agenda_slots(user, encounter) -> list[agenda.Slot]:
    agent = get_actor(user).agent
    slots = []
    for c in my_conversations(user, encounter):
        as_agent = agent is not None and c.agent_id == agent.pk
        who = c.pitch.mission.title if as_agent else c.agent.full_name
        slots.append(
            agenda.Slot(
                key=c.pk,
                starts_at=c.starts_at,
                minutes=encounter.conversation_minutes,
                summary=_("%(event)s — table %(table)s : %(who)s")
                % {"event": encounter.title, "table": c.table_label, "who": who},
                description=_("Mission « %(title)s ». Une conversation sans engagement.")
                % {"title": c.pitch.mission.title},
                location=encounter.where,
            )
        )
    return slots


def agenda_lines(user, encounter) -> list[str]:
    agent = get_actor(user).agent
    lines = []
    for c in my_conversations(user, encounter):
        as_agent = agent is not None and c.agent_id == agent.pk
        lines.append(
            _("%(time)s — table %(table)s — %(who)s")
            % {
                "time": timezone.localtime(c.starts_at).strftime("%H:%M"),
                "table": c.table_label,
                "who": c.pitch.mission.title if as_agent else c.agent.full_name,
            }
        )
    return lines
