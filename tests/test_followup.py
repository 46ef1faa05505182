"""Follow-up: quotas per framework and organisation, check-ins with an alert to HR, idempotent reminders,
the home manager's team calendar."""

import datetime

import pytest
from django.utils import timezone

from passerelles.access import policies
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.followup import quotas
from passerelles.followup.models import CheckIn, TimeEntry
from passerelles.followup.services import answer_checkin, log_time, schedule_checkins, send_checkin_reminders
from passerelles.frameworks.models import EngagementFramework
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from tests.cast import make_engagement, make_mission

MONDAY = datetime.date(2026, 3, 2)


def test_asa_quota_refuses_the_fifth_half_day_of_a_month_with_why():
    quota = quotas.quota_for("asa_benevolat", {"asa_days_per_month": 2}, 10)
    assert (quota.period, quota.half_days) == ("month", 4)
    quotas.check(quota, used_half_days=3, new_half_days=1, day=MONDAY)  # the 4th half-day fits
    with pytest.raises(quotas.QuotaExceeded) as refused:
        quotas.check(quota, used_half_days=4, new_half_days=1, day=MONDAY)
    assert str(refused.value) == (
        "Quota dépassé : 2 jours par mois au titre de l'ASA bénévolat. Déjà saisi en mars 2026 : 2 jours ; "
        "il reste 0 jour, la saisie demandée est de 0,5 jour."
    )


def test_other_quotas_follow_the_framework_and_the_time_share():
    reserve = quotas.quota_for("reserve_communale", {}, 100)
    assert (reserve.period, reserve.half_days) == ("year", 30)
    assert reserve.period_of(MONDAY) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    share = quotas.quota_for("affectation_interne", {}, 20)  # 20 % of 21.67 days = 4.33 → 9 half-days
    assert (share.period, share.half_days) == ("month", 9)
    assert share.period_of(datetime.date(2026, 2, 14)) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )


@pytest.fixture
def active(cast):
    lead = cast.agents[Role.HOST]
    today = datetime.date.today()
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    engagement.start_date, engagement.end_date = (
        today - datetime.timedelta(days=40),
        today + datetime.timedelta(days=40),
    )
    engagement.save()
    return engagement


def asa(engagement, days=2):
    EngagementFramework.objects.create(
        engagement=engagement,
        code="asa_benevolat",
        situation={},
        parameters={"asa_days_per_month": days},
        recommendation={"label": "ASA"},
    )


@pytest.mark.django_db
def test_logging_time_within_the_asa_quota(cast, active):
    asa(active)
    agent = cast.users[Role.AGENT]
    # four past days of one month: this month's first four, or the last month's in the first days of a month
    # (a day to come is refused: the test failed on each 1st to 3rd)
    today = timezone.localdate()
    month_end = today if today.day >= 4 else today.replace(day=1) - datetime.timedelta(days=1)
    first = month_end.replace(day=1)
    days = [first + datetime.timedelta(days=i) for i in range(4)]
    for day in days[:2]:
        log_time(engagement=active, by=agent, day=day, half_days=2)
    with pytest.raises(
        TransitionRefused, match="Quota dépassé : 2 jours par mois au titre de l'ASA bénévolat"
    ):
        log_time(engagement=active, by=agent, day=days[2], half_days=1)
    log_time(engagement=active, by=agent, day=days[1], half_days=1)  # correcting a day counts it once
    log_time(engagement=active, by=agent, day=days[2], half_days=1)
    assert sum(TimeEntry.objects.filter(engagement=active).values_list("half_days", flat=True)) == 4
    previous = first - datetime.timedelta(days=1)  # another month: its own quota
    log_time(engagement=active, by=agent, day=previous, half_days=2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, shift, half_days, message",
    [
        (Role.HOST, 0, 2, "Seul l'agent"),
        (Role.AGENT, 1, 2, "à venir"),
        (Role.AGENT, -60, 2, "en dehors de la mission"),
        (Role.AGENT, 0, 3, "demi-journée ou une journée"),
    ],
)
def test_bad_time_entries_are_refused_and_change_nothing(cast, active, who, shift, half_days, message):
    day = datetime.date.today() + datetime.timedelta(days=shift)
    with pytest.raises(TransitionRefused, match=message):
        log_time(engagement=active, by=cast.users[who], day=day, half_days=half_days)
    assert not TimeEntry.objects.filter(engagement=active).exists()


