"""Demo notification choices (issue 15): people who chose differently from the defaults, so that « Mes
notifications », the daily summary, SMS and the recipient's language can be seen at work.

- the demo agent chose SMS (a fictional number, ARCEP's range reserved for fiction) for meetings, agreements
  and new missions, and no e-mail for new missions any more;
- the demo manager reads most news in one summary a day, and no e-mail about stories;
- the Département's HR gets missions and stories to review in the daily summary;
- the Ville's HR reads English: what Passerelles sends them is written in English (where the English
  catalogue has the sentence).
Accounts are found by their demo address, never by database order.
"""

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG
from passerelles.notifications.models import EmailChoice
from passerelles.notifications.preferences import Choice, choices_for, save_choices

FICTIONAL_MOBILE = "+33639989901"  # apart from reach_sms.py's numbers (0000–0199)


def _user(slug: str) -> User:
    return User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG[slug].email)


def _choose(user, **changes: Choice) -> None:
    choices = choices_for(user)
    choices.update(changes)
    save_choices(user, choices)


def create_demo_notification_choices() -> None:
    now = timezone.now()
    agent = _user("agent")
    if not agent.phone:  # another part of the demo may already have given them one
        agent.phone = FICTIONAL_MOBILE
        agent.phone_verified_at = now
    agent.sms_opted_in_at, agent.sms_opted_out_at = now, None
    agent.save(update_fields=["phone", "phone_verified_at", "sms_opted_in_at", "sms_opted_out_at"])
    _choose(
        agent,
        new_mission=Choice(EmailChoice.NEVER, True),
        meeting=Choice(EmailChoice.IMMEDIATE, True),
        agreement=Choice(EmailChoice.IMMEDIATE, True),
        volunteer_call=Choice(EmailChoice.IMMEDIATE, False),
    )

    manager = _user("encadrant")
    daily = Choice(EmailChoice.DAILY, False)
    _choose(
        manager,
        engagement=daily,
        document=daily,
        followup=daily,
        general=daily,
        story=Choice(EmailChoice.NEVER, False),
    )

    _choose(_user("rh"), review=daily, story=daily)

    english = _user("rh-ville")
    english.language = "en"
    english.save(update_fields=["language"])
