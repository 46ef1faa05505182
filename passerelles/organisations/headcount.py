"""Head counts kept, not counted on each view (issue 21): the organisation page showed a COUNT over every agent
of the organisation and one per unit, the network page one per member — 271 ms on a 100,000-agent network.

``recount`` computes the counts of some organisations (or all) in one grouped query over their agents (on the
index that starts with the organisation) and replaces their ``HeadCount`` rows; the pages read those rows
(``counts_of``). Exact after each writer that calls it — the SIRH import's apply, an erasure, the demo build —
and at worst one day late after a change by another path (the admin site, a shell): the daily job recounts
every organisation, and the pages say when the figures were counted. An organisation never counted yet (just
created, or from before this table) is counted live on each view, without keeping the figures, until then.

The agents are read by name (``apps.get_model``): people builds on organisations, not the other way.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from passerelles.organisations.models import HeadCount


@dataclass
class Counts:
    total: int = 0
    by_unit: dict[int, int] = field(default_factory=dict)
    counted_at: datetime.datetime | None = None


def recount(organisation_ids=None, *, now=None) -> int:
    """Count the active agents of these organisations (every one when None), in all and per unit, and keep the
    figures. Returns the number of organisations counted."""
    Organisation = apps.get_model("organisations", "Organisation")
    now = now or timezone.now()
    organisations = Organisation.objects.all()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=set(organisation_ids))
    with transaction.atomic():
        # two recounts of the same organisation (an import and the daily job) wait for each other
        ids = list(organisations.select_for_update().order_by("pk").values_list("pk", flat=True))
        if not ids:
            return 0
        rows = _count(ids, now)
        HeadCount.objects.filter(organisation_id__in=ids).delete()
        HeadCount.objects.bulk_create(rows, batch_size=1000)
    return len(ids)


def _count(ids, now) -> list[HeadCount]:
    """The head counts of these organisations, in all (``unit=None``) and per unit, not saved."""
    Agent = apps.get_model("people", "Agent")
    agents = Agent.objects.filter(organisation_id__in=ids, is_active=True)
    grouped = agents.order_by().values_list("organisation_id", "unit_id").annotate(n=Count("pk"))
    totals = dict.fromkeys(ids, 0)
    rows = []
    for organisation_id, unit_id, n in grouped:
        totals[organisation_id] += n
        if unit_id is not None:
            rows.append(
                HeadCount(organisation_id=organisation_id, unit_id=unit_id, active_agents=n, counted_at=now)
            )
    rows += [
        HeadCount(organisation_id=pk, unit=None, active_agents=n, counted_at=now) for pk, n in totals.items()
    ]
    return rows


def counts_of(organisation_ids) -> dict[int, Counts]:
    """The kept counts of these organisations, in one query (plus a live count of those never counted)."""
    ids = set(organisation_ids)
    counts = {pk: Counts() for pk in ids}
    rows = list(
        HeadCount.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "unit_id", "active_agents", "counted_at"
        )
    )
    never = ids - {organisation_id for organisation_id, unit_id, _, _ in rows if unit_id is None}
    if never:
        # Counted now but not kept: a page view never writes (a refused form must change nothing, and two
        # readers must not race to write the same rows); the next import or the daily job keeps them.
        rows += [
            (row.organisation_id, row.unit_id, row.active_agents, row.counted_at)
            for row in _count(sorted(never), timezone.now())
        ]
    for organisation_id, unit_id, n, counted_at in rows:
        if unit_id is None:
            counts[organisation_id].total = n
            counts[organisation_id].counted_at = counted_at
        else:
            counts[organisation_id].by_unit[unit_id] = n
    return counts
