"""The outsider organisation's webhook endpoint (issue 20), for the URL fillers of the webhook pages (created
once per cast, on first use): its address and description carry the marker, its secret is what a leak would
give away."""

from tests.cast import MARKER


def outsider_endpoint(cast):
    found = getattr(cast, "_outsider_endpoint", None)
    if found is not None:
        return found
    from passerelles.outbox.models import WebhookEndpoint

    found = WebhookEndpoint.objects.create(
        organisation=cast.outsider,
        url=f"https://rh.{MARKER.lower()}.example/webhook",
        description=f"SIRH {MARKER}",
        secret=f"secret-{MARKER}-0123456789abcdef0123456789",
        events=["engagement.ready"],
    )
    cast._outsider_endpoint = found
    return found


def endpoint_id(cast) -> int:
    return outsider_endpoint(cast).pk


def state(cast) -> list:
    from passerelles.outbox.models import WebhookEndpoint

    return list(
        WebhookEndpoint.objects.filter(organisation=cast.outsider).values_list(
            "pk", "url", "secret", "is_active", "events"
        )
    )
