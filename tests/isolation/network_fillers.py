"""The outsider network's shared scheme, for the URL filler ``scheme_id`` of the networks pages (issue 18),
created once per cast on first use."""

import datetime

from tests.cast import MARKER


def scheme_id(cast) -> int:
    found = getattr(cast, "_outsider_scheme", None)
    if found is None:
        from passerelles.networks.models import SharedScheme

        found = SharedScheme.objects.create(
            network=cast.outsider_network,
            name=f"Dispositif {MARKER}",
            description=MARKER,
            max_percent=40,
            max_months=12,
            adopted_on=datetime.date(2026, 1, 1),
        )
        cast._outsider_scheme = found
    return found.pk
