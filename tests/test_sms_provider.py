"""The Brevo adapter against a real HTTP server on 127.0.0.1 (http.server in a thread): what it sends, and
what the row says when the provider accepts, refuses, fails or does not answer."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from passerelles.organisations.models import Organisation
from passerelles.outbox import sms
from passerelles.outbox.delivery import deliver_due
from passerelles.outbox.models import OutboxMessage, OutboxState
from tests.test_settings_from_environment import assert_one_sentence, run_cli

TOKEN = "jeton-de-test-0123456789abcdef"


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the timeout test hangs up before the answer: a broken pipe here is expected


class FakeBrevo:
    """Answers each POST with ``status`` and ``answer`` (after ``delay`` seconds); keeps what it received."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status, self.answer, self.delay = 201, {"messageId": 1511882900176220}, 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's name
                length = int(self.headers.get("Content-Length", 0))
                fake.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                time.sleep(fake.delay)
                raw = json.dumps(fake.answer).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v3/transactionalSMS/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def brevo(settings):
    fake = FakeBrevo()
    settings.SMS_BACKEND = "passerelles.outbox.sms_brevo.BrevoBackend"
    settings.SMS_API_URL = fake.url
    settings.SMS_API_KEY = "cle-de-test"
    settings.SMS_SENDER = "Passerelles"
    settings.SMS_TIMEOUT = 1
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    settings.SITE_URL = "https://passerelles.example.org"
    yield fake
    fake.stop()


@pytest.fixture
def town(db):
    return Organisation.objects.create(
        name="Ville d'Essai", slug="ville-essai", kind="commune", sms_monthly_budget=10
    )


def send_one(town, body="Votre rencontre est demain à 10 h.") -> OutboxMessage:
    message = sms.queue_sms(to="06 12 34 56 78", body=body, organisation=town)
    deliver_due()
    message.refresh_from_db()
    return message


@pytest.mark.django_db
def test_accepted_the_provider_id_is_kept(brevo, town):
    message = send_one(town)
    assert message.state == OutboxState.SENT
    assert message.provider_message_id == "1511882900176220"
    [request] = brevo.requests
    assert request["path"] == "/v3/transactionalSMS/send"
    assert request["headers"]["api-key"] == "cle-de-test"
    assert request["headers"]["content-type"] == "application/json"
    assert request["body"] == {
        "sender": "Passerelles",
        "recipient": "33612345678",
        "content": "Votre rencontre est demain à 10 h. Répondez STOP pour ne plus en recevoir.",
        "type": "transactional",
        "tag": "passerelles",
        "unicodeEnabled": False,  # « à » and « é » are in the GSM alphabet
        "webUrl": f"https://passerelles.example.org/sms/statut/{TOKEN}/",
    }


@pytest.mark.django_db
def test_a_text_outside_the_gsm_alphabet_is_sent_as_unicode(brevo, town):
    send_one(town, body="Mission à la crèche : ça commence lundi")  # « è » is GSM, « ç » is not
    assert brevo.requests[0]["body"]["unicodeEnabled"] is True


@pytest.mark.django_db
def test_a_malformed_request_is_refused_once_and_not_retried(brevo, town):
    brevo.status, brevo.answer = 400, {"code": "invalid_parameter", "message": "Invalid phone number"}
    message = send_one(town)
    assert message.state == OutboxState.ABANDONED
    assert message.last_error == "Le prestataire SMS refuse ce message (400) : Invalid phone number"
    assert len(brevo.requests) == 1


@pytest.mark.django_db
def test_a_wrong_key_is_said_and_retried(brevo, town):
    brevo.status, brevo.answer = 401, {"code": "unauthorized", "message": "Key not found"}
    message = send_one(town)
    assert message.state == OutboxState.FAILED
    assert "refuse la clé d'API (SMS_API_KEY)" in message.last_error and "Key not found" in message.last_error


@pytest.mark.django_db
def test_no_credit_left(brevo, town):
    brevo.status, brevo.answer = 402, {"code": "not_enough_credits", "message": "Not enough credits"}
    message = send_one(town)
    assert message.state == OutboxState.FAILED and message.last_error.startswith("Crédit SMS épuisé")


@pytest.mark.django_db
def test_a_server_error_is_retried_later(brevo, town):
    brevo.status, brevo.answer = 503, {"message": "Service Unavailable"}
    message = send_one(town)
    assert message.state == OutboxState.FAILED and message.attempts == 1
    assert message.last_error == "Le prestataire SMS est en difficulté (503) : Service Unavailable"
    assert message.next_attempt_at > message.created_at


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_in_time(brevo, town):
    brevo.delay = 2  # SMS_TIMEOUT is 1 s
    started = time.monotonic()
    message = send_one(town)
    assert time.monotonic() - started < 1.9
    assert message.state == OutboxState.FAILED
    assert message.last_error == "Le prestataire SMS n'a pas répondu dans le délai de 1 s."


@pytest.mark.django_db
def test_a_provider_that_is_down(brevo, town, settings):
    brevo.stop()
    settings.SMS_API_URL = brevo.url
    message = send_one(town)
    assert message.state == OutboxState.FAILED
    assert "prestataire SMS" in message.last_error


@pytest.mark.django_db
def test_accepted_without_an_id_is_still_sent(brevo, town):
    brevo.answer = {}
    message = send_one(town)
    assert message.state == OutboxState.SENT and message.provider_message_id == ""  # never sent twice


@pytest.mark.django_db
def test_without_a_key_nothing_leaves(brevo, town, settings):
    settings.SMS_API_KEY = ""
    message = send_one(town)
    assert message.state == OutboxState.FAILED and "SMS_API_KEY" in message.last_error
    assert brevo.requests == []


PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "passerelles.example.org", "SMS_BACKEND": "brevo"}


def test_production_with_brevo_needs_a_key():
    assert_one_sentence(run_cli("check", **PRODUCTION), "SMS_API_KEY est obligatoire avec SMS_BACKEND=brevo")


def test_production_refuses_a_sender_the_provider_would_refuse():
    result = run_cli("check", **PRODUCTION, SMS_API_KEY="k", SMS_SENDER="Passerelles de la Ville")
    assert_one_sentence(result, "SMS_SENDER doit compter au plus 11")


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("SMS_TIMEOUT", "0", "SMS_TIMEOUT doit être"),
        ("SMS_QUIET_HOURS", "le soir", "SMS_QUIET_HOURS doit être"),
        ("SMS_WEBHOOK_TOKEN", "court", "SMS_WEBHOOK_TOKEN doit compter au moins 24"),
    ],
)
def test_wrong_sms_settings_stop_start_up(variable, value, fragment):
    assert_one_sentence(run_cli("check", PASSERELLES_ENV="development", **{variable: value}), fragment)


def test_production_with_brevo_and_its_key_starts(tmp_path):
    result = run_cli("check", **PRODUCTION, SMS_API_KEY="cle", PASSERELLES_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
