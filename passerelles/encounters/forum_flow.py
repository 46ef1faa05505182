"""Best-ranked pairs for fixed numbers: a min-cost flow (exact, a few milliseconds at 600 agents).

Once phase 1 of the relaxation has fixed how many conversations each agent has and how many slots each host
talks, choosing which wished pairs meet so as to maximise the rank weights is a transportation problem:
agents supply their number of conversations, hosts take at most seats × slots, each wished pair carries one
unit at the cost of minus its weight. CP-SAT's neighbourhood search moves slowly on this (every improvement is
a chain of exchanges between full tables), a flow finds the best at once; CP-SAT then starts from it.
"""

from ortools.graph.python import min_cost_flow


def best_pairs(
    pairs: list[tuple[int, int, int]], weights: list[int], supply: dict[int, int], capacity: dict[int, int]
) -> list[bool] | None:
    """For each pair (agent, host, rank) of ``pairs``, whether it meets; None if the numbers cannot be met."""
    flow = min_cost_flow.SimpleMinCostFlow()
    agents = {a: i + 2 for i, a in enumerate(sorted(supply))}
    hosts = {h: i + 2 + len(agents) for i, h in enumerate(sorted(capacity))}
    source, sink = 0, 1
    total = sum(supply.values())
    for agent, node in agents.items():
        if supply[agent]:
            flow.add_arc_with_capacity_and_unit_cost(source, node, supply[agent], 0)
    for host, node in hosts.items():
        if capacity[host]:
            flow.add_arc_with_capacity_and_unit_cost(node, sink, capacity[host], 0)
    arcs = []
    for (agent, host, _rank), weight in zip(pairs, weights, strict=True):
        if agent in agents and host in hosts:
            arcs.append(flow.add_arc_with_capacity_and_unit_cost(agents[agent], hosts[host], 1, -weight))
        else:
            arcs.append(None)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:
        return None
    return [arc is not None and flow.flow(arc) > 0 for arc in arcs]
