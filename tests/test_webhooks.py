"""Outgoing webhooks (issue 20): a real HTTP receiver on 127.0.0.1 that fails, stalls or accepts.

Clocks are explicit (``now=``): no test waits for a back-off. The signature is checked with the verification
function of docs/webhooks.md, run as it is written there.
"""

import datetime
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone, translation

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.services import engagement_express_interest, engagement_transition
from passerelles.missions.models import MissionStatus
from passerelles.outbox.delivery import MAX_ATTEMPTS, deliver_due
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState, WebhookEndpoint
from passerelles.outbox.outgoing_webhooks import sign, url_problem
from tests.cast import make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(datetime.datetime(2030, 3, 4, 9, 0))
DOCS = Path(__file__).resolve().parents[1] / "docs" / "webhooks.md"


def documented_verify():
    """The ``verify`` function of docs/webhooks.md, executed as the page shows it."""
    code = re.search(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 — our own documentation, tested as written
    return namespace["verify"]


class Receiver:
    """An HTTP server in a thread: answers each POST with the next scripted status (the last one repeats),
    after ``delay`` seconds; keeps every request (headers and body bytes)."""

    def __init__(self, statuses=(200,), delay=0.0):
        self.statuses, self.delay, self.requests = list(statuses), delay, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {"headers": dict(self.headers.items()), "body": body, "path": self.path}
                )
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:  # the client gave up waiting (the timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/passerelles"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def endpoint_for(organisation, url, **extra) -> WebhookEndpoint:
    from passerelles.engagements.webhook_events import EVENT_TYPES

    return WebhookEndpoint.objects.create(
        organisation=organisation, url=url, events=list(EVENT_TYPES), **extra
    )


def hooks():
    return OutboxMessage.objects.filter(channel=Channel.WEBHOOK)


def deliver(now):
    """Drain the queue (e-mails of the notifications included) and return the webhook rows' states."""
    deliver_due(now=now)
    return list(hooks().order_by("pk").values_list("state", flat=True))


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )


def test_fails_then_accepted_signature_verifies_once_received_nothing_lost(cast, mission):
    verify = documented_verify()
    with Receiver(statuses=(500, 200)) as receiver:
        endpoint = endpoint_for(cast.home, receiver.url)
        agent = cast.agents["agent"]
        engagement = engagement_express_interest(mission=mission, by=agent.user, message="Je connais Scratch")
        [row] = hooks()
        assert (row.state, row.organisation_id, row.webhook_endpoint_id) == (
            OutboxState.PENDING,
            cast.home.pk,
            endpoint.pk,
        )
        assert deliver(T0) == [OutboxState.FAILED]
        row.refresh_from_db()
        assert "500" in row.last_error and row.next_attempt_at == T0 + datetime.timedelta(minutes=1)
        assert deliver(T0) == [OutboxState.FAILED]  # nothing is due before its back-off
        assert len(receiver.requests) == 1
        assert deliver(T0 + datetime.timedelta(minutes=1)) == [OutboxState.SENT]
        assert deliver(T0 + datetime.timedelta(days=1)) == [OutboxState.SENT]  # never sent again
    assert len(receiver.requests) == 2
    first, second = receiver.requests
    for request in receiver.requests:
        assert verify(endpoint.secret, request["headers"], request["body"])
        assert not verify("un-autre-secret", request["headers"], request["body"])
        assert request["headers"]["Content-Type"].startswith("application/json")
    # The same event on both attempts (the receiver folds duplicates), the same bytes, signed each time.
    assert first["body"] == second["body"]
    event_id = first["headers"]["X-Passerelles-Event-Id"]
    assert event_id == second["headers"]["X-Passerelles-Event-Id"]
    event = json.loads(second["body"])
    assert event["id"] == event_id and event["type"] == "engagement.interest"
    assert event["data"]["engagement"] == {
        "id": engagement.pk,
        "state": State.INTEREST,
        "from_state": None,
        "action": "express_interest",
        "url": f"http://127.0.0.1:8000/engagements/{engagement.pk}/",
    }
    assert event["data"]["mission"]["title"] == "Ateliers numériques"
    assert event["data"]["roles"] == ["employer", "host"]
    assert event["organisation"]["slug"] == cast.home.slug
    # No personal data: neither the agent's name nor address nor what they wrote.
    text = second["body"].decode()
    for personal in (agent.first_name, agent.last_name, agent.user.email, "Scratch"):
        assert personal not in text
    # A tampered body does not verify.
    tampered = second["body"].replace(b"interest", b"ready")
    assert not verify(endpoint.secret, second["headers"], tampered)


def test_the_signature_is_the_hmac_of_timestamp_dot_body():
    assert sign("s3cret", "1700000000", b'{"a":1}') == (
        "sha256=" + __import__("hmac").new(b"s3cret", b'1700000000.{"a":1}', "sha256").hexdigest()
    )


