"""Coups de main, immersions and return programmes in « Mes données » and in an erasure
(people/personal_data_parts.py). Anonymised, what describes the person goes — the purpose, the details, the
reasons and the audit trail's copies of them — and the dates and states stay, unnamed, for the dashboards."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passerelles.people.personal_data_parts import Part, register
from passerelles.smallhelp.models import Immersion, LightHelp, ReturnProgramme


def _iso(value):
    return value.isoformat() if value else None


def _helps(user, agent) -> list[dict]:
    mine = Q(agent=agent) if agent else Q(pk__in=[])
    return [
        {
            "purpose": h.purpose,
            "host_unit": str(h.host_unit),
            "half_days": ", ".join(f"{d.date:%d/%m/%Y} {d.get_period_display()}" for d in h.half_days.all()),
            "state": h.get_state_display(),
            "decline_reason": h.decline_reason,
            "created_at": _iso(h.created_at),
        }
        for h in LightHelp.objects.filter(mine | Q(created_by=user))
        .select_related("host_unit")
        .prefetch_related("half_days")
        .order_by("created_at")
    ]


def _immersions(user, agent) -> list[dict]:
    mine = Q(agent=agent) if agent else Q(pk__in=[])
    return [
        {
            "date": _iso(i.date),
            "length": i.get_length_display(),
            "host_unit": str(i.host_unit),
            "reason": i.get_reason_display(),
            "details": i.details,
            "state": i.get_state_display(),
            "decline_reason": i.decline_reason,
        }
        for i in Immersion.objects.filter(mine | Q(created_by=user))
        .select_related("host_unit")
        .order_by("date")
    ]


def _anonymise(agent, user) -> None:
    helps = LightHelp.objects.filter(agent=agent)
    LightHelp.history.filter(id__in=helps.values("pk")).delete()
    helps.update(purpose="—", decline_reason="")
    immersions = Immersion.objects.filter(agent=agent)
    Immersion.history.filter(id__in=immersions.values("pk")).delete()
    immersions.update(details="", decline_reason="")
    programmes = ReturnProgramme.objects.filter(agent=agent)
    ReturnProgramme.history.filter(id__in=programmes.values("pk")).delete()
    programmes.update(note="")


def register_parts() -> None:
    register(
        Part(
            key="coups-de-main",
            title=_("Coups de main"),
            columns=[
                ("purpose", _("Objet")),
                ("host_unit", _("Service")),
                ("half_days", _("Demi-journées")),
                ("state", _("État")),
                ("decline_reason", _("Raison d'un refus")),
                ("created_at", _("Demandé le")),
            ],
            empty=_("Aucun coup de main."),
            rows=_helps,
            anonymise=_anonymise,
        )
    )
    register(
        Part(
            key="immersions",
            title=_("Immersions"),
            columns=[
                ("date", _("Date")),
                ("length", _("Durée")),
                ("host_unit", _("Service")),
                ("reason", _("Pourquoi")),
                ("details", _("En quelques mots")),
                ("state", _("État")),
                ("decline_reason", _("Raison d'un refus")),
            ],
            empty=_("Aucune immersion."),
            rows=_immersions,
        )
    )
