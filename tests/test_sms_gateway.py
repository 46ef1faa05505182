"""The SMS gateway: numbers are checked at the boundary, a text is an outbox row delivered by the worker."""

import pytest

from passerelles.outbox import sms
from passerelles.outbox.delivery import deliver_due
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("07.12.34.56.78", "+33712345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+262 692 12 34 56", "+262692123456"),
        ("01 23 45 67 89", None),  # a landline cannot receive a text
        ("+33 1 23 45 67 89", None),
        ("06 12 34", None),
        ("<script>", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_phone(text, expected):
    assert sms.normalise_phone(text) == expected


@pytest.mark.django_db(transaction=True)
def test_a_text_is_an_outbox_row_delivered_by_the_gateway():
    message = sms.queue_sms(to="06 12 34 56 78", body="Votre rencontre  est\ndemain à 10 h.")
    message.refresh_from_db()
    assert message.channel == Channel.SMS
    assert message.state == OutboxState.SENT
    assert sms.sent == [{"to": "+33612345678", "body": "Votre rencontre est demain à 10 h."}]


@pytest.mark.django_db
def test_no_row_for_a_number_that_is_not_a_mobile():
    assert sms.queue_sms(to="01 23 45 67 89", body="Bonjour") is None
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_failed_text_is_kept_and_retried(settings):
    settings.SMS_BACKEND = "tests.test_sms_gateway.BrokenGateway"
    message = sms.queue_sms(to="0612345678", body="Bonjour")
    counts = deliver_due()
    message.refresh_from_db()
    assert counts[OutboxState.FAILED] == 1
    assert message.state == OutboxState.FAILED
    assert "passerelle SMS" in message.last_error


class BrokenGateway(sms.SMSBackend):
    def send(self, to, body):
        raise OSError("passerelle SMS injoignable")


@pytest.mark.django_db(transaction=True)
def test_the_provider_id_is_kept():
    message = sms.queue_sms(to="0612345678", body="Bonjour")
    message.refresh_from_db()
    assert message.provider_message_id == "locmem-1"
