"""How much time an engagement may take, by framework and organisation, counted in half-days. No database.

ASA bénévolat: the organisation's quota of days a month (2 by default); réserve communale: 15 working days a
year; any other framework: the engagement's time share of the month's working days.
"""

import datetime
import math
from dataclasses import dataclass

from passerelles.foundation.worktime import WORKING_DAYS_PER_MONTH

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


class QuotaExceeded(ValueError):
    """The entry would go beyond the quota: the message says which quota, what is used, and what is left."""


@dataclass(frozen=True)
class Quota:
    period: str  # "month" or "year"
    half_days: int
    why: str  # in French: the rule behind it

    def period_of(self, day: datetime.date) -> tuple[datetime.date, datetime.date]:
        if self.period == "year":
            return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following - datetime.timedelta(days=1)

    def period_label(self, day: datetime.date) -> str:
        return str(day.year) if self.period == "year" else f"{MONTHS[day.month - 1]} {day.year}"


def days_text(half_days: int) -> str:
    days = half_days / 2
    text = f"{days:g}".replace(".", ",")
    return f"{text} jour" if days < 2 else f"{text} jours"  # French: singular below two


def quota_for(framework_code: str | None, parameters: dict, percent: int) -> Quota:
    if framework_code == "asa_benevolat":
        days = float(parameters.get("asa_days_per_month", 2))
        return Quota(
            "month", round(days * 2), f"{days_text(round(days * 2))} par mois au titre de l'ASA bénévolat"
        )
    if framework_code == "reserve_communale":
        return Quota("year", 30, "15 jours ouvrés par an au titre de la réserve communale")
    half_days = max(1, math.ceil(percent / 100 * WORKING_DAYS_PER_MONTH * 2))
    return Quota("month", half_days, f"{percent} % du temps de travail, soit {days_text(half_days)} par mois")


def check(quota: Quota, *, used_half_days: int, new_half_days: int, day: datetime.date) -> None:
    """Refuse an entry that would go beyond the quota of its period, with a clear French sentence."""
    if used_half_days + new_half_days <= quota.half_days:
        return
    left = max(0, quota.half_days - used_half_days)
    raise QuotaExceeded(
        f"Quota dépassé : {quota.why}. Déjà saisi en {quota.period_label(day)} : {days_text(used_half_days)} ; "
        f"il reste {days_text(left)}, la saisie demandée est de {days_text(new_half_days)}."
    )
