"""The SMS rules: « STOP », quiet hours and the monthly budget, on frozen dates."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.env import ConfigurationError
from passerelles.organisations.models import Organisation
from passerelles.outbox import budget, consent, sms
from passerelles.outbox.delivery import deliver_due
from passerelles.outbox.models import OutboxMessage, OutboxState, SmsUsage
from passerelles.outbox.quiet_hours import parse_quiet_hours, quiet_until
from passerelles.outbox.services import retry_now

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
WINDOW = parse_quiet_hours("20:00-08:00")


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """Freeze « now » (queue_sms, the delivery and the rows' dates read django.utils.timezone.now)."""

    class Clock:
        def set(self, moment):
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()


@pytest.fixture
def town(db):
    return Organisation.objects.create(
        name="Ville d'Essai", slug="ville-essai", kind="commune", sms_monthly_budget=3
    )


@pytest.fixture
def agent(db):
    return User.objects.create_user(
        email=None, login_name="c.durand", phone="+33612345678", sms_opted_in_at=paris(2026, 1, 5, 9, 0)
    )


# ---- Quiet hours: plain function ----


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (paris(2026, 3, 10, 14, 0), None),  # a Tuesday afternoon: at once
        (paris(2026, 3, 10, 8, 0), None),  # the window's end is outside it
        (paris(2026, 3, 10, 19, 59), None),
        (paris(2026, 3, 10, 20, 0), paris(2026, 3, 11, 8, 0)),  # the evening: tomorrow 08:00
        (paris(2026, 3, 10, 23, 30), paris(2026, 3, 11, 8, 0)),
        (paris(2026, 3, 11, 6, 15), paris(2026, 3, 11, 8, 0)),  # early morning: today 08:00
        (paris(2026, 3, 14, 21, 0), paris(2026, 3, 16, 8, 0)),  # Saturday evening: past Sunday, to Monday
        (paris(2026, 3, 15, 11, 0), paris(2026, 3, 16, 8, 0)),  # a Sunday noon
        (paris(2026, 7, 14, 10, 0), paris(2026, 7, 15, 8, 0)),  # 14 July
        (paris(2026, 7, 13, 22, 0), paris(2026, 7, 15, 8, 0)),  # the eve of 14 July
        (
            paris(2026, 12, 24, 20, 30),
            paris(2026, 12, 26, 8, 0),
        ),  # Christmas, then Saturday 26 is a working day
        (paris(2026, 4, 5, 12, 0), paris(2026, 4, 7, 8, 0)),  # Easter Sunday then Easter Monday
    ],
)
def test_quiet_until(moment, expected):
    assert quiet_until(moment, WINDOW, PARIS) == expected


def test_quiet_hours_are_read_in_paris_time():
    # 19:30 UTC in summer is 21:30 in Paris: quiet.
    moment = datetime.datetime(2026, 6, 9, 19, 30, tzinfo=datetime.UTC)
    assert quiet_until(moment, WINDOW, PARIS) == paris(2026, 6, 10, 8, 0)


def test_a_window_within_the_day_and_no_window():
    lunch = parse_quiet_hours("12h00-14h00")
    assert quiet_until(paris(2026, 3, 10, 12, 30), lunch, PARIS) == paris(2026, 3, 10, 14, 0)
    assert quiet_until(paris(2026, 3, 10, 22, 0), lunch, PARIS) is None
    assert quiet_until(paris(2026, 3, 15, 11, 0), parse_quiet_hours("aucune"), PARIS) is None


@pytest.mark.parametrize("text", ["20-8", "25:00-08:00", "20:00-20:00", "le soir"])
def test_a_wrong_window_stops_start_up(text):
    with pytest.raises(ConfigurationError, match="SMS_QUIET_HOURS"):
        parse_quiet_hours(text)


# ---- Quiet hours: queue and delivery ----


