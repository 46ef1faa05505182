"""The monthly SMS budget of an organisation: how many texts it lets through per calendar month.

A text costs a few cents; a volunteer call to every agent of a département costs hundreds of euros. The
platform operator sets ``Organisation.sms_monthly_budget`` (0: no SMS at all) and every text is admitted
against it when it is written (``admit``): within the budget it is queued, past it it is written but
abandoned at once with the reason, for the organisation's administrators to see.

Why two workers cannot overspend: admission is one conditional ``UPDATE … SET count = count + 1 WHERE
count < budget`` on the organisation's row of the month (``SmsUsage``), in the caller's transaction. The
database decides, not a count read earlier: on PostgreSQL the second writer waits for the first one's row
lock, then re-checks the condition on the row as the first left it (READ COMMITTED); SQLite lets one writer
at a time. So the budget is never exceeded, not even by one message; a transaction that rolls back gives its
unit back with it. Urgent texts (account codes, crisis calls) are counted but never refused: a person must be
able to sign in and a crisis call must leave, whatever the month cost.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.organisations.models import Organisation
from passerelles.outbox.models import SmsUsage

NO_ORGANISATION = _(
    "SMS sans organisation : aucun budget ne peut le payer (seuls les SMS urgents partent ainsi)."
)


def month_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the calendar month of ``moment`` in the platform's time zone (Europe/Paris)."""
    return timezone.localtime(moment).date().replace(day=1)


def refusal(budget: int) -> str:
    if budget == 0:
        return str(_("Pas de SMS pour cette organisation : son budget mensuel de SMS est de 0."))
    return str(_("Budget mensuel de SMS atteint : %(budget)s") % {"budget": budget})


def admit(organisation_id: int, *, urgent: bool = False, now: datetime.datetime) -> tuple[bool, str]:
    """Count one text against the organisation's budget of the month: (True, "") when it may go, (False,
    the reason) when the budget is spent. Runs in the caller's transaction (see the module docstring)."""
    budget = (
        Organisation.objects.filter(pk=organisation_id).values_list("sms_monthly_budget", flat=True).first()
    ) or 0
    month = month_of(now)
    with transaction.atomic():
        SmsUsage.objects.get_or_create(organisation_id=organisation_id, month=month)
        row = SmsUsage.objects.filter(organisation_id=organisation_id, month=month)
        if not urgent:
            row = row.filter(count__lt=budget)
        if row.update(count=F("count") + 1):
            return True, ""
    return False, refusal(budget)


def usage(organisation: Organisation, *, now: datetime.datetime | None = None) -> dict:
    """This month's texts against the budget, for the organisation's outbox page."""
    month = month_of(now or timezone.now())
    used = (
        SmsUsage.objects.filter(organisation=organisation, month=month)
        .values_list("count", flat=True)
        .first()
        or 0
    )
    budget = organisation.sms_monthly_budget
    return {
        "month": month,
        "used": used,
        "budget": budget,
        "left": max(budget - used, 0),
        "percent": min(round(100 * used / budget), 100) if budget else 100,
    }
