"""The outbox loses nothing: a real SMTP server (aiosmtpd) that is down, stalled or back; workers that die.

Clocks are explicit (``now=``): no test waits for a back-off or a lease to expire. The only waiting is the
stalled server's EMAIL_TIMEOUT (one second), which is what is being tested.
"""

import datetime
import email
import email.policy
import signal
import socket
from collections import Counter
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.notifications.models import Notification
from passerelles.notifications.services import notify, send_daily_digests
from passerelles.outbox.delivery import MAX_ATTEMPTS, claim, deliver_due, lease_duration
from passerelles.outbox.models import OutboxMessage, OutboxState
from passerelles.outbox.services import clean_header, queue_email, retry_now
from tests.cast import MARKER, enrol

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(datetime.datetime(2030, 3, 4, 9, 0))


def minutes(n) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.received: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return [str(make_header(decode_header(str(message["Subject"])))).strip() for message in self.received]

    def count_by_message_id(self) -> Counter:
        return Counter(message["Message-ID"] for message in self.received)


class SMTPServer:
    """A real SMTP server on a fixed local port, which the test starts and stops."""

    def __init__(self, port):
        self.port = port
        self.recorder = Recorder()
        self.controller = None

    def start(self):
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self):
        return self.recorder.received


@pytest.fixture
def smtp(settings):
    """A port for an SMTP server, not started: the mail server is down until the test starts it."""
    server = SMTPServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def stalled(settings):
    """A server that accepts TCP connections and never says a word (the kernel completes the handshake)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    yield listener
    listener.close()


def queue(n, **extra):
    return [
        queue_email(to=[f"personne{i}@exemple.fr"], subject=f"Message {i}", body=f"Texte {i}", **extra)
        for i in range(n)
    ]


def test_server_down_then_back_up_delivers_every_message_exactly_once(smtp):
    messages = queue(5)
    counts = deliver_due(now=T0)
    assert counts == {"pending": 0, "sent": 0, "failed": 5, "abandoned": 0}
    for message in OutboxMessage.objects.all():
        assert message.state == OutboxState.FAILED and message.attempts == 1
        assert "refuse la connexion" in message.last_error
        assert message.next_attempt_at == T0 + minutes(1)
    assert deliver_due(now=T0)["failed"] == 0  # nothing is due before its back-off

    smtp.start()
    assert deliver_due(now=T0 + minutes(1)) == {"pending": 0, "sent": 5, "failed": 0, "abandoned": 0}
    # Later sweeps (cron, the daily job, another worker) find nothing more to send.
    assert sum(deliver_due(now=T0 + datetime.timedelta(days=1)).values()) == 0
    assert sum(deliver_due(now=T0 + datetime.timedelta(days=30)).values()) == 0

    received = smtp.recorder.count_by_message_id()
    assert received == Counter({message.message_id: 1 for message in messages})  # none lost, none twice
    assert sorted(smtp.recorder.subjects()) == [f"Message {i}" for i in range(5)]
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    assert not OutboxMessage.objects.filter(last_error__gt="").exists()


def test_a_stalled_server_times_out_and_the_worker_moves_on(stalled, settings):
    queue(2)

    def stuck(signum, frame):
        raise AssertionError("the worker is stuck on a stalled mail server")

    # A watchdog, not a measure: without EMAIL_TIMEOUT the worker would wait for ever.
    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)
    try:
        counts = deliver_due(now=T0)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert counts["failed"] == 2
    rows = list(OutboxMessage.objects.order_by("pk"))
    assert [row.state for row in rows] == [OutboxState.FAILED, OutboxState.FAILED]  # both tried, in turn
    assert [row.last_error for row in rows] == [
        "Le serveur de courriel n'a pas répondu dans le délai de 1 s."
    ] * 2

    server = SMTPServer(free_port())  # the relay is replaced by one that answers
    server.start()
    try:
        settings.EMAIL_PORT = server.port
        assert deliver_due(now=T0 + minutes(1))["sent"] == 2
    finally:
        server.stop()
    assert len(server.received) == 2


def test_a_message_left_by_a_killed_worker_is_picked_up_after_its_lease(smtp):
    smtp.start()
    (message,) = queue(1)
    claimed = claim(now=T0)  # a worker takes it… and is killed before sending
    assert claimed is not None and claimed[0].pk == message.pk
    assert sum(deliver_due(now=T0 + minutes(1)).values()) == 0  # its lease still runs: nobody else sends
    assert smtp.received == []

    assert deliver_due(now=T0 + lease_duration() + minutes(1))["sent"] == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.attempts == 2
    assert smtp.recorder.count_by_message_id() == Counter({message.message_id: 1})
    assert claim(now=T0 + datetime.timedelta(days=1)) is None  # a sent message is never claimed again


def test_two_workers_never_claim_the_same_message(smtp):
    queue(3)
    first = claim(now=T0)
    second = claim(now=T0)
    third = claim(now=T0)
    assert claim(now=T0) is None
    assert len({first[0].pk, second[0].pk, third[0].pk}) == 3


def test_password_reset_with_the_mail_server_down_waits_in_the_outbox(
    smtp, cast, client, django_capture_on_commit_callbacks
):
    user = cast.users[Role.AGENT]
    with django_capture_on_commit_callbacks(execute=True):  # the delivery task runs, and fails
        response = client.post("/comptes/password/reset/", {"email": user.email})
    assert response.status_code == 302
    row = OutboxMessage.objects.get(to=user.email)
    assert row.state == OutboxState.FAILED and "refuse la connexion" in row.last_error
    assert row.organisation_id == cast.home.pk
    assert client.get(response["Location"]).status_code == 200

    smtp.start()
    assert deliver_due(now=timezone.now() + minutes(1))["sent"] == 1
    (received,) = smtp.received
    assert "/comptes/password/reset/key/" in received.get_body(("plain",)).get_content()


def test_password_reset_without_the_task_having_run_leaves_a_pending_row(smtp, cast, client):
    response = client.post("/comptes/password/reset/", {"email": cast.users[Role.HR].email})
    assert response.status_code == 302
    assert OutboxMessage.objects.get(to=cast.users[Role.HR].email).state == OutboxState.PENDING


def test_a_title_with_a_line_break_gives_a_clean_subject_not_a_lost_email(smtp, cast):
    from passerelles.missions.models import Mission

    smtp.start()
    mission = Mission.objects.filter(organisation=cast.home).first() or cast.outsider_mission
    mission.title = "Atelier\nnumérique\r\n\tdu mardi"
    notification = notify(
        user=cast.users[Role.AGENT],
        subject=f"« {mission.title} » : une personne est intéressée",
        message="Texte",
    )
    assert deliver_due(now=timezone.now())["sent"] == 1
    assert smtp.recorder.subjects() == [
        "[Passerelles] « Atelier numérique du mardi » : une personne est intéressée"
    ]
    notification.refresh_from_db()
    assert notification.email.state == OutboxState.SENT


def test_clean_header_removes_every_control_character():
    assert clean_header("a\nb\r\nc\td\x00e\x1bf\x7fg\u2028h  i ") == "a b c d e f g h i"
    assert clean_header(None) == ""


def test_abandoned_after_the_last_attempt_then_retried_by_hand(smtp):
    (message,) = queue(1)
    now = T0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        counts = deliver_due(now=now)
        message.refresh_from_db()
        assert message.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert counts["failed"] == 1 and message.state == OutboxState.FAILED
            now = message.next_attempt_at
        else:
            assert counts["abandoned"] == 1 and message.state == OutboxState.ABANDONED
    assert sum(deliver_due(now=now + datetime.timedelta(days=365)).values()) == 0  # abandoned stays so

    smtp.start()
    assert retry_now(message)
    assert deliver_due(now=timezone.now())["sent"] == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and len(smtp.received) == 1


def test_the_back_off_grows(smtp):
    (message,) = queue(1)
    waits = []
    now = T0
    for _attempt in range(MAX_ATTEMPTS - 1):
        deliver_due(now=now)
        message.refresh_from_db()
        waits.append(int((message.next_attempt_at - now).total_seconds() // 60))
        now = message.next_attempt_at
    assert waits == [1, 5, 15, 60, 240]


def test_ics_attachments_are_kept_for_the_retry(smtp, cast):
    notify(
        user=cast.users[Role.AGENT],
        subject="Rencontre",
        message="Invitation",
        attachments=[("rencontre.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    deliver_due(now=T0)  # down
    smtp.start()
    deliver_due(now=T0 + minutes(1))
    (received,) = smtp.received
    (attachment,) = list(received.iter_attachments())
    assert attachment.get_filename() == "rencontre.ics"
    assert "BEGIN:VCALENDAR" in attachment.get_content()


def test_a_calendar_part_reaches_the_server_with_its_method(smtp, cast):
    """Outlook shows an invitation, not a file, only when the part says its method (issue 14)."""
    smtp.start()
    notify(
        user=cast.users[Role.AGENT],
        subject="Rencontre",
        message="Invitation",
        attachments=[
            (
                "rencontre.ics",
                "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                "text/calendar; method=REQUEST; charset=utf-8",
            )
        ],
    )
    deliver_due(now=T0)
    (received,) = [m for m in smtp.received if m["Subject"] == "[Passerelles] Rencontre"]
    (part,) = [p for p in received.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST" and part.get_content_charset() == "utf-8"
    assert part.get_filename() == "rencontre.ics" and "BEGIN:VCALENDAR" in part.get_content()


def test_a_notification_does_not_claim_an_email_that_failed(smtp, cast, client_for):
    user = cast.users[Role.AGENT]
    notification = notify(user=user, subject="Votre mission", message="Texte")
    deliver_due(now=timezone.now())
    notification.refresh_from_db()
    assert notification.email.state == OutboxState.FAILED
    page = client_for(user).get("/notifications/").content.decode()
    assert "courriel : en échec, nouvel essai prévu" in page
    assert "courriel : envoyé" not in page


def test_daily_digest_goes_through_the_outbox(cast, settings):
    from passerelles.accounts.models import EmailFrequency

    user = cast.users[Role.HR]
    user.email_frequency = EmailFrequency.DAILY
    user.save()
    notify(user=user, subject="Une mission à relire", message="Texte")
    assert send_daily_digests() == 1
    row = OutboxMessage.objects.get(to=user.email)
    assert "récapitulatif" in row.subject
    assert Notification.objects.get(user=user, subject="Une mission à relire").email == row


def test_the_daily_job_and_the_command_sweep_the_outbox(cast, mailoutbox):
    queue(2)
    call_command("outbox", "deliver")
    assert len(mailoutbox) == 2
    queue(1)
    from passerelles.core.daily import daily

    counts = daily.call(today=timezone.localdate().isoformat())
    assert counts["emails_sent"] == 1 and len(mailoutbox) == 3


def test_immediate_delivery_after_commit(cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = queue(1)
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == message.message_id


# The organisation's page -------------------------------------------------------------------------------


def outbox_rows(cast):
    sent = queue_email(to=["a@ville-alpha.test"], subject="Bienvenue", body="x", organisation=cast.home)
    OutboxMessage.objects.filter(pk=sent.pk).update(state=OutboxState.SENT, sent_at=T0)
    failed = queue_email(to=["b@ville-alpha.test"], subject="Rappel", body="x", organisation=cast.home)
    OutboxMessage.objects.filter(pk=failed.pk).update(
        state=OutboxState.FAILED, attempts=2, last_error="Le serveur de courriel refuse la connexion."
    )
    return sent, failed


def test_the_admin_page_shows_only_its_organisations_messages(cast, client_for):
    outbox_rows(cast)
    client = client_for(cast.users[Role.ADMIN])
    page = client.get(f"/organisations/{cast.home.slug}/courriels/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Bienvenue" in content and "Rappel" in content and "refuse la connexion" in content
    assert MARKER not in content
    assert "Réessayer maintenant" in content

    failed_only = client.get(f"/organisations/{cast.home.slug}/courriels/?etat=failed").content.decode()
    assert "Rappel" in failed_only and "Bienvenue" not in failed_only
    assert (
        "Aucun message dans cet état."
        in client.get(f"/organisations/{cast.home.slug}/courriels/?etat=abandoned").content.decode()
    )
    for query in ["?etat=nonsense", "?page=abc", "?page=999", "?etat=sent&page=-1"]:
        assert client.get(f"/organisations/{cast.home.slug}/courriels/{query}").status_code == 200
    # Other roles of the organisation do not see it; another organisation's page does not exist for them.
    assert (
        client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/courriels/").status_code == 403
    )
    assert client.get(f"/organisations/{cast.outsider.slug}/courriels/").status_code == 404
    # It is linked from the organisation's page and the dashboard.
    assert (
        f"/organisations/{cast.home.slug}/courriels/"
        in client.get(f"/organisations/{cast.home.slug}/").content.decode()
    )
    assert f"/organisations/{cast.home.slug}/courriels/" in client.get("/tableau-de-bord/").content.decode()


def test_retry_now_is_confirmed_then_sends(cast, client_for, mailoutbox, django_capture_on_commit_callbacks):
    sent, failed = outbox_rows(cast)
    client = client_for(cast.users[Role.ADMIN])
    confirm = client.get(f"/courriels/{failed.pk}/reessayer/")
    assert confirm.status_code == 200 and "Réessayer maintenant" in confirm.content.decode()
    failed.refresh_from_db()
    assert failed.state == OutboxState.FAILED  # the GET changed nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/courriels/{failed.pk}/reessayer/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == OutboxState.SENT and len(mailoutbox) == 1
    # Nothing to retry on a sent message; another organisation's message does not exist.
    assert client.post(f"/courriels/{sent.pk}/reessayer/").status_code == 302
    assert len(mailoutbox) == 1
    assert client.post(f"/courriels/{cast.outsider_message.pk}/reessayer/").status_code == 404
    cast.outsider_message.refresh_from_db()
    assert cast.outsider_message.state == OutboxState.FAILED


def test_the_platform_admin_lists_and_retries(cast, client, mailoutbox, django_capture_on_commit_callbacks):
    from passerelles.accounts.models import User

    _, failed = outbox_rows(cast)
    operator = User.objects.create_superuser(email="operateur@passerelles.test", password="x")
    enrol(operator)  # the platform operator signs in with two factors
    client.force_login(operator)
    listing = client.get("/admin/outbox/outboxmessage/?state__exact=failed")
    assert listing.status_code == 200 and "Rappel" in listing.content.decode()
    data = {"action": "retry_selected", "_selected_action": [failed.pk]}
    confirm = client.post("/admin/outbox/outboxmessage/", data)
    assert confirm.status_code == 200 and "seront envoyés de nouveau" in confirm.content.decode()
    failed.refresh_from_db()
    assert failed.state == OutboxState.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/outbox/outboxmessage/", {**data, "confirm": "yes"})
    failed.refresh_from_db()
    assert failed.state == OutboxState.SENT and len(mailoutbox) == 1
    assert client_for_admin_is_refused(cast)


def client_for_admin_is_refused(cast) -> bool:
    """An organisation's administrator is not a platform operator: the Django admin stays closed."""
    from django.test import Client

    client = Client()
    client.force_login(cast.users[Role.ADMIN])
    return client.get("/admin/outbox/outboxmessage/").status_code == 302