def test_a_stalled_receiver_times_out_and_the_retry_delivers(cast, mission, settings):
    settings.WEBHOOK_TIMEOUT = 1
    with Receiver(statuses=(200,), delay=3) as receiver:
        endpoint_for(cast.home, receiver.url)
        engagement_express_interest(mission=mission, by=cast.agents["agent"].user)
        started = time.monotonic()
        assert deliver(T0) == [OutboxState.FAILED]
        assert time.monotonic() - started < 3
        assert hooks().get().last_error == "Le point de réception n'a pas répondu dans le délai de 1 s."
        receiver.delay = 0
        assert deliver(T0 + datetime.timedelta(minutes=1)) == [OutboxState.SENT]


def test_a_receiver_down_is_abandoned_after_the_last_attempt_with_its_reason(cast, mission):
    with Receiver(statuses=(503,)) as receiver:
        endpoint_for(cast.home, receiver.url)
        engagement_express_interest(mission=mission, by=cast.agents["agent"].user)
        now = T0
        for _attempt in range(MAX_ATTEMPTS):
            deliver(now)
            now += datetime.timedelta(days=1)
        row = hooks().get()
        assert (row.state, row.attempts) == (OutboxState.ABANDONED, MAX_ATTEMPTS)
        assert "503" in row.last_error
        assert len(receiver.requests) == MAX_ATTEMPTS
        assert deliver(now + datetime.timedelta(days=30)) == [OutboxState.ABANDONED]
        assert len(receiver.requests) == MAX_ATTEMPTS


def test_a_redirect_is_a_failure_not_followed(cast, mission):
    with Receiver(statuses=(302,)) as receiver:
        endpoint_for(cast.home, receiver.url)
        engagement_express_interest(mission=mission, by=cast.agents["agent"].user)
        assert deliver(T0) == [OutboxState.FAILED]
        assert "302" in hooks().get().last_error
        assert len(receiver.requests) == 1


def test_only_the_organisations_of_the_engagement_receive_it(cast):
    """An engagement between two organisations goes to both, each told its side; a third organisation's
    endpoint receives nothing of it, and the outsider's transitions never reach ours."""
    home_hook = endpoint_for(cast.home, "https://rh.alpha.example/hook")
    partner_hook = endpoint_for(cast.partner, "https://rh.ccas.example/hook")
    outsider_hook = endpoint_for(cast.outsider, "https://rh.outsider.example/hook")
    partner_lead = make_agent(cast.partner, "Pia", "Porteuse", unit=None, matricule="CCAS9")
    from passerelles.organisations.models import OrgUnit

    unit = OrgUnit.objects.filter(organisation=cast.partner).first() or OrgUnit.objects.create(
        organisation=cast.partner, name="Action sociale"
    )
    mission = make_mission(cast.partner, unit, partner_lead, status=MissionStatus.PUBLISHED)
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    engagement_transition(engagement=engagement, action="withdraw", by=cast.agents["agent"].user, comment="")
    rows = {row.webhook_endpoint_id: json.loads(row.body) for row in hooks()}
    assert set(rows) == {home_hook.pk, partner_hook.pk}
    assert rows[home_hook.pk]["data"]["roles"] == ["employer"]
    assert rows[partner_hook.pk]["data"]["roles"] == ["host"]
    assert rows[home_hook.pk]["id"] != rows[partner_hook.pk]["id"]
    # The outsider's engagement moves: only the outsider's endpoint hears of it.
    before = hooks().count()
    outsider = cast.outsider_engagement
    assert outsider.state not in (State.WITHDRAWN, State.DECLINED)
    engagement_transition(engagement=outsider, action="withdraw", by=cast.outsider_agent.user, comment="")
    new = hooks().order_by("pk")[before:]
    assert [row.webhook_endpoint_id for row in new] == [outsider_hook.pk]


def test_a_disabled_endpoint_gets_nothing(cast, mission):
    with Receiver() as receiver:
        endpoint = endpoint_for(cast.home, receiver.url, is_active=False)
        engagement_express_interest(mission=mission, by=cast.agents["agent"].user)
        assert not hooks().exists()
        # Disabled after the event was written: the delivery is abandoned with the reason, nothing leaves.
        endpoint.is_active = True
        endpoint.save()
        engagement = make_engagement(cast.agents[Role.HR], mission, State.INTEREST)
        engagement_transition(engagement=engagement, action="withdraw", by=cast.users[Role.HR], comment="")
        endpoint.is_active = False
        endpoint.save()
        with translation.override("en"):  # a thread left in English (a request, a test) writes French still
            assert deliver(T0) == [OutboxState.ABANDONED]
        assert "désactivé" in hooks().get().last_error
        assert receiver.requests == []


def test_an_endpoint_receives_only_the_steps_it_chose(cast, mission):
    endpoint_for(cast.home, "https://rh.alpha.example/hook").delete()
    WebhookEndpoint.objects.create(
        organisation=cast.home, url="https://rh.alpha.example/h", events=["engagement.ready"]
    )
    engagement_express_interest(mission=mission, by=cast.agents["agent"].user)
    assert not hooks().exists()


