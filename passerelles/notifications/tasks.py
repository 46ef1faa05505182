"""Kept so that e-mail tasks queued before the outbox existed are not lost: they go to the outbox now."""

from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], attachments: list[list[str]] | None = None) -> bool:
    from passerelles.outbox.services import queue_email

    return queue_email(to=to, subject=subject, body=body, attachments=attachments or ()) is not None
