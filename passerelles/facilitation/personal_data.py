"""The facilitators' pool in « Mes données » and in an erasure (people/personal_data_parts.py): the topics and
hours a volunteer gave, and the calls they received; anonymised, the topics and the calls' notes go (the hours
recognised stay, unnamed, for the dashboards)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passerelles.facilitation.models import FacilitationCall, Facilitator
from passerelles.people.personal_data_parts import Part, register


def _iso(value):
    return value.isoformat() if value else None


def _pool(user, agent) -> list[dict]:
    return [
        {
            "topics": ", ".join(f.topics),
            "hours_per_month": f.hours_per_month,
            "share_with_network": f.share_with_network,
            "joined_at": _iso(f.joined_at),
            "left_at": _iso(f.left_at),
        }
        for f in Facilitator.objects.filter(agent=agent)
    ]


def _calls(user, agent) -> list[dict]:
    mine = Q(facilitator__agent=agent) if agent else Q(pk__in=[])
    return [
        {
            "subject": c.subject,
            "starts_at": _iso(c.starts_at),
            "duration_minutes": c.duration_minutes,
            "state": c.get_state_display(),
            "note": c.note,
        }
        for c in FacilitationCall.objects.filter(mine | Q(organiser=user)).order_by("starts_at")
    ]


def _anonymise(agent, user) -> None:
    FacilitationCall.objects.filter(facilitator__agent=agent).update(note="", place="", visio_url="")
    Facilitator.objects.filter(agent=agent).update(topics=[])


def register_parts() -> None:
    register(
        Part(
            key="vivier-d-animateurs",
            title=_("Vivier d'animateurs"),
            columns=[
                ("topics", _("Sujets")),
                ("hours_per_month", _("Heures par mois au plus")),
                ("share_with_network", _("Visible de la coordination du réseau")),
                ("joined_at", _("Entrée")),
                ("left_at", _("Sortie")),
            ],
            empty=_("Vous n'êtes pas dans le vivier d'animateurs."),
            rows=_pool,
            anonymise=_anonymise,
        )
    )
    register(
        Part(
            key="animations",
            title=_("Appels à animer"),
            columns=[
                ("subject", _("Objet")),
                ("starts_at", _("Début")),
                ("duration_minutes", _("Durée (minutes)")),
                ("state", _("État")),
                ("note", _("Note")),
            ],
            empty=_("Aucun appel à animer."),
            rows=_calls,
        )
    )
