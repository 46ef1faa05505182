"""The network's rules, without the database: a member's limits within the network's, the stricter limits of two
members, the rare skills of the network and what a deliberation must say.

Why plain functions: the same rules serve the services (which refuse before writing), the boussole's wiring
(frameworks/services.py) and the tests, which need no database to check them.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

# A skill held by at most this many agents among the profiles opened to the network is « rare ».
RARE_AT_MOST = 3


@dataclass(frozen=True)
class Limits:
    max_percent: int
    max_months: int


def take_up_errors(*, network: Limits, member: Limits) -> list[str]:
    """What is wrong with a member's limits for the network's scheme, one French sentence each (none: fine).
    A member may be stricter than the network, never wider: the network's limits are what its members agreed."""
    errors = []
    if member.max_percent > network.max_percent:
        errors.append(
            _("La quotité maximale (%(member)s %%) dépasse celle du réseau (%(network)s %%).")
            % {"member": member.max_percent, "network": network.max_percent}
        )
    if member.max_months > network.max_months:
        errors.append(
            _("La durée maximale (%(member)s mois) dépasse celle du réseau (%(network)s mois).")
            % {"member": member.max_months, "network": network.max_months}
        )
    return errors


def stricter(*limits: Limits) -> Limits:
    """The limits both members accept: the smaller time share and the shorter duration."""
    return Limits(
        max_percent=min(limit.max_percent for limit in limits),
        max_months=min(limit.max_months for limit in limits),
    )


def deliberation_errors(*, status: str, decided_on: datetime.date | None) -> list[str]:
    """A vote, for or against, has a date; one to come may have a planned date or none."""
    if status in ("votee", "refusee") and decided_on is None:
        return [_("Indiquez la date de la délibération votée ou refusée.")]
    return []


@dataclass(frozen=True)
class RareSkill:
    key: str
    label: str
    count: int
    organisations: tuple[str, ...]
    names: tuple[str, ...]  # only the people whose profile the reader may see; the others are counted


def rare_skills(rows: Iterable[tuple], *, at_most: int = RARE_AT_MOST) -> list[RareSkill]:
    """Skills held by few agents. ``rows``: (key, label, agent id, organisation name, name or None) for every
    skill of every profile opened to the network — the caller has already left out any other profile, and
    gives a name only where the reader may see the person. Rarest first, then alphabetical."""
    by_key: dict[str, dict] = {}
    for key, label, agent_id, organisation, name in rows:
        entry = by_key.setdefault(key, {"label": label, "agents": {}, "organisations": set()})
        entry["agents"][agent_id] = name
        entry["organisations"].add(organisation)
    found = [
        RareSkill(
            key=key,
            label=entry["label"],
            count=len(entry["agents"]),
            organisations=tuple(sorted(entry["organisations"])),
            names=tuple(sorted(name for name in entry["agents"].values() if name)),
        )
        for key, entry in by_key.items()
        if len(entry["agents"]) <= at_most
    ]
    return sorted(found, key=lambda skill: (skill.count, skill.label.lower()))