@pytest.mark.django_db
def test_an_evening_text_waits_for_the_morning_and_an_urgent_one_does_not(settings, clock, town):
    settings.SMS_QUIET_HOURS = WINDOW
    clock.set(paris(2026, 3, 10, 21, 0))
    later = sms.queue_sms(to="0612345678", body="Nouvelle mission", organisation=town)
    urgent = sms.queue_sms(to="0612345679", body="Appel urgent", organisation=town, urgent=True)
    assert later.state == OutboxState.PENDING and later.next_attempt_at == paris(2026, 3, 11, 8, 0)
    assert urgent.next_attempt_at == paris(2026, 3, 10, 21, 0)
    deliver_due()
    assert [text["to"] for text in sms.sent] == ["+33612345679"]  # the evening one is not due yet
    clock.set(paris(2026, 3, 11, 8, 0))
    deliver_due()
    assert [text["to"] for text in sms.sent] == ["+33612345679", "+33612345678"]


@pytest.mark.django_db
def test_a_retry_falling_in_quiet_hours_waits_without_losing_an_attempt(settings, clock, town):
    settings.SMS_QUIET_HOURS = WINDOW
    clock.set(paris(2026, 3, 10, 19, 0))
    message = sms.queue_sms(to="0612345678", body="Rappel", organisation=town)
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.FAILED, attempts=2, next_attempt_at=paris(2026, 3, 10, 20, 30)
    )
    clock.set(paris(2026, 3, 10, 20, 30))
    deliver_due()
    message.refresh_from_db()
    assert sms.sent == []
    assert message.attempts == 2 and message.next_attempt_at == paris(2026, 3, 11, 8, 0)
    assert message.claim_token is None


# ---- STOP: service ----


@pytest.mark.parametrize(
    ("text", "stop"),
    [
        ("STOP", True),
        ("stop", True),
        ("  Stop. ", True),
        ("ARRET", True),
        ("Arrêt", True),
        ("ARRÊT SMS", True),
        ("stop sms", True),
        ("STOPSMS", True),
        ("Stop merci", True),
        ("Oui ça m'intéresse", False),
        ("Je ne veux pas que ça s'arrête", False),
        ("", False),
        (None, False),
    ],
)
def test_is_stop_reply(text, stop):
    assert consent.is_stop_reply(text) is stop


@pytest.mark.django_db
def test_a_person_who_said_stop_gets_nothing_but_urgent_texts(town, agent):
    assert consent.opt_out(agent, consent.HOW_PREFERENCES) is True
    assert consent.opt_out(agent, consent.HOW_PREFERENCES) is False  # already
    agent.refresh_from_db()
    assert consent.is_stopped(agent) and not agent.can_receive_sms
    assert agent.history.first().history_change_reason == "SMS refusés (préférences de notification)"
    assert sms.queue_sms(to=agent.phone, body="Nouvelle mission", user=agent, organisation=town) is None
    # without the account, the number itself is recognised
    assert sms.queue_sms(to="06 12 34 56 78", body="Nouvelle mission", organisation=town) is None
    assert not OutboxMessage.objects.exists()
    code = sms.queue_sms(to=agent.phone, body="Code : 123456", user=agent, organisation=town, urgent=True)
    assert code is not None and code.state == OutboxState.PENDING
    deliver_due()
    assert sms.sent == [{"to": agent.phone, "body": "Code : 123456"}]
    # choosing SMS again lifts the STOP
    consent.opt_in(agent)
    assert sms.queue_sms(to=agent.phone, body="Nouvelle mission", user=agent, organisation=town) is not None


@pytest.mark.django_db
def test_a_text_waiting_for_the_morning_is_abandoned_if_the_person_says_stop(settings, clock, town, agent):
    settings.SMS_QUIET_HOURS = WINDOW
    clock.set(paris(2026, 3, 10, 22, 0))
    message = sms.queue_sms(to=agent.phone, body="Nouvelle mission", user=agent, organisation=town)
    consent.opt_out_number(agent.phone, now=paris(2026, 3, 10, 22, 5))
    clock.set(paris(2026, 3, 11, 8, 0))
    deliver_due()
    message.refresh_from_db()
    assert sms.sent == []
    assert message.state == OutboxState.ABANDONED and "STOP" in message.last_error


