"""Read-side helpers for organisations (always fed with already-scoped querysets)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q


@dataclass
class UnitNode:
    unit: object
    agent_count: int
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree(units) -> list[UnitNode]:
    """The organisation chart as nested nodes, in one query."""
    rows = list(
        units.annotate(agent_count=Count("agents", filter=Q(agents__is_active=True))).order_by("name")
    )
    nodes = {unit.pk: UnitNode(unit=unit, agent_count=unit.agent_count) for unit in rows}
    roots = []
    for unit in rows:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots
