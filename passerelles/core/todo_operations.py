"""« À faire » : what keeps the service running, for HR and administrators — SIRH imports to resume, e-mails
not sent. Each is one query, at most ``limit`` lines (core/todo.py gathers the groups)."""

from django.urls import reverse
from django.utils.translation import gettext as _


def imports_to_resume(user, hr_orgs, limit: int) -> list[tuple[str, str]]:
    """SIRH imports that failed or whose worker stopped: HR relaunches or discards them."""
    from passerelles.people.models import AgentImport, ImportStatus

    candidates = (
        AgentImport.objects.for_actor(user)
        .filter(
            organisation_id__in=hr_orgs,
            status__in=[ImportStatus.FAILED, ImportStatus.CHECKING, ImportStatus.APPLYING],
        )
        .order_by("-created_at")[:limit]
    )
    return [
        (
            f"{item.filename} — {_('Interrompu') if item.is_interrupted else item.get_status_display()}",
            reverse("import_detail", kwargs={"import_id": item.pk}),
        )
        for item in candidates
        if item.can_retry
    ]


def emails_not_sent(user, admin_orgs, limit: int) -> list[tuple[str, str]]:
    """E-mails of the organisation in failure or abandoned: its administrators may relaunch them."""
    from passerelles.outbox.models import RETRYABLE_STATES, OutboxMessage

    # The few e-mails in failure are found by their state's index first: asked with the organisation, SQLite
    # walks the organisation's whole outbox in date order (117 ms at 100,000 agents), its statistics not
    # telling how rare these states are among the sent ones.
    retryable = OutboxMessage.objects.filter(state__in=RETRYABLE_STATES).values("pk")
    messages = (
        OutboxMessage.objects.for_actor(user)
        .filter(organisation_id__in=admin_orgs, pk__in=retryable)
        .only("pk", "subject", "state")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        (f"{m.subject} — {m.get_state_display()}", reverse("outbox_retry", kwargs={"message_id": m.pk}))
        for m in messages
    ]
