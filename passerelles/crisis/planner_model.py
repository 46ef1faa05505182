"""The planner's constraints as linear inequalities over the candidate pairs, shared by the CP-SAT model
(planner_cpsat.py) and its LP relaxation (planner_bound.py), so that the bound is the bound of the very model
that is solved.

Why cliques: two shifts of one person conflict when their intervals, each stretched by the minimum rest,
overlap. These stretched intervals form an interval graph, whose maximal cliques are found at the starts of
the intervals: « at most one of the shifts under this start » is both fewer constraints than one per
conflicting pair and a much tighter LP relaxation (pairs would let every shift be taken at one half).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .planner_greedy import weight
from .planner_rules import floor_caps


@dataclass
class Model:
    pairs: list[tuple[int, int]]  # variable i is the pair pairs[i] = (person, shift)
    weights: list[int]  # coverage weight of each variable
    heads: list[tuple[list[int], int]] = field(default_factory=list)  # (variables of a shift, head count)
    cliques: list[list[int]] = field(default_factory=list)  # at most one of these
    weeks: list[tuple[list[int], list[int], int]] = field(default_factory=list)  # (vars, minutes, limit)
    floors: list[tuple[list[list[int]], int]] = field(default_factory=list)  # (per person: vars, cap)
    fixed: list[int] = field(default_factory=list)  # variables forced to 1
    by_person: dict[int, list[int]] = field(default_factory=dict)


def build(instance, kept: dict[int, list[int]], slots, fixed: list[tuple[int, int]]) -> Model:
    shifts = {shift.id: shift for shift in instance.shifts}
    people = {person.id: person for person in instance.people}
    pairs, weights = [], []
    heads = []
    by_person: dict[int, list[int]] = defaultdict(list)
    for shift in instance.shifts:
        variables = []
        for person_id in kept.get(shift.id, ()):
            variables.append(len(pairs))
            by_person[person_id].append(len(pairs))
            pairs.append((person_id, shift.id))
            weights.append(weight(shift))
        if len(variables) > shift.head_count:
            heads.append((variables, shift.head_count))
    model = Model(pairs=pairs, weights=weights, heads=heads, by_person=dict(by_person))
    position = {pair: i for i, pair in enumerate(pairs)}
    model.fixed = [position[pair] for pair in fixed if pair in position]
    rest = instance.min_rest_minutes
    caps = floor_caps(instance)
    lent: dict[tuple, list[list[int]]] = defaultdict(list)
    seen_cliques: set[tuple[int, ...]] = set()
    for person_id, variables in by_person.items():
        person = people[person_id]
        ordered = sorted(variables, key=lambda i: slots[pairs[i][1]].start)
        for k, here in enumerate(ordered):
            start = slots[pairs[here][1]].start
            clique = [i for i in ordered[: k + 1] if start < slots[pairs[i][1]].end + rest]
            key = tuple(clique)
            if len(clique) > 1 and key not in seen_cliques:
                seen_cliques.add(key)
                model.cliques.append(clique)
        per_week: dict[tuple, list[int]] = defaultdict(list)
        per_day: dict = defaultdict(list)
        for i in variables:
            here = slots[pairs[i][1]]
            per_week[here.week].append(i)
            per_day[here.date].append(i)
        for week_vars in per_week.values():
            lengths = [slots[pairs[i][1]].length for i in week_vars]
            if sum(lengths) > person.max_minutes_per_week:
                model.weeks.append((week_vars, lengths, person.max_minutes_per_week))
        if person.home_unit in caps:
            for day, day_vars in per_day.items():
                lent[(person.home_unit, day)].append(day_vars)
    for (unit, _day), groups in lent.items():
        if len(groups) > caps[unit]:
            model.floors.append((groups, caps[unit]))
    del shifts
    return model
