"""The greedy baseline of the forum scheduler, and the table plan shared with the solver.

Greedy: rounds of fair share — in round k every agent who has k−1 conversations tries to get a k-th one, the
agents with the fewest wishes first (they have the fewest ways out), taking their best-ranked wish that still
fits, in a slot where the host already talks when possible (a table saved for another host). Every hard rule
is checked before each seat is taken (``Board.fits``), so the result is always valid. The solver starts from
it (a hint) and falls back on it when it finds nothing better in its time.
"""

from collections import defaultdict

from .forum_problem import ForumProblem, Seat


def run_fits(taken: set[int], slot: int, limit: int) -> bool:
    """Would adding ``slot`` to ``taken`` make a run of consecutive slots longer than ``limit``?"""
    length = 1
    before = slot - 1
    while before in taken:
        length += 1
        before -= 1
    after = slot + 1
    while after in taken:
        length += 1
        after += 1
    return length <= limit


class Board:
    """The schedule being built, with the indexes the hard rules need."""

    def __init__(self, problem: ForumProblem):
        self.problem = problem
        self.presenter = problem.presenter_of()
        self.agent_slots: dict[int, set[int]] = defaultdict(set)
        self.met: dict[int, set[int]] = defaultdict(set)
        self.filled: dict[tuple[int, int], int] = defaultdict(int)  # (host, slot) -> agents
        self.host_slots: dict[int, set[int]] = defaultdict(set)
        self.slot_hosts: dict[int, set[int]] = defaultdict(set)
        self.speaking: set[tuple[str, int]] = set()  # (presenter, slot)
        self.meetings: list[tuple[int, int, int]] = []  # (agent, host, slot)

    def fits(self, agent: int, host: int, slot: int) -> bool:
        p = self.problem
        if slot in self.agent_slots[agent] or host in self.met[agent]:
            return False
        if (host, slot) in p.unavailable or not run_fits(self.agent_slots[agent], slot, p.max_in_a_row):
            return False
        if slot in self.host_slots[host]:
            return self.filled[host, slot] < p.seats
        if p.seats < 1 or len(self.slot_hosts[slot]) >= p.tables:
            return False
        key = self.presenter.get(host)
        if key is not None and (key, slot) in self.speaking:
            return False
        return run_fits(self.host_slots[host], slot, p.max_in_a_row)

    def take(self, agent: int, host: int, slot: int) -> None:
        self.agent_slots[agent].add(slot)
        self.met[agent].add(host)
        self.filled[host, slot] += 1
        if slot not in self.host_slots[host]:
            self.host_slots[host].add(slot)
            self.slot_hosts[slot].add(host)
            key = self.presenter.get(host)
            if key is not None:
                self.speaking.add((key, slot))
        self.meetings.append((agent, host, slot))


def wishes_by_agent(problem: ForumProblem) -> dict[int, list[int]]:
    """Each agent's wished hosts, best rank first."""
    by_agent: dict[int, list] = defaultdict(list)
    for wish in sorted(problem.wishes, key=lambda w: (w.agent, w.rank, w.host)):
        by_agent[wish.agent].append(wish.host)
    return by_agent


def greedy_meetings(problem: ForumProblem) -> list[tuple[int, int, int]]:
    """(agent, host, slot) triples keeping every hard rule; see the module docstring for the order."""
    board = Board(problem)
    fill(board, wishes_by_agent(problem))
    return board.meetings


def fill(board: Board, lists: dict[int, list[int]]) -> None:
    """Rounds of fair share on ``board``: in round k, each agent with k conversations tries to get one more
    among the hosts of their list (best first). Called again with longer lists, it completes a schedule."""
    order = sorted(lists, key=lambda a: (len(lists[a]), a))
    for round_ in range(max((len(v) for v in lists.values()), default=0)):
        progress = False
        for agent in order if round_ % 2 == 0 else reversed(order):
            if len(board.met[agent]) != round_:
                continue
            choice = _best_seat(board, agent, lists[agent])
            if choice is not None:
                board.take(agent, *choice)
                progress = True
        if not progress and round_ >= max((len(board.met[a]) for a in order), default=0):
            break


def _best_seat(board: Board, agent: int, hosts: list[int]) -> tuple[int, int] | None:
    for host in hosts:
        if host in board.met[agent]:
            continue
        options = [s for s in range(board.problem.slots) if board.fits(agent, host, s)]
        if options:
            # an already open table first (saves a table), then the earliest slot
            return host, min(options, key=lambda s: (s not in board.host_slots[host], s))
    return None


def assign_tables(problem: ForumProblem, meetings) -> tuple[Seat, ...]:
    """Seats with tables: each host keeps one table for all its slots whenever the others allow it.

    Hosts that talk in the most slots choose first (DSatur-like): a host gets a home table no host already
    placed uses in the same slots. A host left without one takes the table that clashes least and, in a slot
    where that table is held, any free table (at most ``tables`` hosts talk per slot, so one is always free).
    """
    active: dict[int, set[int]] = defaultdict(set)
    for _agent, host, slot in meetings:
        active[host].add(slot)
    holder: dict[tuple[int, int], int] = {}  # (table, slot) -> host
    home: dict[int, int] = {}
    homeless = []
    for host in sorted(active, key=lambda h: (-len(active[h]), h)):
        free = [t for t in range(problem.tables) if all((t, s) not in holder for s in active[host])]
        if free:
            home[host] = min(free, key=lambda t: (sum(1 for (tt, _s) in holder if tt == t), t))
            for s in active[host]:
                holder[home[host], s] = host
        else:
            homeless.append(host)
    placed: dict[tuple[int, int], int] = {(host, s): t for (t, s), host in holder.items()}
    for host in homeless:
        preferred = min(
            range(problem.tables), key=lambda t: (sum(1 for s in active[host] if (t, s) in holder), t)
        )
        for s in sorted(active[host]):
            table = preferred
            if (preferred, s) in holder:
                table = next(t for t in range(problem.tables) if (t, s) not in holder)
            holder[table, s] = host
            placed[host, s] = table
    return tuple(
        sorted(
            (Seat(agent=a, host=h, slot=s, table=placed[h, s]) for a, h, s in meetings),
            key=lambda seat: (seat.slot, seat.table, seat.agent),
        )
    )
