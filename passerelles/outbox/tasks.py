"""Outbox delivery as tasks: one message as soon as it is written, or the whole due queue."""

from django_tasks import task

from passerelles.outbox.delivery import deliver_due, deliver_one


@task()
def deliver_message(*, message_id: int) -> str | None:
    return deliver_one(message_id)


@task()
def deliver_outbox() -> dict[str, int]:
    return deliver_due()