@pytest.mark.django_db
def test_stop_by_number_stops_every_account_with_it(agent):
    other = User.objects.create_user(email="c.durand@perso.test", phone="+33612345678")
    stranger = User.objects.create_user(email="x@perso.test", phone="+33700000000")
    assert consent.opt_out_number("+33612345678") == 2
    assert all(consent.is_stopped(User.objects.get(pk=u.pk)) for u in (agent, other))
    assert not consent.is_stopped(User.objects.get(pk=stranger.pk))


# ---- Monthly budget ----


@pytest.mark.django_db
def test_the_last_text_of_the_budget_goes_and_the_next_is_abandoned(clock, town):
    clock.set(paris(2026, 3, 31, 14, 0))
    messages = [sms.queue_sms(to=f"061234567{i}", body="Appel", organisation=town) for i in range(4)]
    assert [m.state for m in messages[:3]] == [OutboxState.PENDING] * 3
    refused = messages[3]
    assert refused.state == OutboxState.ABANDONED and refused.attempts == 0
    assert refused.last_error == "Budget mensuel de SMS atteint : 3"
    assert deliver_due()[OutboxState.SENT] == 3
    assert budget.usage(town, now=paris(2026, 3, 31, 14, 0))["used"] == 3
    # an urgent text still goes, and is counted
    assert (
        sms.queue_sms(to="0612345670", body="Code", organisation=town, urgent=True).state
        == OutboxState.PENDING
    )
    assert SmsUsage.objects.get(organisation=town).count == 4
    # A new month (in Paris: 1 April 00:30 is still 31 March in UTC) starts afresh.
    clock.set(paris(2026, 4, 1, 0, 30))
    assert budget.month_of(timezone.now()) == datetime.date(2026, 4, 1)
    assert sms.queue_sms(to="0612345671", body="Appel", organisation=town).state == OutboxState.PENDING


@pytest.mark.django_db
def test_no_budget_and_no_organisation(town):
    poor = Organisation.objects.create(name="Commune sans SMS", slug="sans-sms", kind="commune")
    refused = sms.queue_sms(to="0612345678", body="Appel", organisation=poor)
    assert refused.state == OutboxState.ABANDONED and "budget mensuel de SMS est de 0" in refused.last_error
    orphan = sms.queue_sms(to="0612345678", body="Appel")
    assert orphan.state == OutboxState.ABANDONED and "SMS sans organisation" in orphan.last_error
    assert sms.queue_sms(to="0612345678", body="Code", urgent=True).state == OutboxState.PENDING
    assert deliver_due()[OutboxState.SENT] == 1
    assert sms.sent == [{"to": "+33612345678", "body": "Code"}]


@pytest.mark.django_db
def test_a_refused_text_leaves_again_only_when_the_budget_allows(clock, town):
    clock.set(paris(2026, 3, 10, 14, 0))
    town.sms_monthly_budget = 1
    town.save()
    sms.queue_sms(to="0612345678", body="Un", organisation=town)
    refused = sms.queue_sms(to="0612345679", body="Deux", organisation=town)
    assert retry_now(refused) is False
    refused.refresh_from_db()
    assert (
        refused.state == OutboxState.ABANDONED and refused.last_error == "Budget mensuel de SMS atteint : 1"
    )
    town.sms_monthly_budget = 2
    town.save()
    assert retry_now(refused) is True
    deliver_due()
    refused.refresh_from_db()
    assert refused.state == OutboxState.SENT
    assert SmsUsage.objects.get(organisation=town).count == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_gives_its_unit_back(town):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        sms.queue_sms(to="0612345678", body="Annulé", organisation=town)
        raise RuntimeError
    assert not SmsUsage.objects.filter(organisation=town, count__gt=0).exists()
    assert not OutboxMessage.objects.exists()