def test_a_step_refused_sends_nothing(cast, mission):
    """The row is written in the step's transaction: a refused step leaves no event behind."""
    from passerelles.engagements.lifecycle import TransitionRefused

    endpoint_for(cast.home, "https://rh.alpha.example/hook")
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    with pytest.raises(TransitionRefused):
        engagement_transition(engagement=engagement, action="decline", by=cast.users[Role.HR], comment="")
    assert not hooks().exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://rh.exemple.fr/webhook",
        "ftp://rh.exemple.fr/webhook",
        "https://10.1.2.3/webhook",
        "https://192.168.0.10/webhook",
        "https://169.254.169.254/latest/meta-data",
        "https://[fd00::1]/webhook",
        "https://agent:motdepasse@rh.exemple.fr/webhook",
    ],
)
def test_a_bad_address_is_refused_with_a_french_reason(cast, client_for, url):
    client = client_for(cast.users[Role.ADMIN])
    response = client.post(
        f"/organisations/{cast.home.slug}/webhooks/", {"url": url, "events": ["engagement.ready"]}
    )
    assert response.status_code == 200
    assert "n'a pas été ajouté" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_local_addresses_only_when_allowed(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    assert "https://" in url_problem("http://127.0.0.1:8080/hook")
    assert url_problem("https://localhost/hook")
    settings.WEBHOOK_ALLOW_LOCAL = True
    assert url_problem("http://127.0.0.1:8080/hook") == ""
    assert url_problem("http://localhost/hook") == ""
    assert url_problem("https://rh.exemple.fr/hook") == ""


def test_an_admin_adds_sees_the_secret_disables_and_deletes(cast, client_for):
    client = client_for(cast.users[Role.ADMIN])
    page = f"/organisations/{cast.home.slug}/webhooks/"
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "url": "https://rh.alpha.example/passerelles",
            "description": "SIRH",
            "events": ["engagement.ready", "engagement.active"],
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/webhooks/{endpoint.pk}/"
    assert len(endpoint.secret) >= 40 and endpoint.events == ["engagement.ready", "engagement.active"]
    assert endpoint.organisation == cast.home and endpoint.created_by == cast.users[Role.ADMIN]
    detail = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret in detail and "Engagement : Prête à démarrer" in detail
    # HR of the organisation is not its administrator: neither the list nor the secret.
    hr = client_for(cast.users[Role.HR])
    assert hr.get(page).status_code == 403
    assert hr.get(f"/webhooks/{endpoint.pk}/").status_code in (403, 404)
    # Disable, then enable.
    client.post(f"/webhooks/{endpoint.pk}/activer/")
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    client.post(f"/webhooks/{endpoint.pk}/activer/")
    endpoint.refresh_from_db()
    assert endpoint.is_active is True
    # Deleting asks first; what waits is abandoned, the rows stay.
    row = OutboxMessage.objects.create(
        channel=Channel.WEBHOOK,
        organisation=cast.home,
        webhook_endpoint=endpoint,
        to=endpoint.url,
        subject="engagement.ready",
        body="{}",
        message_id="webhook-test",
        next_attempt_at=timezone.now(),
    )
    confirm = client.get(f"/webhooks/{endpoint.pk}/supprimer/")
    assert confirm.status_code == 200 and WebhookEndpoint.objects.exists()
    assert client.post(f"/webhooks/{endpoint.pk}/supprimer/").status_code == 302
    assert not WebhookEndpoint.objects.exists()
    row.refresh_from_db()
    assert row.state == OutboxState.ABANDONED and "supprimé" in row.last_error


def test_the_outbox_page_lists_webhook_deliveries(cast, client_for, mission):
    endpoint_for(cast.home, "https://rh.alpha.example/hook")
    engagement_express_interest(mission=mission, by=cast.agents["agent"].user)
    response = client_for(cast.users[Role.ADMIN]).get(
        f"/organisations/{cast.home.slug}/courriels/?canal=webhook"
    )
    body = response.content.decode()
    assert (
        response.status_code == 200
        and "engagement.interest" in body
        and "https://rh.alpha.example/hook" in body
    )


@pytest.mark.parametrize(
    ("variables", "fragment"),
    [
        ({"WEBHOOK_TIMEOUT": "0"}, "WEBHOOK_TIMEOUT doit être"),
        ({"SIGNED_PDF_MAX_MB": "30"}, "SIGNED_PDF_MAX_MB doit être"),
        (
            {
                "PASSERELLES_ENV": "production",
                "SECRET_KEY": "x" * 50,
                "ALLOWED_HOSTS": "passerelles.example.org",
                "WEBHOOK_ALLOW_LOCAL": "1",
            },
            "WEBHOOK_ALLOW_LOCAL est interdit en production",
        ),
    ],
)
def test_wrong_webhook_or_parapheur_settings_stop_start_up(variables, fragment):
    from tests.test_settings_from_environment import assert_one_sentence, run_cli

    assert_one_sentence(run_cli("check", **{"PASSERELLES_ENV": "development", **variables}), fragment)
