"""Personal-data rights (RGPD): what we hold about a person, erasure by anonymisation, retention periods.

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
from passerelles.engagements.services import timeline_for
from passerelles.matching.models import AgentTerm
from passerelles.missions.models import Bookmark, Mission, SavedSearch
from passerelles.notifications.models import Notification
from passerelles.outbox.models import OutboxMessage
from passerelles.people.models import (
    DEFAULT_RETENTION_DAYS,
    Agent,
    AgentImport,
    ErasureRequest,
    ErasureStatus,
    Profile,
    ProfileView,
    RetentionKind,
    RetentionRule,
)


def _iso(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything the platform holds about this account and its agent record, as plain JSON-ready data."""
    agent = Agent.objects.filter(user=user).select_related("organisation", "unit", "manager", "site").first()
    data = {
        "export_date": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_frequency": user.email_frequency,
            "roles": [
                {"role": m.get_role_display(), "organisation": m.organisation.name}
                for m in user.role_memberships.select_related("organisation")
            ],
        },
        "agent": None,
        "profile": None,
        "engagements": [],
        "missions_written": [
            {"title": m.title, "status": m.get_status_display(), "created_at": _iso(m.created_at)}
            for m in Mission.objects.filter(created_by=user)
        ],
        "notifications": [
            {
                "subject": n.subject,
                "message": n.message,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in Notification.objects.filter(user=user)
        ],
        "emails": [  # the outbox keeps what was sent a month, what failed three months
            {
                "subject": m.subject,
                "state": m.get_state_display(),
                "created_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in OutboxMessage.objects.filter(user=user)
        ],
        "bookmarks": [b.mission.title for b in Bookmark.objects.filter(user=user).select_related("mission")],
        "saved_searches": [
            {"name": s.name, "criteria": s.query, "alert": s.alert}
            for s in SavedSearch.objects.filter(user=user)
        ],
        "profile_views": [],
    }
    if agent is None:
        return data
    data["agent"] = {
        "organisation": agent.organisation.name,
        "matricule": agent.matricule,
        "first_name": agent.first_name,
        "last_name": agent.last_name,
        "email": agent.email,
        "job_title": agent.job_title,
        "unit": agent.unit.name if agent.unit else None,
        "manager": agent.manager.full_name if agent.manager else None,
        "category": agent.category,
        "grade": agent.grade,
        "status": agent.get_status_display(),
        "site": str(agent.site) if agent.site else None,
        "active": agent.is_active,
    }
    profile = Profile.objects.filter(agent=agent).prefetch_related("tags", "sites").first()
    if profile is not None:
        data["profile"] = {
            "presentation": profile.presentation,
            "wishes": profile.wishes,
            "available": profile.available,
            "available_percent": profile.available_percent,
            "available_from": _iso(profile.available_from),
            "available_until": _iso(profile.available_until),
            "available_days": profile.available_days,
            "sites": [s.name for s in profile.sites.all()],
            "max_distance_km": profile.max_distance_km,
            "visibility": profile.get_visibility_display(),
            "tags": [
                {"kind": t.get_kind_display(), "label": t.label, "not_used_in_current_job": t.hidden}
                for t in profile.tags.all()
            ],
        }
    for engagement in Engagement.objects.filter(agent=agent).select_related(
        "mission", "mission__organisation"
    ):
        data["engagements"].append(
            {
                "mission": engagement.mission.title,
                "organisation": engagement.mission.organisation.name,
                "state": engagement.get_state_display(),
                "start_date": _iso(engagement.start_date),
                "end_date": _iso(engagement.end_date),
                "time_share_percent": engagement.percent,
                "message": engagement.message,
                "withdraw_reason": engagement.withdraw_reason,
                # as the agent reads it on the engagement page: a reason HR kept for itself is not theirs
                "timeline": [
                    {
                        "at": _iso(entry.event.at),
                        "action": entry.event.action,
                        "to": entry.event.get_to_state_display(),
                        "comment": entry.comment,
                    }
                    for entry in timeline_for(user, engagement)
                ],
            }
        )
    data["profile_views"] = [
        {
            "at": _iso(v.at),
            "by": str(v.viewer) if v.viewer else None,
            "organisation": v.viewer_organisation.name if v.viewer_organisation else None,
        }
        for v in ProfileView.objects.filter(agent=agent).select_related("viewer", "viewer_organisation")
    ]
    return data


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
    Profile.objects.filter(agent=agent).delete()
    AgentTerm.objects.filter(agent=agent).delete()
    ProfileView.objects.filter(agent=agent).delete()
    engagements = Engagement.objects.filter(agent=agent)
    engagements.update(message="", withdraw_reason="", decline_reason="")
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
