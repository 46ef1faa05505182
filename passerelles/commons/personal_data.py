"""The agent's gifts of time and charter readings in « Mes données »; an erasure keeps the hours (the
allowance's and the twinnings' counts) and drops the words (the project helped)."""

from django.utils.translation import gettext_lazy as _

from passerelles.commons.models import CharterAcknowledgement, TimeGift
from passerelles.people.personal_data_parts import Part, register


def _gifts(user, agent) -> list[dict]:
    rows = []
    if agent is not None:
        rows += [
            {
                "what": str(_("Don de temps")),
                "day": gift.day.isoformat(),
                "detail": f"{gift.hours} h — {gift.to_unit.name} : {gift.project}",
            }
            for gift in TimeGift.objects.filter(agent=agent).select_related("to_unit").order_by("day")
        ]
    if user is not None:
        rows += [
            {
                "what": str(_("Charte lue")),
                "day": read.acknowledged_at.date().isoformat(),
                "detail": f"{read.organisation.name}, version {read.version}",
            }
            for read in CharterAcknowledgement.objects.filter(user=user).select_related("organisation")
        ]
    return rows


def _anonymise(agent, user) -> None:
    TimeGift.objects.filter(agent=agent).update(project="—")


def register_parts() -> None:
    register(
        Part(
            key="temps_en_commun",
            title=_("Temps en commun"),
            columns=[("what", _("Quoi")), ("day", _("Jour")), ("detail", _("Détail"))],
            empty=_("Aucun don de temps, aucune charte lue."),
            rows=_gifts,
            anonymise=_anonymise,
        )
    )
