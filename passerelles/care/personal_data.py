"""The accompaniment plans in the agent's « Mes données » (they are about the agent: the agent reads them all,
with every note) and in an erasure: the goal, the notes, the closing words and the audit trail's copies go;
the situation, the dates and the state stay, unnamed, for the counts."""

from django.utils.translation import gettext_lazy as _

from passerelles.care.models import AccompanimentPlan, PlanEntry
from passerelles.people.personal_data_parts import Part, register


def _iso(value):
    return value.isoformat() if value else None


def _plans(user, agent) -> list[dict]:
    if agent is None:
        return []
    return [
        {
            "situation": plan.get_situation_display(),
            "goal": plan.goal,
            "state": plan.get_state_display(),
            "opened_at": _iso(plan.opened_at),
            "closed_at": _iso(plan.closed_at),
            "closing_note": plan.closing_note,
            "entries": " | ".join(
                f"{entry.date:%d/%m/%Y} {entry.get_kind_display()} : {entry.text}"
                for entry in plan.entries.all()
            ),
        }
        for plan in AccompanimentPlan.objects.filter(agent=agent)
        .prefetch_related("entries")
        .order_by("opened_at")
    ]


def _anonymise(agent, user) -> None:
    plans = AccompanimentPlan.objects.filter(agent=agent)
    AccompanimentPlan.history.filter(id__in=plans.values("pk")).delete()
    PlanEntry.objects.filter(plan__in=plans).delete()
    plans.update(goal="—", closing_note="")


def register_parts() -> None:
    register(
        Part(
            key="accompagnement",
            title=_("Accompagnement RH"),
            columns=[
                ("situation", _("Situation")),
                ("goal", _("Objectif")),
                ("state", _("État")),
                ("opened_at", _("Ouvert le")),
                ("closed_at", _("Clos le")),
                ("closing_note", _("Bilan")),
                ("entries", _("Notes et rendez-vous")),
            ],
            empty=_("Aucun plan d'accompagnement."),
            rows=_plans,
            anonymise=_anonymise,
        )
    )
