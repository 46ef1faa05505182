"""Placing chosen pairs in slots: the relaxation (forum_relax) says who meets whom, this says when.

Hosts first: each host gets the number of slots its chosen agents need (⌈agents / seats⌉), the hosts needing
the most choosing first, each in the least crowded slots it can hold (availability, presenter, breaks, tables).
Then the agents with several conversations (the constrained ones) take a seat at each of their hosts, in the
slot with the most seats left where they are free; the agents with one conversation come last and always fit
(their host has exactly enough seats in all). A pair that finds no seat is repaired by one swap: an agent
already seated at that host moves to the host's free seat, in a slot where the newcomer is busy. Whatever
remains is left to ``forum_greedy.fill``. Every step checks the hard rules (``Board.fits``).
"""

from collections import defaultdict

from .forum_greedy import Board, run_fits
from .forum_problem import ForumProblem


def realise(problem: ForumProblem, pairs: list[tuple[int, int]]) -> Board:
    p = problem
    board = Board(p)
    wanted: dict[int, list[int]] = defaultdict(list)
    for agent, host in pairs:
        wanted[host].append(agent)
    host_slots = _host_slots(p, board, {h: -(-len(a) // p.seats) for h, a in wanted.items()})
    seats: dict[tuple[int, int], list[int]] = {(h, s): [] for h, slots in host_slots.items() for s in slots}
    by_agent: dict[int, list[int]] = defaultdict(list)
    for agent, host in pairs:
        by_agent[agent].append(host)
    agent_slots: dict[int, set[int]] = defaultdict(set)
    missed = []
    for agent in sorted(by_agent, key=lambda a: (-len(by_agent[a]), a)):
        for host in sorted(by_agent[agent], key=lambda h: (len(host_slots.get(h, ())), h)):
            options = [
                s
                for s in host_slots.get(host, ())
                if len(seats[host, s]) < p.seats
                and s not in agent_slots[agent]
                and run_fits(agent_slots[agent], s, p.max_in_a_row)
            ]
            if options:
                s = max(options, key=lambda s: (p.seats - len(seats[host, s]), -s))
                seats[host, s].append(agent)
                agent_slots[agent].add(s)
            else:
                missed.append((agent, host))
    for agent, host in missed:
        _swap_in(p, seats, agent_slots, host_slots.get(host, ()), agent, host)
    for (host, s), agents in sorted(seats.items()):
        for agent in agents:
            if board.fits(agent, host, s):
                board.take(agent, host, s)
    return board


def _host_slots(problem: ForumProblem, board: Board, needs: dict[int, int]) -> dict[int, list[int]]:
    """Each host's talking slots, hosts needing the most first, least crowded slots first."""
    p = problem
    load = defaultdict(int)
    speaking: set[tuple[str, int]] = set()
    chosen: dict[int, list[int]] = {}
    for host in sorted(needs, key=lambda h: (-needs[h], h)):
        taken: set[int] = set()
        key = board.presenter.get(host)
        for _ in range(needs[host]):
            allowed = {
                s
                for s in range(p.slots)
                if s not in taken
                and (host, s) not in p.unavailable
                and load[s] < p.tables
                and (key is None or (key, s) not in speaking)
            }
            # a slot is an option only if the host can still reach its need with it
            options = [
                s
                for s in allowed
                if run_fits(taken, s, p.max_in_a_row)
                and most_with(taken | {s}, allowed, p.slots, p.max_in_a_row) >= needs[host]
            ] or [s for s in allowed if run_fits(taken, s, p.max_in_a_row)]
            if not options:
                break
            s = min(options, key=lambda s: (load[s], s))
            taken.add(s)
            load[s] += 1
            if key is not None:
                speaking.add((key, s))
        chosen[host] = sorted(taken)
    return chosen


def _swap_in(problem, seats, agent_slots, slots, agent: int, host: int) -> bool:
    """Seat ``agent`` at ``host`` by moving someone already there to the host's free seat."""
    p = problem
    free = [s for s in slots if len(seats[host, s]) < p.seats]
    for target in slots:
        if target in agent_slots[agent] or not run_fits(agent_slots[agent], target, p.max_in_a_row):
            continue
        for other in seats[host, target]:
            rest = agent_slots[other] - {target}
            for spare in free:
                if spare not in rest and run_fits(rest, spare, p.max_in_a_row):
                    seats[host, target].remove(other)
                    seats[host, spare].append(other)
                    agent_slots[other] = rest | {spare}
                    seats[host, target].append(agent)
                    agent_slots[agent].add(target)
                    return True
    return False


def most_with(taken: set[int], allowed: set[int], slots: int, limit: int) -> int:
    """The most slots a host can talk in, keeping ``taken`` and adding some of ``allowed``, with no run
    longer than ``limit`` (dynamic programming over the slots, the state being the current run)."""
    minus = -(slots + 1)
    best = [0] + [minus] * limit  # best[r]: most slots so far, ending with a run of r
    for s in range(slots):
        new = [minus] * (limit + 1)
        if s not in taken:
            new[0] = max(best)
        if s in taken or s in allowed:
            for run in range(limit):
                if best[run] >= 0:
                    new[run + 1] = max(new[run + 1], best[run] + 1)
        best = new
    return max(best)
