"""Personal-data rights (RGPD): erasure by anonymisation, retention periods (what we hold about a person:
``data_report``).

Anonymisation keeps what statistics need (organisation, unit, category, status, the engagements' dates and
steps) and removes what identifies: names, e-mails, matricule, free texts, the profile, the account, and the
past versions kept by the audit trail.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from passerelles.engagements.lifecycle import CLOSED_STATES
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.matching.models import AgentTerm
from passerelles.missions.models import Bookmark, SavedSearch
from passerelles.notifications.models import Notification
from passerelles.organisations import headcount
from passerelles.outbox.models import OutboxMessage
from passerelles.people import personal_data_parts
from passerelles.people.models import (
    DEFAULT_RETENTION_DAYS,
    Agent,
    AgentImport,
    ChosenContact,
    ErasureRequest,
    ErasureStatus,
    Profile,
    ProfileView,
    RetentionKind,
    RetentionRule,
)


@transaction.atomic
def anonymise_agent(agent: Agent) -> None:
    """Erase what identifies the person, keep what statistics need."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    Agent.history.filter(id=agent.pk).delete()  # past versions would keep the names
    agent.first_name, agent.last_name = "Agent", f"anonymisé n° {agent.pk}"
    agent.email = agent.matricule = agent.job_title = ""
    agent.is_active = False
    agent.anonymised_at = timezone.now()
    agent.deactivated_at = agent.deactivated_at or agent.anonymised_at
    user = agent.user
    agent.user = None
    agent.save()
    headcount.recount([agent.organisation_id])  # one agent fewer in post on the organisation's pages
    Profile.objects.filter(agent=agent).delete()
    AgentTerm.objects.filter(agent=agent).delete()
    ProfileView.objects.filter(agent=agent).delete()
    # a personne relais chosen, or being someone's: a link between two named people
    ChosenContact.objects.filter(agent=agent).delete()
    ChosenContact.objects.filter(contact=agent).delete()
    personal_data_parts.anonymise(agent, user)  # the later apps' words (people/personal_data_parts.py)
    engagements = Engagement.objects.filter(agent=agent)
    engagements.update(message="", withdraw_reason="", decline_reason="", consent_note="")
    EngagementEvent.objects.filter(engagement__in=engagements).update(comment="")
    if user is not None:
        from allauth.account.models import EmailAddress
        from allauth.socialaccount.models import SocialAccount

        Notification.objects.filter(user=user).delete()
        OutboxMessage.objects.filter(user=user).delete()  # subjects and texts name the person
        Bookmark.objects.filter(user=user).delete()
        SavedSearch.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        get_user_model().history.filter(id=user.pk).delete()
        user.role_memberships.all().delete()
        user.email = f"anonyme-{user.pk}@anonyme.invalid"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()


def erasure_request(*, agent: Agent) -> ErasureRequest:
    existing = ErasureRequest.objects.filter(agent=agent, status=ErasureStatus.PENDING).first()
    return existing or ErasureRequest.objects.create(agent=agent)


@transaction.atomic
def erasure_handle(*, request: ErasureRequest, by) -> None:
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureStatus.PENDING:
        return
    anonymise_agent(request.agent)
    request.status, request.handled_by, request.handled_at = ErasureStatus.DONE, by, timezone.now()
    request.save()


def retention_days(organisation_id, kind: str) -> int:
    rule = RetentionRule.objects.filter(organisation_id=organisation_id, kind=kind).values_list(
        "days", flat=True
    )
    return rule.first() or DEFAULT_RETENTION_DAYS[kind]


def apply_retention(*, now: datetime.datetime) -> dict[str, int]:
    """Remove or anonymise what has outlived its retention period, organisation by organisation.
    Running it twice changes nothing more."""
    from passerelles.organisations.models import Organisation

    counts = dict.fromkeys(RetentionKind.values, 0)
    for organisation_id in Organisation.objects.values_list("pk", flat=True):

        def limit(kind, organisation_id=organisation_id):
            return now - datetime.timedelta(days=retention_days(organisation_id, kind))

        counts[RetentionKind.NOTIFICATIONS] += Notification.objects.filter(
            user__agent__organisation_id=organisation_id, created_at__lt=limit(RetentionKind.NOTIFICATIONS)
        ).delete()[0]
        counts[RetentionKind.PROFILE_VIEWS] += ProfileView.objects.filter(
            agent__organisation_id=organisation_id, at__lt=limit(RetentionKind.PROFILE_VIEWS)
        ).delete()[0]
        for agent in Agent.objects.filter(
            organisation_id=organisation_id,
            is_active=False,
            anonymised_at__isnull=True,
            deactivated_at__lt=limit(RetentionKind.INACTIVE_AGENTS),
        ):
            anonymise_agent(agent)
            counts[RetentionKind.INACTIVE_AGENTS] += 1
        old = Engagement.objects.filter(
            agent__organisation_id=organisation_id,
            state__in=CLOSED_STATES,
            updated_at__lt=limit(RetentionKind.ENGAGEMENT_TEXTS),
        ).exclude(message="", withdraw_reason="", decline_reason="")
        counts[RetentionKind.ENGAGEMENT_TEXTS] += old.update(
            message="", withdraw_reason="", decline_reason=""
        )
        for agent_import in AgentImport.objects.filter(
            organisation_id=organisation_id, created_at__lt=limit(RetentionKind.IMPORT_FILES)
        ).exclude(file=""):
            agent_import.file.delete(save=False)
            agent_import.file = ""
            agent_import.errors, agent_import.preview = [], {}
            agent_import.save(update_fields=["file", "errors", "preview"])
            counts[RetentionKind.IMPORT_FILES] += 1
    return counts
