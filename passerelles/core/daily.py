"""The daily job as a task: date-driven moves (engagements, missions past their end date), reminders and
daily e-mail summaries."""

import datetime

from django.utils import timezone
from django_tasks import task

from passerelles.engagements.services import remind_meetings, run_daily, send_reminders
from passerelles.evaluations.services import close_overdue, send_evaluation_reminders
from passerelles.followup.services import send_checkin_reminders
from passerelles.missions.services import close_ended_missions
from passerelles.notifications.services import send_daily_digests
from passerelles.organisations import headcount
from passerelles.outbox.delivery import deliver_due, purge
from passerelles.people.personal_data import apply_retention
from passerelles.programmes.services import send_expiry_reminders
from passerelles.reimbursements.services import send_issue_reminders
from passerelles.renewals.services import send_renewal_alerts


@task()
def daily(*, today: str) -> dict[str, int]:
    """Run once a day (``passerelles daily``, from cron). Running it twice the same day changes nothing more."""
    day = datetime.date.fromisoformat(today)
    now = timezone.now()
    if day != timezone.localdate():  # catching up a missed day, or a test with frozen dates
        now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    counts = run_daily(today=day)
    counts["missions_closed"] = close_ended_missions(today=day)  # past their end date
    counts["reminders"] = send_reminders(now=now)
    counts["meeting_reminders"] = remind_meetings(today=day)
    counts["checkin_reminders"] = send_checkin_reminders(today=day)
    counts["evaluation_reminders"] = send_evaluation_reminders(today=day)
    counts["evaluations_closed"] = close_overdue(today=day)
    counts["programme_reminders"] = send_expiry_reminders(today=day)  # 60 and 15 days before a test's end
    counts["titres_to_issue"] = send_issue_reminders(today=day)  # a period over, its titre not issued
    counts["renewal_alerts"] = send_renewal_alerts(today=day)  # 90 and 30 days before a loan's end
    counts["digests"] = send_daily_digests()
    counts["retention"] = sum(apply_retention(now=now).values())
    # the head counts of the organisation and network pages, mended of any write that did not recount
    counts["organisations_counted"] = headcount.recount()
    # Belt and braces for the outbox: what is due (retries, messages left by a dead worker) goes now, on the
    # real clock whatever day is being caught up.
    counts["emails_sent"] = deliver_due()["sent"]
    counts["outbox_purged"] = purge(now=timezone.now())
    return counts
