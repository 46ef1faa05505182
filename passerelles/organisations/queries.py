"""Read-side helpers for organisations (always fed with already-scoped querysets)."""

from dataclasses import dataclass, field


@dataclass
class UnitNode:
    unit: object
    agent_count: int
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree(units, head_counts: dict[int, int]) -> list[UnitNode]:
    """The organisation chart as nested nodes, in one query; each unit's head count is the kept one
    (organisations/headcount.py), not counted here."""
    rows = list(units.order_by("name"))
    nodes = {unit.pk: UnitNode(unit=unit, agent_count=head_counts.get(unit.pk, 0)) for unit in rows}
    roots = []
    for unit in rows:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots
