"""The provider's callbacks: « STOP » answers and delivery reports, behind a secret token; and what the
organisation's administrators see of texts (masked numbers, delivery, the month's budget)."""

import json

import pytest

from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.outbox import consent
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState, SmsUsage
from passerelles.outbox.services import _message_id

TOKEN = "jeton-de-test-0123456789abcdef"
PROVIDER_ID = "1511882900176220"


@pytest.fixture
def webhook(settings):
    settings.SMS_WEBHOOK_TOKEN = TOKEN


@pytest.fixture
def agent(db):
    return User.objects.create_user(email=None, login_name="c.durand", phone="+33612345678")


@pytest.fixture
def text(db):
    from django.utils import timezone

    return OutboxMessage.objects.create(
        channel=Channel.SMS,
        state=OutboxState.SENT,
        sent_at=timezone.now(),
        to="+33612345678",
        subject="Nouvelle mission",
        body="Nouvelle mission",
        message_id=_message_id(),
        next_attempt_at=timezone.now(),
        provider_message_id=PROVIDER_ID,
    )


def post(client, kind, payload, token=TOKEN, **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(
        f"/sms/{kind}/{token}/", body, content_type=extra.pop("content_type", "application/json"), **extra
    )


# ---- Token ----


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["entrant", "statut"])
def test_without_the_token_nothing_answers(client, settings, kind, agent):
    stop = {"from": "+33612345678", "text": "STOP"}
    settings.SMS_WEBHOOK_TOKEN = ""
    assert post(client, kind, stop).status_code == 404
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    assert post(client, kind, stop, token="jeton-de-test-0123456789abcdeX").status_code == 404
    assert client.get(f"/sms/{kind}/autre-jeton/").status_code == 404
    # The right token: a GET reveals nothing but the method to use.
    get = client.get(f"/sms/{kind}/{TOKEN}/")
    assert get.status_code == 405 and agent.phone not in get.content.decode()
    agent.refresh_from_db()
    assert agent.sms_opted_out_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", ["{pas du json", b"\xff\xfe", "[]", '"STOP"', "[1, 2]", json.dumps([{"text": "x"}] * 501)]
)
def test_an_unreadable_payload_is_refused_without_change(client, webhook, agent, text, body):
    response = post(client, "entrant", body)
    assert response.status_code == 400
    assert "objet JSON" in response.content.decode()
    agent.refresh_from_db()
    text.refresh_from_db()
    assert agent.sms_opted_out_at is None and text.delivery_status == ""


# ---- STOP ----


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        # Brevo's « replied » event: the number we wrote to, the answer's text
        {"msg_status": "replied", "to": "33612345678", "reply": " Stop ", "messageId": 1, "id": 99},
        {"from": "+33 6 12 34 56 78", "text": "ARRÊT"},
        {"event": "unsubscribe", "phone_number": "0612345678"},
        [{"msg_status": "delivered", "messageId": PROVIDER_ID}, {"from": "33612345678", "text": "stop sms"}],
    ],
)
def test_stop_stops_every_account_with_the_number(client, webhook, agent, text, payload):
    other = User.objects.create_user(email="c.durand@perso.test", phone="+33612345678")
    assert post(client, "entrant", payload).status_code == 200
    for user in (agent, other):
        user.refresh_from_db()
        assert consent.is_stopped(user)
    assert agent.history.first().history_change_reason == "SMS refusés (réponse STOP par SMS)"


@pytest.mark.django_db
def test_a_form_encoded_answer_is_read_too(client, webhook, agent):
    response = client.post(f"/sms/entrant/{TOKEN}/", {"from": "33612345678", "text": "STOP"})
    assert response.status_code == 200
    agent.refresh_from_db()
    assert consent.is_stopped(agent)


@pytest.mark.django_db
def test_another_answer_or_another_number_changes_nothing(client, webhook, agent):
    post(client, "entrant", {"msg_status": "replied", "to": "33612345678", "reply": "Oui ça m'intéresse"})
    post(client, "entrant", {"from": "+33699999999", "text": "STOP"})
    post(client, "entrant", {"from": "Passerelles", "text": "STOP"})
    agent.refresh_from_db()
    assert agent.sms_opted_out_at is None


# ---- Delivery reports ----


@pytest.mark.django_db
def test_a_delivery_report_is_kept_on_its_text(client, webhook, text):
    brevo = {
        "id": 12,
        "to": "33612345678",
        "sms_count": 1,
        "credits_used": 1,
        "messageId": int(PROVIDER_ID),
        "msg_status": "delivered",
        "date": "2026-03-10 10:02:00",
        "type": "sms",
        "status": "OK",
        "description": "delivered",
        "ts_event": 1773136920,
    }
    response = post(client, "statut", brevo)
    assert response.status_code == 200 and response.json() == {"evenements": 1}
    text.refresh_from_db()
    assert text.delivery_status == "delivered" and text.delivery_updated_at is not None
    assert text.delivery_status_label == "remis sur le téléphone"
    # A late « sent » does not overwrite « delivered »; a bounce would.
    post(client, "statut", {**brevo, "msg_status": "sent"})
    text.refresh_from_db()
    assert text.delivery_status == "delivered"
    post(client, "statut", {**brevo, "msg_status": "hardBounce"})
    text.refresh_from_db()
    assert text.delivery_status == "hardbounce"


@pytest.mark.django_db
def test_a_report_for_an_unknown_text_changes_nothing(client, webhook, text):
    before = list(OutboxMessage.objects.values_list("pk", "state", "delivery_status", "delivery_updated_at"))
    for payload in [
        {"msg_status": "delivered", "messageId": "999"},
        {"msg_status": "delivered"},
        {"messageId": PROVIDER_ID},
        {"msg_status": "delivered", "messageId": {"$ne": ""}},
    ]:
        assert post(client, "statut", payload).status_code == 200
    assert (
        list(OutboxMessage.objects.values_list("pk", "state", "delivery_status", "delivery_updated_at"))
        == before
    )


# ---- What administrators see ----


@pytest.mark.django_db
def test_the_outbox_page_masks_numbers_and_shows_delivery_and_budget(cast, client_for, text):
    cast.home.sms_monthly_budget = 200
    cast.home.save()
    from django.utils import timezone

    from passerelles.outbox.budget import month_of

    SmsUsage.objects.create(organisation=cast.home, month=month_of(timezone.now()), count=12)
    OutboxMessage.objects.filter(pk=text.pk).update(
        organisation=cast.home, delivery_status="delivered", delivery_updated_at=timezone.now()
    )
    page = client_for(cast.users[Role.ADMIN]).get(f"/organisations/{cast.home.slug}/courriels/?canal=sms")
    content = page.content.decode()
    assert page.status_code == 200
    assert "+33\u00a06\u00a0••\u00a0••\u00a0••\u00a078" in content and "+33612345678" not in content
    assert "Nouvelle mission" not in content  # an SMS's text (perhaps a code) is never shown
    assert "remis sur le téléphone" in content
    assert (
        "<strong>12</strong> SMS sur un budget de <strong>200</strong> par mois : il en reste 188." in content
    )
    emails_only = client_for(cast.users[Role.ADMIN]).get(
        f"/organisations/{cast.home.slug}/courriels/?canal=email"
    )
    assert "+33\u00a06\u00a0••\u00a0••\u00a0••\u00a078" not in emails_only.content.decode()
    assert (
        client_for(cast.users[Role.ADMIN])
        .get(f"/organisations/{cast.home.slug}/courriels/?canal=x")
        .status_code
        == 200
    )
