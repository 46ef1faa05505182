"""Forums and café-missions in « Mes données » (people/personal_data_parts.py): the events a person registered
for with the conversations they ranked, and their conversations with their own « continuer » answer (never the
host's: each side's answer stays theirs until both said yes). Nothing to erase beyond the agent record: a
registration holds no words of the person, and the anonymised record no longer names them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.encounters.models import Conversation, Registration
from passerelles.people.personal_data_parts import Part, register


def _answer(value) -> str:
    return "" if value is None else (_("oui") if value else _("non"))


def _registrations(user, agent) -> list[dict]:
    if agent is None:
        return []
    return [
        {
            "event": r.encounter.title,
            "date": r.encounter.date.isoformat(),
            "wishes": ", ".join(f"{w.rank}. {w.pitch.mission.title}" for w in r.wishes.all()),
            "registered_at": r.created_at.isoformat(),
        }
        for r in Registration.objects.filter(agent=agent)
        .select_related("encounter")
        .prefetch_related("wishes__pitch__mission")
        .order_by("created_at")
    ]


def _conversations(user, agent) -> list[dict]:
    if agent is None:
        return []
    return [
        {
            "event": c.encounter.title,
            "mission": c.pitch.mission.title,
            "starts_at": c.starts_at.isoformat(),
            "table": c.table + 1,
            "continues": _answer(c.agent_continues),
        }
        for c in Conversation.objects.filter(agent=agent)
        .select_related("encounter", "pitch__mission")
        .order_by("starts_at")
    ]


def register_parts() -> None:
    L = gettext_lazy
    register(
        Part(
            key="rencontres-inscriptions",
            title=L("Forums et cafés-missions : mes inscriptions"),
            columns=[
                ("event", L("Événement")),
                ("date", L("Date")),
                ("wishes", L("Conversations souhaitées, par rang")),
                ("registered_at", L("Inscription le")),
            ],
            empty=L("Aucune inscription à un forum ou un café-missions."),
            rows=_registrations,
        )
    )
    register(
        Part(
            key="rencontres-conversations",
            title=L("Forums et cafés-missions : mes conversations"),
            columns=[
                ("event", L("Événement")),
                ("mission", L("Mission")),
                ("starts_at", L("Début")),
                ("table", L("Table")),
                ("continues", L("Je souhaite continuer")),
            ],
            empty=L("Aucune conversation."),
            rows=_conversations,
        )
    )
