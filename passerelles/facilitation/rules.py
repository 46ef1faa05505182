"""The facilitators' pool's rules, without the database (issue 19; tested in tests/test_facilitation_rules.py).

A facilitation call is short and voluntary: 15 minutes to 4 hours, in the future, within the hours per month
the volunteer offered, and never on top of another call they accepted. The same checks run when the call is
sent and again when the volunteer accepts it (two organisers may have sent calls meanwhile).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_MINUTES, MAX_MINUTES = 15, 4 * 60
MAX_HOURS_PER_MONTH = 40
MAX_TOPICS, MAX_TOPIC_LENGTH = 8, 40


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime
    minutes: int

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes)


def parse_topics(text: str) -> list[str]:
    """Free tags, short: split on commas or semicolons, trimmed, without duplicates (case aside), at most 8."""
    topics, seen = [], set()
    for raw in text.replace(";", ",").split(","):
        topic = " ".join(raw.split())[:MAX_TOPIC_LENGTH]
        if topic and topic.casefold() not in seen:
            seen.add(topic.casefold())
            topics.append(topic)
    return topics[:MAX_TOPICS]


def overlaps(a: Slot, b: Slot) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def same_month(a: datetime.datetime, b: datetime.datetime) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def call_refusal(
    *,
    slot: Slot,
    now: datetime.datetime,
    hours_per_month: int,
    committed: list[Slot],
) -> str:
    """Why this call cannot be sent (or accepted), in French, or "" when it can. ``committed``: the
    volunteer's accepted (and held) calls; datetimes in the local time zone."""
    if not MIN_MINUTES <= slot.minutes <= MAX_MINUTES:
        return _("Une animation dure de 15 minutes à 4 heures.")
    if slot.starts_at <= now:
        return _("Cette date est passée : choisissez une date à venir.")
    clash = next((other for other in committed if overlaps(slot, other)), None)
    if clash is not None:
        return _("La personne a déjà accepté une animation à ce moment-là (le %(when)s).") % {
            "when": clash.starts_at.strftime("%d/%m/%Y à %H:%M")
        }
    month_minutes = sum(o.minutes for o in committed if same_month(o.starts_at, slot.starts_at))
    if month_minutes + slot.minutes > hours_per_month * 60:
        left = max(hours_per_month * 60 - month_minutes, 0)
        return _(
            "C'est au-delà des %(cap)s h par mois que la personne propose : il lui reste %(left)s ce mois-là."
        ) % {"cap": hours_per_month, "left": format_minutes(left)}
    return ""


def format_minutes(minutes: int) -> str:
    """« 1 h 30 », « 45 min », « 2 h »."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


# The call's life: who moves it where (services check the person; this table, the order).
PROPOSED, ACCEPTED, DECLINED, HELD, NOT_HELD = "proposed", "accepted", "declined", "held", "not_held"
TRANSITIONS = {
    "accept": (PROPOSED, ACCEPTED),
    "decline": (PROPOSED, DECLINED),
    "held": (ACCEPTED, HELD),
    "not_held": (ACCEPTED, NOT_HELD),
}


def next_state(state: str, action: str) -> str | None:
    """The state after ``action``, or None when the action does not apply to ``state``."""
    source, target = TRANSITIONS.get(action, (None, None))
    return target if source == state else None


def can_confirm(slot: Slot, now: datetime.datetime) -> bool:
    """The organiser says whether it took place once it has begun (not before)."""
    return now >= slot.starts_at
