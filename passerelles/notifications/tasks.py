"""Background e-mails: enqueued after the transaction commits, sent by the tasks backend."""

import logging

from django.core.mail import EmailMessage
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email(*, subject: str, body: str, to: list[str], attachments: list[list[str]] | None = None) -> bool:
    email = EmailMessage(subject=subject, body=body, to=to)
    for filename, content, mimetype in attachments or []:
        email.attach(filename, content, mimetype)
    try:
        email.send()
    except Exception:  # noqa: BLE001 — the in-app notification is saved; a transport error is logged
        logger.exception("E-mail not sent to %s", to)
        return False
    return True
