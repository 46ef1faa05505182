"""« À faire » for small help (issue 19): the coups de main waiting for this person's agreement (as agent,
manager or host), the immersions their service is asked to host, the return programme proposed to them.

Each group is one query through the actor's scopes (``smallhelp.queries``), whatever the data: the manager's
item appears only once the agent agreed, as the scope says. Returned as (key, label, items) for core/todo.py.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.smallhelp import queries

LIMIT = 100


def small_help_todo(user) -> list[tuple[str, str, list[tuple[str, str]]]]:
    helps = queries.helps_awaiting(user).prefetch_related(None)[:LIMIT]
    immersions = queries.immersions_awaiting(user)[:LIMIT]
    programmes = queries.programmes_awaiting(user)[:LIMIT]
    return [
        (
            "small_help",
            _("Coups de main : accords à donner"),
            [
                (f"{h.agent.full_name} — {h.host_unit.name}", reverse("smallhelp:help_detail", args=[h.pk]))
                for h in helps
            ],
        ),
        (
            "immersions",
            _("Immersions à accueillir"),
            [
                (
                    f"{i.agent.full_name} — {i.date:%d/%m/%Y}",
                    reverse("smallhelp:immersion_detail", args=[i.pk]),
                )
                for i in immersions
            ],
        ),
        (
            "return_programmes",
            _("Parcours de retour proposé"),
            [
                (_("Parcours de retour"), reverse("smallhelp:programme_detail", args=[p.pk]))
                for p in programmes
            ],
        ),
    ]
