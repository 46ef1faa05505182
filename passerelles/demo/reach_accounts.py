"""Agents without a professional e-mail (docs/acces.md): in the demo manager's team (``encadrant``) of the
Département, a few agents of the field have no address in the SIRH and no account in use. Each has their
identifiant, and HR (``rh``) or their manager prints their code d'accès letter from « Lettres de code
d'accès » or « Mon équipe ».

One of them already has a letter, printed by HR, whose code (known in advance: ``DEMO_ACCESS_CODE``) the login
page shows in demo mode, so that a newcomer can try a first login. Another has gone through it and chose SMS:
a verified mobile number, SMS chosen, and the demo password — « Mot de passe oublié ? » › « Par SMS » with
their identifiant sends a code that the console prints.

Everyone is chosen in an explicit order (name, then id): the same people on SQLite and PostgreSQL.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from passerelles.access.models import RoleMembership
from passerelles.accounts import access_codes
from passerelles.accounts.models import AccessCode, User
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG, DEMO_PASSWORD
from passerelles.people.models import Agent

DEMO_ACCESS_CODE = "DEM0-K7QM-4TXP"  # 12 symbols of the code alphabet (« DEMO » typed is read as DEM0)
WITHOUT_EMAIL = 4  # the one with a letter shown on the login page, and three more waiting for theirs
DEMO_SMS_PHONE = "+33612345678"


def _candidates(manager: Agent) -> list[Agent]:
    """Members of the demo manager's team — then, in a small network, other field agents (category C) of the
    organisation — who never signed in, hold no role, are in no engagement and lead no mission: people the
    demo journeys do not use."""
    from passerelles.engagements.models import Engagement
    from passerelles.invitations.models import Invitation
    from passerelles.missions.models import Mission

    demo_emails = {account.email for account in DEMO_ACCOUNTS_BY_SLUG.values()}
    busy = set(Engagement.objects.values_list("agent_id", flat=True))
    busy |= set(Mission.objects.filter(project_lead__isnull=False).values_list("project_lead_id", flat=True))
    busy |= set(Invitation.objects.filter(agent__isnull=False).values_list("agent_id", flat=True))
    with_role = set(RoleMembership.objects.values_list("user_id", flat=True))
    free = (
        Agent.objects.filter(organisation=manager.organisation, is_active=True, reports__isnull=True)
        .filter(Q(user__isnull=True) | Q(user__last_login__isnull=True))
        .exclude(pk__in=busy)
        .exclude(user_id__in=with_role)
        .exclude(email__in=demo_emails)
        .exclude(email="")  # the one access.py already left without an address
        .select_related("user", "organisation")
        .order_by("last_name", "first_name", "pk")
    )
    chosen = list(free.filter(manager=manager)) + list(
        free.filter(category="C", manager__isnull=False).exclude(manager=manager)[: WITHOUT_EMAIL + 1]
    )
    return [agent for agent in chosen if agent.user is None or not agent.user.has_usable_password()]


def _without_professional_email(agent: Agent) -> User:
    """No address in the SIRH: the agent's account keeps no address, and gets an identifiant."""
    agent.email = ""
    agent.save(update_fields=["email"])
    user = agent.user
    if user is None:
        user = User(first_name=agent.first_name, last_name=agent.last_name)
        user.set_unusable_password()
    user.email = None
    user.email_is_personal = False
    user.login_name = user.login_name or access_codes.login_name_for(agent.first_name, agent.last_name)
    user.save()
    if agent.user_id != user.pk:
        agent.user = user
        agent.save(update_fields=["user"])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()
    return user


def create_demo_reach_accounts(now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    manager = Agent.objects.get(user__email=DEMO_ACCOUNTS_BY_SLUG["encadrant"].email)
    hr = User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG["rh"].email)
    people = _candidates(manager)
    if len(people) < WITHOUT_EMAIL + 1:
        raise RuntimeError(
            "Réseau de démonstration trop petit pour y montrer les agents sans adresse e-mail."
        )
    accounts = [_without_professional_email(agent) for agent in people[:WITHOUT_EMAIL]]
    # The letter HR printed this morning, whose code the login page shows.
    access_codes.issue_code(accounts[0], by=hr, now=now - datetime.timedelta(hours=2), code=DEMO_ACCESS_CODE)

    # An agent who went through their letter last month and chose SMS.
    sms_person = _without_professional_email(people[WITHOUT_EMAIL])
    chosen = now - datetime.timedelta(days=27)
    sms_person.password = make_password(DEMO_PASSWORD)
    sms_person.phone = DEMO_SMS_PHONE
    sms_person.phone_verified_at = chosen
    sms_person.sms_opted_in_at = chosen
    sms_person.last_login = chosen
    sms_person.save()
    access_code, _ = access_codes.issue_code(sms_person, by=hr, now=chosen - datetime.timedelta(days=2))
    AccessCode.objects.filter(pk=access_code.pk).update(used_at=chosen)


def shown_access_code() -> dict | None:
    """The demo letter's code, its person and the page it opens, while the code still works."""
    code = access_codes.normalise_code(DEMO_ACCESS_CODE)
    access_code = (
        AccessCode.objects.select_related("user")
        .filter(code_hash=access_codes.code_hash(code), used_at__isnull=True, revoked_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .first()
    )
    if access_code is None:
        return None
    return {
        "code": access_codes.format_code(code),
        "name": access_code.user.get_full_name(),
        "url": f"{reverse('access_code_start')}?{urlencode({'code': access_codes.format_code(code)})}",
    }
