"""The forum scheduling problem as plain data: who wished to meet whom, and the room's limits.

A mission forum (or a café-missions) is a series of conversation rounds (slots). In each slot, at most
``tables`` hosts (a host = one mission pitch with its presenter) sit at a table each and talk with at most
``seats`` agents who wished to meet them. These frozen dataclasses carry no database object: the Django app
builds a ``ForumProblem`` from its rows, hands it to ``forum_solver.schedule`` and stores the ``ForumSchedule``
it gets back, so that the scheduler can be tested (and brute-forced) without a database.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Wish:
    agent: int
    host: int
    rank: int  # rank 1 = the agent's first choice


@dataclass(frozen=True)
class ForumProblem:
    agents: tuple[int, ...]
    hosts: tuple[int, ...]  # pitch ids
    slots: int  # conversation rounds 0..slots-1
    tables: int  # parallel tables: at most `tables` hosts talk in one slot
    seats: int  # agents per table per slot (1 = face to face; café: 3–6)
    wishes: tuple[Wish, ...]
    host_marks: frozenset[tuple[int, int]] = frozenset()  # (host, agent): the host would like to meet them
    presenters: tuple[
        tuple[int, str], ...
    ] = ()  # (host, presenter key): same presenter never twice in one slot
    max_in_a_row: int = 3  # breaks: nobody (agent or host) talks more than this many consecutive slots
    unavailable: frozenset[tuple[int, int]] = frozenset()  # (host, slot) the host cannot hold

    def __post_init__(self):
        """Refuse inconsistent data at once: a wrong problem would otherwise give a silently wrong programme."""
        if self.slots < 0 or self.tables < 0 or self.seats < 0 or self.max_in_a_row < 1:
            raise ValueError("slots, tables and seats must be >= 0 and max_in_a_row >= 1")
        agents, hosts = set(self.agents), set(self.hosts)
        if len(agents) != len(self.agents) or len(hosts) != len(self.hosts):
            raise ValueError("agents and hosts must be distinct")
        pairs = set()
        for wish in self.wishes:
            if wish.agent not in agents or wish.host not in hosts:
                raise ValueError(f"wish {wish} names an unknown agent or host")
            if wish.rank < 1:
                raise ValueError(f"wish {wish}: ranks start at 1")
            if (wish.agent, wish.host) in pairs:
                raise ValueError(f"wish {wish}: the agent already wished this host")
            pairs.add((wish.agent, wish.host))
        if len({host for host, _key in self.presenters}) != len(self.presenters):
            raise ValueError("a host has one presenter")

    def presenter_of(self) -> dict[int, str]:
        return dict(self.presenters)


@dataclass(frozen=True)
class Seat:
    agent: int
    host: int
    slot: int
    table: int


@dataclass(frozen=True)
class ForumSchedule:
    seats: tuple[Seat, ...]
    wishes_met: int
    first_choice_share: float  # agents who got their rank-1 wish / agents with at least one wish
    optimal: bool  # the solver proved optimality of its objective
    seconds: float
