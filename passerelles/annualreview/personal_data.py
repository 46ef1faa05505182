"""The annual-review consent in « Mes données » and in an erasure (people/personal_data_parts.py)."""

from django.utils.translation import gettext_lazy as _

from passerelles.annualreview.models import ReviewConsent
from passerelles.people.personal_data_parts import Part, register


def _iso(value):
    return value.isoformat() if value else None


def _rows(user, agent) -> list[dict]:
    if agent is None:
        return []
    return [
        {"given_at": _iso(c.given_at), "withdrawn_at": _iso(c.withdrawn_at)}
        for c in ReviewConsent.objects.filter(agent=agent)
    ]


def _anonymise(agent, user) -> None:
    # the row and its history go: an anonymised person shares nothing with any campaign
    ReviewConsent.objects.filter(agent=agent).delete()
    ReviewConsent.history.filter(agent_id=agent.pk).delete()


def register_parts() -> None:
    register(
        Part(
            key="entretien-annuel",
            title=_("Partage de mes missions avec l'entretien annuel"),
            columns=[
                ("given_at", _("Accord donné le")),
                ("withdrawn_at", _("Accord retiré le")),
            ],
            empty=_("Vous n'avez pas partagé vos missions avec la campagne d'entretien annuel."),
            rows=_rows,
            anonymise=_anonymise,
        )
    )
