"""Who may take which shift (the static conditions), and the candidates kept for the solver.

Why an index: 20,000 volunteers × 2,000 shifts are 40 million pairs, too many to test one by one. People are
indexed by (date, site) — a shift only looks at the people available on its date who can reach its site — and
the habilitations are tested on that short list only.

Why pruning: most eligible pairs can never matter (a shift for three people rarely needs its 200th candidate).
Each shift keeps its ``per_shift`` best candidates (see ``score``), plus every pair of the plan in force and
every pair set by hand, so the solver's model stays small (at most per_shift × shifts variables). The pruned
model is a restriction: its optimum — and the LP bound computed on it (planner_bound.py) — concern the pruned
model, which the benchmark says in its parameters.
"""

import datetime
import heapq
from collections import defaultdict

from .planner_rules import static_refusal

PER_SHIFT = 40  # candidates kept per shift (raised to 4 × head count + 10 for a large shift)


class Index:
    """People by date and reachable site; the eligible people of each shift."""

    def __init__(self, instance):
        self.instance = instance
        self.people = {person.id: person for person in instance.people}
        self.by_date: dict[datetime.date, list] = defaultdict(list)
        self.by_date_site: dict[tuple[datetime.date, int], list] = defaultdict(list)
        self.anywhere: dict[datetime.date, list] = defaultdict(list)  # people with no site condition
        for person in sorted(instance.people, key=lambda p: p.id):
            for day in person.days:
                self.by_date[day].append(person)
                if person.sites is None:
                    self.anywhere[day].append(person)
                else:
                    for site in person.sites:
                        self.by_date_site[(day, site)].append(person)
        self._reachable: dict[tuple, list] = {}

    def reachable(self, shift) -> list:
        """The people available on the shift's date who can reach its site (in id order; shared by the shifts of
        the same date and site, computed once)."""
        key = (shift.start.date(), shift.site)
        found = self._reachable.get(key)
        if found is None:
            day = key[0]
            if shift.site is None:
                found = self.by_date.get(day, [])
            else:
                found = self.by_date_site.get(key, []) + self.anywhere.get(day, [])
                found.sort(key=_person_id)
            self._reachable[key] = found
        return found

    def eligible(self, shift) -> list[int]:
        """Person ids that meet every static condition (habilitations, date, site, not excluded)."""
        needed = shift.habilitations
        found = self.reachable(shift)
        if needed:
            found = [person for person in found if needed <= person.habilitations]
        ids = [person.id for person in found]
        if self.instance.excluded:
            excluded = self.instance.excluded
            ids = [pid for pid in ids if (pid, shift.id) not in excluded]
        return ids


def _person_id(person) -> int:
    return person.id


def score(person, shift, degree: int, instance) -> tuple:
    """Higher is better (the pairs of the plan in force or set by hand are kept before any): wished skills minus
    what the person would rather not do, then the people with fewer other possibilities (they are needed here more than
    elsewhere), then a fixed pseudo-random order that spreads the load instead of always favouring low ids."""
    liking = 0
    if shift.skills:
        liking = len(person.skills & shift.skills) - len(person.rather_not & shift.skills)
    return (liking, -degree, (person.id * 2654435761 + shift.id * 40503) & 0xFFFFFFFF)


def candidates(instance, index: Index | None = None, per_shift: int = PER_SHIFT) -> dict[int, list[int]]:
    """Per shift, the eligible person ids kept for the solver, best first."""
    index = index or Index(instance)
    eligible = {shift.id: index.eligible(shift) for shift in instance.shifts}
    degree: dict[int, int] = defaultdict(int)
    for ids in eligible.values():
        for person_id in ids:
            degree[person_id] += 1
    kept: dict[int, list[int]] = {}
    pinned_pairs = instance.keep | instance.fixed
    for shift in instance.shifts:
        ids = eligible[shift.id]
        limit = max(per_shift, 4 * shift.head_count + 10)
        if len(ids) > limit:
            pinned = [pid for pid in ids if (pid, shift.id) in pinned_pairs] if pinned_pairs else []
            free = [pid for pid in ids if (pid, shift.id) not in pinned_pairs] if pinned else ids
            if shift.skills:
                others = heapq.nlargest(
                    limit, free, key=lambda pid: score(index.people[pid], shift, degree[pid], instance)
                )
            else:  # no skill wished: the same order as score's, without building tuples
                salt = shift.id * 40503
                others = heapq.nsmallest(
                    limit,
                    free,
                    key=lambda pid: (degree[pid] << 32) - ((pid * 2654435761 + salt) & 0xFFFFFFFF),
                )
            ids = pinned + others[: max(0, limit - len(pinned))]
        kept[shift.id] = ids
    return kept


def fixed_pairs(instance, roster) -> tuple[list[tuple[int, int]], list[str]]:
    """The pairs set by hand that can be honoured, taken into ``roster`` (in a stable order), and the codes of
    the others: a hand-set pair that breaks a hard constraint is dropped and reported, never forced."""
    kept, dropped = [], []
    for person_id, shift_id in sorted(instance.fixed):
        if person_id not in roster.people or shift_id not in roster.shifts:
            dropped.append((person_id, shift_id, "unknown"))
            continue
        reason = roster.refusal(person_id, shift_id)
        if reason is None:
            roster.take(person_id, shift_id)
            kept.append((person_id, shift_id))
        else:
            dropped.append((person_id, shift_id, reason))
    return kept, dropped


__all__ = ["Index", "candidates", "fixed_pairs", "score", "static_refusal"]
