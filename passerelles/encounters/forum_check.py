"""Every hard rule of the forum programme, checked on a finished schedule, in plain French.

Kept apart from the solver so that what is checked does not depend on how the schedule was built: the tests
run it on every solver output and on hand-broken schedules, and the app may run it before publishing.
"""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from .forum_problem import ForumProblem, ForumSchedule


def _runs_too_long(slots: set[int], limit: int) -> list[int]:
    """First slot of each run of consecutive slots longer than ``limit``."""
    starts = []
    for s in sorted(slots):
        if s - 1 in slots:
            continue
        length = 1
        while s + length in slots:
            length += 1
        if length > limit:
            starts.append(s)
    return starts


def check(problem: ForumProblem, result: ForumSchedule) -> list[str]:
    """Each broken rule as one French sentence; an empty list when the schedule is valid."""
    errors: list[str] = []
    p = problem
    wished = {(w.agent, w.host) for w in p.wishes}
    agents, hosts = set(p.agents), set(p.hosts)
    presenter = p.presenter_of()
    agent_slot = Counter()
    agent_host = Counter()
    host_tables: dict[tuple[int, int], set[int]] = defaultdict(set)
    table_hosts: dict[tuple[int, int], set[int]] = defaultdict(set)
    host_count = Counter()
    agent_slots: dict[int, set[int]] = defaultdict(set)
    host_slots: dict[int, set[int]] = defaultdict(set)
    for seat in result.seats:
        a, h, s, t = seat.agent, seat.host, seat.slot, seat.table
        if a not in agents or h not in hosts:
            errors.append(_("Agent %(a)s ou hôte %(h)s inconnu du forum.") % {"a": a, "h": h})
            continue
        if not 0 <= s < p.slots:
            errors.append(_("Le créneau %(s)s n'existe pas.") % {"s": s})
            continue
        if not 0 <= t < p.tables:
            errors.append(_("La table %(t)s n'existe pas.") % {"t": t})
            continue
        if (a, h) not in wished:
            errors.append(_("L'agent %(a)s n'a pas demandé à rencontrer l'hôte %(h)s.") % {"a": a, "h": h})
        if (h, s) in p.unavailable:
            errors.append(_("L'hôte %(h)s n'est pas disponible au créneau %(s)s.") % {"h": h, "s": s})
        agent_slot[a, s] += 1
        agent_host[a, h] += 1
        host_tables[h, s].add(t)
        table_hosts[t, s].add(h)
        host_count[h, s] += 1
        agent_slots[a].add(s)
        host_slots[h].add(s)
    for (a, s), n in sorted(agent_slot.items()):
        if n > 1:
            errors.append(
                _("L'agent %(a)s a %(n)s conversations au créneau %(s)s.") % {"a": a, "n": n, "s": s}
            )
    for (a, h), n in sorted(agent_host.items()):
        if n > 1:
            errors.append(_("L'agent %(a)s rencontre l'hôte %(h)s %(n)s fois.") % {"a": a, "h": h, "n": n})
    for (h, s), tables in sorted(host_tables.items()):
        if len(tables) > 1:
            errors.append(_("L'hôte %(h)s est à plusieurs tables au créneau %(s)s.") % {"h": h, "s": s})
    for (t, s), table in sorted(table_hosts.items()):
        if len(table) > 1:
            errors.append(_("La table %(t)s reçoit plusieurs hôtes au créneau %(s)s.") % {"t": t, "s": s})
    for s in range(p.slots):
        talking = {h for (h, slot) in host_count if slot == s}
        if len(talking) > p.tables:
            errors.append(
                _("Au créneau %(s)s, %(n)s hôtes parlent pour %(t)s tables.")
                % {"s": s, "n": len(talking), "t": p.tables}
            )
        speaking = Counter(presenter[h] for h in talking if h in presenter)
        for key, n in sorted(speaking.items()):
            if n > 1:
                errors.append(
                    _("La personne %(k)s présente %(n)s missions au créneau %(s)s.")
                    % {"k": key, "n": n, "s": s}
                )
    for (h, s), n in sorted(host_count.items()):
        if n > p.seats:
            errors.append(
                _("L'hôte %(h)s reçoit %(n)s agents au créneau %(s)s pour %(c)s places.")
                % {"h": h, "n": n, "s": s, "c": p.seats}
            )
    for a, slots in sorted(agent_slots.items()):
        for s in _runs_too_long(slots, p.max_in_a_row):
            errors.append(
                _("L'agent %(a)s enchaîne plus de %(k)s conversations à partir du créneau %(s)s, sans pause.")
                % {"a": a, "k": p.max_in_a_row, "s": s}
            )
    for h, slots in sorted(host_slots.items()):
        for s in _runs_too_long(slots, p.max_in_a_row):
            errors.append(
                _("L'hôte %(h)s enchaîne plus de %(k)s créneaux à partir du créneau %(s)s, sans pause.")
                % {"h": h, "k": p.max_in_a_row, "s": s}
            )
    if result.wishes_met != len(result.seats):
        errors.append(
            _("Le nombre de vœux satisfaits (%(n)s) ne correspond pas aux conversations (%(c)s).")
            % {"n": result.wishes_met, "c": len(result.seats)}
        )
    return errors
