"""The rota of a pooled agent as plain rules (no database): when a recurring slot occurs, the hours of a week,
and why a new slot is refused.

Why a module of its own: the hard rule of a pooled (« volant ») agent — the rota never exceeds the weekly
hours the agent agreed to, and never puts them in two places at once — must hold whatever the page, the demo
or a replacement accepted by the network coordinator writes. Each is checked here, on plain ``Slot`` values,
and tested without the database (a property test throws random rotas at it).

A slot recurs on one weekday, every week or every other week, between two dates (both included). Every
other week counts from the slot's first occurrence, so a slot starting on a « off » week is simply shifted.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_WEEKLY_MINUTES = 48 * 60  # the legal weekly maximum (décret n° 2000-815, art. 3; 2001-623 territoriale)
MAX_SPAN_DAYS = 3 * 366  # a recurring assignment covers at most three years: a longer one is a new decision


WEEKDAYS = [
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
]


def weekday_label(weekday: int) -> str:
    return str(WEEKDAYS[weekday])


def hours_label(minutes: int) -> str:
    """« 17 h 30 », « 20 h »: the French way of writing a number of hours."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday
    start: datetime.time
    end: datetime.time
    starts_on: datetime.date
    ends_on: datetime.date
    every_other_week: bool = False
    place: str = ""  # the site's name, for the messages

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def first_date(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=(self.weekday - self.starts_on.weekday()) % 7)

    def occurs_on(self, day: datetime.date) -> bool:
        if day.weekday() != self.weekday or not (self.starts_on <= day <= self.ends_on):
            return False
        return not self.every_other_week or ((day - self.first_date).days // 7) % 2 == 0

    def dates(self) -> Iterator[datetime.date]:
        day, step = self.first_date, datetime.timedelta(days=14 if self.every_other_week else 7)
        while day <= self.ends_on:
            yield day
            day += step

    def overlaps_in_time(self, other: "Slot") -> bool:
        return self.start < other.end and other.start < self.end


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_minutes(slots: Iterable[Slot], monday: datetime.date) -> int:
    """The minutes the rota gives in the week starting on ``monday`` (each slot occurs at most once a week)."""
    return sum(s.minutes for s in slots if s.occurs_on(monday + datetime.timedelta(days=s.weekday)))


def shape_refusal(slot: Slot) -> str:
    """What is wrong with a slot on its own (« » when nothing)."""
    if slot.minutes <= 0:
        return _("L'heure de fin doit suivre l'heure de début.")
    if slot.ends_on < slot.starts_on:
        return _("La date de fin doit suivre la date de début.")
    if (slot.ends_on - slot.starts_on).days > MAX_SPAN_DAYS:
        return _(
            "Une affectation récurrente couvre trois ans au plus : au-delà, c'est une nouvelle décision."
        )
    if next(slot.dates(), None) is None:
        return _("Ce créneau ne tombe aucun %(day)s entre ces deux dates.") % {
            "day": weekday_label(slot.weekday)
        }
    return ""


def refusal(candidate: Slot, existing: Iterable[Slot], cap_minutes: int) -> str:
    """Why ``candidate`` cannot join the rota ``existing`` under a weekly cap, in one French sentence;
    « » when it can. Checked in order: the slot itself, an overlap with the rota, then every week it touches
    against the cap."""
    shape = shape_refusal(candidate)
    if shape:
        return shape
    existing = list(existing)
    for day in candidate.dates():
        for other in existing:
            if other.occurs_on(day) and candidate.overlaps_in_time(other):
                return _(
                    "Ce créneau chevauche celui du %(day)s %(date)s de %(start)s à %(end)s%(place)s : l'agent "
                    "ne peut pas être à deux endroits à la fois."
                ) % {
                    "day": weekday_label(other.weekday),
                    "date": f"{day:%d/%m/%Y}",
                    "start": f"{other.start:%H:%M}",
                    "end": f"{other.end:%H:%M}",
                    "place": f" ({other.place})" if other.place else "",
                }
        monday = monday_of(day)
        total = candidate.minutes + week_minutes(existing, monday)
        if total > cap_minutes:
            return _(
                "Refusé : la semaine du %(monday)s compterait %(total)s, au-delà des %(cap)s par semaine acceptées "
                "par l'agent. Raccourcissez le créneau ou retirez-en un autre."
            ) % {"monday": f"{monday:%d/%m/%Y}", "total": hours_label(total), "cap": hours_label(cap_minutes)}
    return ""


def week_grid(slots: Iterable[Slot], monday: datetime.date) -> list[tuple[datetime.date, list[Slot]]]:
    """The seven days of a week with the slots that occur on each, by start time (the shared schedule)."""
    slots = list(slots)
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        days.append((day, sorted((s for s in slots if s.occurs_on(day)), key=lambda s: s.start)))
    return days
