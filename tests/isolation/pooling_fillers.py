"""The outsider organisation's pooled agent, with a site, a slot and a replacement request, for the URL fillers
of the pooling pages (issue 18; created once per cast, on first use)."""

import datetime

from django.utils import timezone

from tests.cast import MARKER


def outsider_pool_world(cast) -> dict:
    found = getattr(cast, "_outsider_pool", None)
    if found is not None:
        return found
    from passerelles.organisations.models import WorkSite
    from passerelles.pooling.models import Assignment, Pool, PoolMember, PoolSite, ReplacementRequest

    today = timezone.localdate()
    pool = Pool.objects.create(
        name=f"Volant {MARKER}",
        agent=cast.outsider_agent,
        organisation=cast.outsider,
        network=cast.outsider_network,
        weekly_cap_minutes=600,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
        consent_at=timezone.now(),
        consent_cap_minutes=600,
    )
    PoolMember.objects.create(pool=pool, organisation=cast.outsider, cost_share=100)
    site = PoolSite.objects.create(
        pool=pool, site=WorkSite.objects.filter(organisation=cast.outsider).first()
    )
    slot = Assignment.objects.create(
        pool=pool,
        site=site,
        weekday=today.weekday(),
        start_time=datetime.time(8),
        end_time=datetime.time(12),
        starts_on=today,
        ends_on=pool.ends_on,
    )
    replacement = ReplacementRequest.objects.create(
        pool=pool,
        site=site,
        date=today,
        start_time=datetime.time(13),
        end_time=datetime.time(15),
        reason=f"Motif {MARKER}",
    )
    found = {"pool": pool, "slot": slot, "replacement": replacement}
    cast._outsider_pool = found
    return found


def pool_id(cast) -> int:
    return outsider_pool_world(cast)["pool"].pk


def slot_id(cast) -> int:
    return outsider_pool_world(cast)["slot"].pk


def replacement_id(cast) -> int:
    return outsider_pool_world(cast)["replacement"].pk


def state(cast) -> list:
    """What a request could change in the outsider's pool (for the isolation test's before/after)."""
    from passerelles.engagements.models import Engagement
    from passerelles.pooling.models import Assignment, Pool, PoolSite, ReplacementRequest
    from passerelles.renewals.models import HandoverNote, KeyPost

    outsider_pool_world(cast)
    org = cast.outsider
    return [
        list(Pool.objects.filter(organisation=org).values_list("pk", "consent_at", "weekly_cap_minutes")),
        list(PoolSite.objects.filter(pool__organisation=org).values_list("pk", "site_id", "manager_id")),
        list(
            Assignment.objects.filter(pool__organisation=org).values_list(
                "pk", "weekday", "start_time", "end_time"
            )
        ),
        list(
            ReplacementRequest.objects.filter(pool__organisation=org).values_list(
                "pk", "status", "assignment_id"
            )
        ),
        # renewals: the outsider's engagements' extension rounds, key posts and hand-over notes
        list(
            Engagement.objects.filter(agent__organisation=org).values_list(
                "pk", "agreement_round", "extension_end_date"
            )
        ),
        KeyPost.objects.filter(engagement__agent__organisation=org).count(),
        list(HandoverNote.objects.filter(engagement__agent__organisation=org).values_list("pk", "ongoing")),
    ]