@pytest.mark.django_db
def test_a_checkin_reporting_a_problem_alerts_hr_and_a_good_one_does_not(cast, active):
    assert schedule_checkins(active) == 3 and schedule_checkins(active) == 0  # idempotent
    due = CheckIn.objects.filter(engagement=active, due_on__lte=datetime.date.today()).first()
    answer_checkin(
        checkin=due, party="host", by=cast.users[Role.HOST], mood="bien", workload="ok", relationship="ok"
    )
    alerts = Notification.objects.filter(user=cast.users[Role.HR], subject__startswith="Point d'étape : ")
    assert not alerts.exists()
    answer_checkin(
        checkin=due,
        party="agent",
        by=cast.users[Role.AGENT],
        mood="difficile",
        workload="trop_lourde",
        relationship="ok",
        help_needed="Mon équipe d'origine me rappelle le mardi",
    )
    alert = alerts.get()
    assert alert.action_needed and "l'agent signale une difficulté" in alert.subject
    assert "trop lourde" in alert.message and "le mardi" in alert.message
    assert not Notification.objects.filter(
        user=cast.users[Role.MANAGER], subject__startswith="Point"
    ).exists()
    with pytest.raises(TransitionRefused, match="déjà répondu"):
        answer_checkin(
            checkin=due,
            party="agent",
            by=cast.users[Role.AGENT],
            mood="bien",
            workload="ok",
            relationship="ok",
        )
    with pytest.raises(TransitionRefused, match="ne vous est pas demandé"):
        answer_checkin(
            checkin=due,
            party="agent",
            by=cast.users[Role.MANAGER],
            mood="bien",
            workload="ok",
            relationship="ok",
        )
    later = CheckIn.objects.filter(engagement=active, due_on__gt=datetime.date.today()).first()
    with pytest.raises(TransitionRefused, match="revenez à cette date"):
        answer_checkin(
            checkin=later,
            party="agent",
            by=cast.users[Role.AGENT],
            mood="bien",
            workload="ok",
            relationship="ok",
        )


@pytest.mark.django_db
def test_checkin_reminders_go_once(cast, active):
    schedule_checkins(active)
    today = datetime.date.today()
    due = CheckIn.objects.filter(engagement=active, due_on__lte=today).count()
    assert send_checkin_reminders(today=today) == 2 * due  # the agent and the host, once per check-in
    assert send_checkin_reminders(today=today) == 0
    reminders = Notification.objects.filter(user=cast.users[Role.AGENT], subject__startswith="Point d'étape")
    assert reminders.count() == due


@pytest.mark.django_db
def test_the_agent_logs_time_on_the_page_and_the_manager_sees_the_team_calendar(cast, client_for, active):
    agent = client_for(cast.users[Role.AGENT])
    today = datetime.date.today()
    page = agent.get(f"/engagements/{active.pk}/suivi/").content.decode()
    assert "Temps passé" in page and "20 % du temps de travail" in page
    agent.post(
        f"/engagements/{active.pk}/temps/",
        {"day": today.isoformat(), "half_days": "1", "note": "Note privée"},
    )
    assert TimeEntry.objects.get(engagement=active).half_days == 1
    bad = agent.post(f"/engagements/{active.pk}/temps/", {"day": "hier", "half_days": "1"}, follow=True)
    assert "Saisissez une date valide" in bad.content.decode()
    manager = client_for(cast.users[Role.MANAGER])
    calendar = manager.get("/equipe/calendrier/", {"mois": f"{today:%Y-%m}"}).content.decode()
    assert f'data-calendar-engagement="{active.pk}"' in calendar and "½" in calendar
    assert "Note privée" not in calendar  # the note stays with the agent, HR and the host
    assert (
        manager.get(f"/engagements/{active.pk}/suivi/").status_code == 403
    )  # check-ins are not the manager's
    exploring = make_engagement(cast.agents[Role.SIGNATORY], active.mission, State.INTEREST)
    assert f'data-calendar-engagement="{exploring.pk}"' not in calendar
    other = client_for(cast.users[Role.HOST]).get("/equipe/calendrier/").content.decode()
    assert f'data-calendar-engagement="{active.pk}"' not in other
    assert manager.get("/equipe/calendrier/", {"mois": "n'importe quoi"}).status_code == 200


@pytest.mark.django_db
def test_who_follows_a_mission_under_way(cast, active):
    """The agent, the host and HR run the mission; the manager and the signatory read the engagement, never
    its check-ins."""
    for role in (Role.AGENT, Role.HOST, Role.HR):
        assert policies.can_follow_engagement(cast.users[role], active), role
    for role in (Role.MANAGER, Role.SIGNATORY, Role.ADMIN):
        assert not policies.can_follow_engagement(cast.users[role], active), role


def test_points_d_etape_fall_on_working_days_and_french_counts_days_right():
    from passerelles.documents.services import checkin_dates

    start = datetime.date(2026, 11, 1)  # a Sunday: two weeks later is a Sunday too, moved to the Monday
    dates = checkin_dates(start, datetime.date(2027, 2, 28))
    assert dates[0] == datetime.date(2026, 11, 16) and all(day.weekday() < 5 for day in dates)
    assert [quotas.days_text(n) for n in (1, 2, 3, 4)] == ["0,5 jour", "1 jour", "1,5 jour", "2 jours"]
