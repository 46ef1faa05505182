"""HR's « Accès des agents » in every state: the Département's HR (``rh``) filters the page by their own
service and finds colleagues active (the demo accounts), invited and waiting, with an expired link, with a
withdrawn invitation, not invited yet, and one without a professional address in the SIRH.

The waiting invitation is a real one, made by ``invitations.services.invite_agent``: its link (whose secret is only
hashed in the database) goes by e-mail, which the console backend of demo mode prints — follow it to try
the way in. The expired and withdrawn ones are made the same way and then dated back, with their e-mails
recorded as the delivery would have left them (sent, then), so that nothing old is sent while the demo loads.
"""

import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG
from passerelles.invitations.models import VALIDITY, Invitation
from passerelles.invitations.services import invite_agent, revoke
from passerelles.outbox.models import OutboxMessage, OutboxState
from passerelles.people.models import Agent

PEOPLE_NEEDED = 4  # invited, expired, withdrawn, without an address


def _candidates(hr) -> list[Agent]:
    """Colleagues of HR's own service first (so that one filter shows every state), then of the whole
    organisation: agents who never signed in, lead no one, take part in no mission, without a profile
    where possible (a person who filled one in has signed in)."""
    from passerelles.engagements.models import Engagement
    from passerelles.missions.models import Mission

    busy = set(Engagement.objects.values_list("agent_id", flat=True))
    busy |= set(Mission.objects.values_list("project_lead_id", flat=True))
    base = (
        Agent.objects.filter(
            organisation=hr.agent.organisation,
            is_active=True,
            reports__isnull=True,
            manager__isnull=False,
            user__last_login__isnull=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .exclude(email="")
        .exclude(pk__in=busy)
        .select_related("organisation", "user")
        .order_by("pk")
    )
    unit = hr.agent.unit
    chosen: dict[int, Agent] = {}
    for queryset in (base.filter(unit=unit, profile__isnull=True), base.filter(unit=unit), base):
        for agent in queryset[:PEOPLE_NEEDED]:
            chosen.setdefault(agent.pk, agent)
        if len(chosen) >= PEOPLE_NEEDED:
            break
    return list(chosen.values())[:PEOPLE_NEEDED]


def _date_back(invitation: Invitation, sent: datetime.datetime, **fields) -> None:
    """The invitation as sent at ``sent``, and its e-mail as the delivery would have left it then."""
    Invitation.objects.filter(pk=invitation.pk).update(created_at=sent, expires_at=sent + VALIDITY, **fields)
    OutboxMessage.objects.filter(user=invitation.user, state=OutboxState.PENDING).update(
        state=OutboxState.SENT, attempts=1, sent_at=sent, next_attempt_at=sent, created_at=sent
    )


def create_demo_access(now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    hr = User.objects.select_related("agent__unit", "agent__organisation").get(
        email=DEMO_ACCOUNTS_BY_SLUG["rh"].email
    )
    people = _candidates(hr)
    if len(people) < PEOPLE_NEEDED:
        raise RuntimeError("Réseau de démonstration trop petit pour y montrer l'accès des agents.")
    waiting, expired, withdrawn, without_address = people

    invite_agent(waiting, by=hr)  # sent as the demo loads: the console prints its link

    invitation = invite_agent(expired, by=hr)
    _date_back(invitation, now - datetime.timedelta(days=20))

    invitation = invite_agent(withdrawn, by=hr)
    revoke(invitation, by=hr)
    _date_back(invitation, now - datetime.timedelta(days=6), revoked_at=now - datetime.timedelta(days=4))

    # No address in the SIRH: no account either (an account is made when its person is first invited).
    account = without_address.user
    without_address.email = ""
    without_address.user = None
    without_address.save()
    account.delete()
