"""The SMS gateway: numbers are checked at the boundary, a text is an outbox row delivered by the worker."""

import pytest

from passerelles.organisations.models import Organisation
from passerelles.outbox import sms
from passerelles.outbox.delivery import deliver_due
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState

STOP = " Répondez STOP pour ne plus en recevoir."


@pytest.fixture
def town(db):
    """An organisation that pays for a few texts a month."""
    return Organisation.objects.create(
        name="Ville d'Essai", slug="ville-essai", kind="commune", sms_monthly_budget=10
    )


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
def test_a_text_is_an_outbox_row_delivered_by_the_gateway(town):
    message = sms.queue_sms(
        to="06 12 34 56 78", body="Votre rencontre  est\ndemain à 10 h.", organisation=town
    )
    message.refresh_from_db()
    assert message.channel == Channel.SMS
    assert message.state == OutboxState.SENT
    assert sms.sent == [{"to": "+33612345678", "body": "Votre rencontre est demain à 10 h." + STOP}]


@pytest.mark.django_db
def test_no_row_for_a_number_that_is_not_a_mobile():
    assert sms.queue_sms(to="01 23 45 67 89", body="Bonjour") is None
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_failed_text_is_kept_and_retried(settings, town):
    settings.SMS_BACKEND = "tests.test_sms_gateway.BrokenGateway"
    message = sms.queue_sms(to="0612345678", body="Bonjour", organisation=town)
    counts = deliver_due()
    message.refresh_from_db()
    assert counts[OutboxState.FAILED] == 1
    assert message.state == OutboxState.FAILED
    assert "passerelle SMS" in message.last_error


class BrokenGateway(sms.SMSBackend):
    def send(self, to, body):
        raise OSError("passerelle SMS injoignable")


@pytest.mark.django_db(transaction=True)
def test_the_provider_id_is_kept(town):
    message = sms.queue_sms(to="0612345678", body="Bonjour", organisation=town)
    message.refresh_from_db()
    assert message.provider_message_id == "locmem-1"


def test_the_console_gateway_prints_the_text(capsys, settings, town):
    settings.SMS_BACKEND = "passerelles.outbox.sms_gateway.ConsoleBackend"
    message = sms.queue_sms(to="0612345678", body="Rencontre demain à 10 h.", organisation=town)
    assert deliver_due()[OutboxState.SENT] == 1
    printed = capsys.readouterr().out
    assert "SMS à +33612345678" in printed and "Rencontre demain à 10 h." + STOP in printed
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.provider_message_id == ""


@pytest.mark.django_db
def test_a_long_text_is_cut_but_keeps_its_stop_mention(town):
    message = sms.queue_sms(to="0612345678", body="mot " * 300, organisation=town)
    assert len(message.body) == sms.MAX_LENGTH
    assert message.body.endswith("mot" + STOP)


@pytest.mark.django_db
def test_an_urgent_text_has_no_stop_mention(town):
    message = sms.queue_sms(to="0612345678", body="Votre code : 123456", organisation=town, urgent=True)
    assert message.body == "Votre code : 123456" and message.urgent
