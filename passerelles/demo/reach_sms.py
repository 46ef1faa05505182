"""The demo's SMS channel, alive: budgets per organisation, and texts in each state on the outbox pages.

As ``admin`` (Département), « Courriels envoyés et SMS » shows texts delivered (the provider's report kept),
one sent and still without a report, one waiting for the end of quiet hours, a person who answered « STOP »
after her last text, and this month's texts against a budget of 200. As ``admin-ville``, texts refused last
month because the Ville's budget (40) was spent: « Budget mensuel de SMS atteint : 40 ».

Nothing is sent while the demo loads: rows are written as the gateway would have left them. The numbers are
in the range ARCEP reserves for fiction (06 39 98 xx xx), given only to agents who had none, and chosen by
e-mail order, not by the database's row order (PostgreSQL and SQLite differ).
"""

import datetime
from collections import Counter

from django.db.models import F
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.demo.accounts import DEMO_EMAIL_DOMAIN
from passerelles.organisations.models import Organisation
from passerelles.outbox import budget, consent
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState, SmsUsage
from passerelles.outbox.quiet_hours import parse_quiet_hours, quiet_until
from passerelles.outbox.services import _message_id
from passerelles.outbox.sms import with_stop_mention

BUDGETS = {
    "departement-haute-lisiere": 200,
    "lisiere-metropole": 150,
    "ville-de-belvau": 40,
    "ccas-de-belvau": 30,
}
DEPARTEMENT, VILLE = "departement-haute-lisiere", "ville-de-belvau"
FICTION_PREFIX = "+3363998"  # 06 39 98 00 00 – 06 39 98 99 99: numbers ARCEP reserves for fiction
# The demo shows quiet hours even where they are turned off (tests): the default window.
DEMO_WINDOW = parse_quiet_hours("20:00-08:00")


def _people(organisation: Organisation, count: int, numbers_from: int) -> list[User]:
    """Agents of the organisation with an account (not the demo's one-click accounts), by e-mail."""
    users = (
        User.objects.filter(agent__organisation=organisation, agent__category="C", email__isnull=False)
        .exclude(email__endswith=DEMO_EMAIL_DOMAIN)
        .order_by("email")[:count]
    )
    people = []
    for index, user in enumerate(users):
        if not user.phone:  # another part of the demo may have given them one already
            user.phone = f"{FICTION_PREFIX}{numbers_from + index:04d}"
            user.phone_verified_at = timezone.now() - datetime.timedelta(days=40)
            user.sms_opted_in_at = user.phone_verified_at
            user.save(update_fields=["phone", "phone_verified_at", "sms_opted_in_at"])
        people.append(user)
    return people


def _text(
    organisation, user, body: str, created: datetime.datetime, **state
) -> tuple[OutboxMessage, datetime.datetime]:
    text = with_stop_mention(body)
    return OutboxMessage(
        channel=Channel.SMS,
        organisation=organisation,
        user=user,
        to=user.phone,
        subject=text[:60],
        body=text,
        message_id=_message_id(),
        **state,
    ), created


def _count(organisation: Organisation, month: datetime.date, count: int) -> None:
    SmsUsage.objects.get_or_create(organisation=organisation, month=month)
    SmsUsage.objects.filter(organisation=organisation, month=month).update(count=F("count") + count)


def create_demo_sms(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    for slug, amount in BUDGETS.items():
        Organisation.objects.filter(slug=slug).update(sms_monthly_budget=amount)
    departement = Organisation.objects.get(slug=DEPARTEMENT)
    ville = Organisation.objects.get(slug=VILLE)
    people = _people(departement, 5, 0)
    ville_people = _people(ville, 3, 100)
    hours, minutes = datetime.timedelta(hours=1), datetime.timedelta(minutes=1)
    zone = timezone.get_default_timezone()
    # Shown waiting for the end of quiet hours: the current quiet period's, or (in the day) tonight's one.
    waiting_until = quiet_until(now, DEMO_WINDOW, zone) or quiet_until(
        _next_quiet_start(now), DEMO_WINDOW, zone
    )
    mission = (
        "Nouvelle mission près de chez vous : « Renfort cuisine au collège Jean-Moulin », 2 jours par mois."
    )
    meeting = "Rappel : votre rencontre pour la mission « Atelier vélo » est demain à 10 h."
    agreement = "Votre accord est attendu pour la mission « Inventaire des archives »."

    def sent(body, ago, provider_id, report, *, report_after=10):
        at = now - ago
        return body, at, {
            "state": OutboxState.SENT, "attempts": 1, "sent_at": at, "next_attempt_at": at,
            "provider_message_id": provider_id, "delivery_status": report,
            "delivery_updated_at": at + datetime.timedelta(seconds=report_after),
        }  # fmt: skip

    specs = [
        sent(mission, 26 * hours, "demo-1001", "delivered"),
        sent(meeting, 5 * hours, "demo-1002", "delivered", report_after=14),
        sent(agreement, 3 * minutes, "demo-1003", "sent", report_after=60),
        (
            mission,
            now - 5 * minutes,
            {"state": OutboxState.PENDING, "attempts": 0, "next_attempt_at": waiting_until},
        ),
        sent(mission, 50 * hours, "demo-1004", "delivered", report_after=7),  # then she answered STOP
    ]
    rows = [
        _text(departement, person, body, created, **state)
        for person, (body, created, state) in zip(people, specs, strict=False)  # a very small demo: fewer
    ]
    last_month = budget.month_of(now) - datetime.timedelta(days=1)
    refused_on = timezone.make_aware(
        datetime.datetime.combine(last_month.replace(day=27), datetime.time(14, 5))
    )
    for index, person in enumerate(ville_people):
        rows.append(
            _text(ville, person, "Appel à volontaires : la Ville cherche des bras pour la collecte solidaire.",
                  refused_on + index * datetime.timedelta(seconds=2), state=OutboxState.ABANDONED, attempts=0,
                  next_attempt_at=refused_on, last_error=budget.refusal(BUDGETS[VILLE]))
        )  # fmt: skip
    messages = OutboxMessage.objects.bulk_create([message for message, _ in rows])
    for message, (_, created) in zip(messages, rows, strict=True):  # auto_now_add: dated afterwards
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=created)
    # The budget counts what was let through, by the month it was written in; the Ville's was spent.
    admitted = Counter(
        budget.month_of(created) for message, created in rows if message.state != OutboxState.ABANDONED
    )
    for month, count in sorted(admitted.items()):
        _count(departement, month, count)
    if ville_people:
        _count(ville, last_month.replace(day=1), BUDGETS[VILLE])
    if len(people) == len(specs):
        consent.opt_out(people[-1], consent.HOW_REPLY, now=now - 28 * hours)
    return len(messages)


def _next_quiet_start(now: datetime.datetime) -> datetime.datetime:
    """The next evening at the start of the quiet window (the demo's pending text is written then)."""
    start = DEMO_WINDOW[0]
    local = timezone.localtime(now)
    evening = datetime.datetime.combine(local.date(), start, tzinfo=local.tzinfo)
    return evening if evening > local else evening + datetime.timedelta(days=1)
