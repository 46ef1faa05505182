"""Working time as a commons (issue 22, 5), without the database.

« Approcher le temps de travail comme un commun » — « un quota de jours pour chaque agent·e à mettre à
disposition d'un autre service », « du micro-don au jumelage inter-services ». An organisation may adopt, by a
deliberation, an annual allowance of solidarity days per agent; each agent gives hours of it to a colleague's or
another unit's project (a micro-donation); two units may be twinned (a standing agreement to help each other),
and what each gives the other is counted both ways. The allowance is a right the deliberation opens and a cap it
sets: the gift that would pass it is refused, with the rule and the balance.
"""

import datetime

HOURS_PER_DAY = 7  # a working day, for counting hours against an allowance in days
MAX_GIFT_HOURS = HOURS_PER_DAY  # one gift is at most a day: a longer help is a mission, with its pact
MAX_ALLOWANCE_DAYS = 20
PROJECT_MAX = 200


def year_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The allowance runs by calendar year, as leave does."""
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)


def balance_hours(allowance_days: int, used_hours: int) -> int:
    return max(allowance_days * HOURS_PER_DAY - used_hours, 0)


def days_and_hours(hours: int) -> str:
    """« 1 j 3 h » — how a balance reads."""
    days, rest = divmod(max(hours, 0), HOURS_PER_DAY)
    if days and rest:
        return f"{days} j {rest} h"
    return f"{days} j" if days else f"{rest} h"