def test_with_the_database_worker_a_failure_schedules_its_own_retry(
    smtp, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = queue(1)
    first = DBTaskResult.objects.get()  # queued for the worker, not run here
    assert first.args_kwargs["kwargs"] == {"message_id": message.pk}
    with django_capture_on_commit_callbacks(execute=True):
        deliver_due(now=T0)  # the server is down
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.run_after == T0 + minutes(1)
    assert retry.args_kwargs["kwargs"] == {"message_id": message.pk}


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_each_message_once(smtp):
    """Three workers drain the same queue at the same time, each with its own database connection."""
    import threading

    from django.db import connection as main_connection

    if main_connection.vendor == "sqlite" and main_connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite database is not shared between threads")
    smtp.start()
    messages = queue(30)
    errors = []

    def worker():
        from django.db import connection

        try:
            deliver_due()
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert smtp.recorder.count_by_message_id() == Counter({m.message_id: 1 for m in messages})
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 30


@pytest.mark.django_db(transaction=True)
def test_extra_headers_are_sent_and_cleaned():
    from django.core import mail

    from passerelles.outbox.services import queue_email

    queue_email(
        to=["a@example.org"],
        subject="Sujet",
        body="Texte",
        headers={"List-Unsubscribe": "<https://x.example/d/1>\r\nBcc: pirate@example.org"},
    )
    sent = mail.outbox[-1]
    assert sent.extra_headers["List-Unsubscribe"] == "<https://x.example/d/1> Bcc: pirate@example.org"
    assert "pirate@example.org" not in sent.bcc
