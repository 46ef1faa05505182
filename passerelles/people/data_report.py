"""« Mes données »: everything Passerelles keeps about a person (RGPD art. 15, right of access), gathered once
for the page, the JSON export and the CSV export (``data_sections``).

Why it is written this way:
- What the person may read is what the platform already lets them read, never more: the timelines of their own
  engagements as ``timeline_for`` gives them (a reason HR kept for itself reads as the neutral sentence); the
  evaluations others wrote about them are listed (who answered, when) without the answers, which only their
  authors and HR read (docs/suivi.md); of the check-ins, their own answers.
- What someone wrote about others (HR, a host, a manager) is theirs too: their steps in engagements' timelines,
  the agreements they gave, the rencontres they organised, the evaluations and return notes they wrote, the
  documents they established — what they wrote, which they saw when they wrote it.
- The apps that import ``people`` themselves (stories, invitations) are read through the model registry, so
  that no pair of apps imports each other.
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from passerelles.documents.models import DocumentAcceptance, EngagementDocument
from passerelles.engagements.models import Agreement, Engagement, EngagementEvent, Meeting
from passerelles.engagements.services import NEUTRAL_DECLINE, timeline_for
from passerelles.evaluations.models import RESPONDENT_CHOICES, Evaluation, ReturnNote
from passerelles.followup.models import CheckInAnswer, TimeEntry
from passerelles.matching.models import Exposure, Shortlist
from passerelles.missions.models import Bookmark, Mission, SavedSearch
from passerelles.notifications.models import Notification
from passerelles.outbox.models import OutboxMessage
from passerelles.people import personal_data_parts
from passerelles.people.models import Agent, Profile, ProfileView

RESPONDENTS = dict(RESPONDENT_CHOICES)


def _iso(value):
    return value.isoformat() if value else None


def _engagement_label(engagement) -> str:
    return f"{engagement.agent.full_name} — {engagement.mission.title}"


def personal_data(user) -> dict:
    """Everything the platform holds about this account and its agent record, as plain JSON-ready data."""
    agent = Agent.objects.filter(user=user).select_related("organisation", "unit", "manager", "site").first()
    mine = Engagement.objects.filter(agent=agent) if agent else Engagement.objects.none()
    data = {
        "export_date": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_frequency": user.get_email_frequency_display(),
            "roles": _roles(user),
        },
        "roles": _roles(user),
        "agent": _agent(agent),
        "profile": _profile(agent),
        "profile_views": _profile_views(agent),
        "saved_searches": [
            {"name": s.name, "criteria": s.query, "alert": s.alert}
            for s in SavedSearch.objects.filter(user=user)
        ],
        "bookmarks": [
            {"mission": b.mission.title, "created_at": _iso(b.created_at)}
            for b in Bookmark.objects.filter(user=user).select_related("mission")
        ],
        "suggestions": _suggestions(agent),
        "engagements": [
            _engagement(user, e) for e in mine.select_related("mission", "mission__organisation")
        ],
        "steps_written": _steps_written(user, mine),
        "meetings": _meetings(user, mine),
        "agreements": _agreements(user, mine),
        "documents": _documents(user, mine),
        "acceptances": [
            {
                "document": a.document.get_kind_display(),
                "version": a.document.version,
                "mission": a.document.engagement.mission.title,
                "party": a.party,
                "name": a.name,
                "accepted_at": _iso(a.accepted_at),
                "sha256": a.sha256,
            }
            for a in DocumentAcceptance.objects.filter(user=user).select_related(
                "document", "document__engagement__mission"
            )
        ],
        "checkin_answers": [
            {
                "mission": a.checkin.engagement.mission.title,
                "due_on": _iso(a.checkin.due_on),
                "party": a.get_party_display(),
                "mood": a.get_mood_display(),
                "workload": a.get_workload_display(),
                "relationship": a.get_relationship_display(),
                "help_needed": a.help_needed,
                "answered_at": _iso(a.answered_at),
            }
            for a in CheckInAnswer.objects.filter(answered_by=user).select_related(
                "checkin__engagement__mission"
            )
        ],
        "evaluations_written": _evaluations_written(user),
        "evaluations_about_me": _evaluations_about_me(mine),
        "return_notes": [
            {
                "engagement": _engagement_label(n.engagement),
                "held_on": _iso(n.held_on),
                "notes": n.notes,
                "by": str(n.by) if n.by else None,
            }
            for n in ReturnNote.objects.filter(Q(engagement__in=mine) | Q(by=user))
            .select_related("engagement__agent", "engagement__mission", "by")
            .distinct()
        ],
        "stories": _stories(user, agent),
        "time_entries": [
            {
                "mission": t.engagement.mission.title,
                "day": _iso(t.day),
                "half_days": t.half_days,
                "note": t.note,
            }
            for t in TimeEntry.objects.filter(Q(engagement__in=mine) | Q(by=user))
            .select_related("engagement__mission")
            .distinct()
        ],
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
        "invitations": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "state": str(i.state.label) if hasattr(i.state, "label") else str(i.state),
                "created_at": _iso(i.created_at),
                "accepted_at": _iso(i.accepted_at),
            }
            for i in apps.get_model("invitations", "Invitation")
            .objects.filter(user=user)
            .select_related("organisation")
        ],
        # the later apps' sections (facilitation, small help, forums): people/personal_data_parts.py
        "more": personal_data_parts.rows(user, agent),
    }
    return data


def _roles(user) -> list[dict]:
    return [
        {"role": m.get_role_display(), "organisation": m.organisation.name}
        for m in user.role_memberships.select_related("organisation")
    ]


def _agent(agent) -> dict | None:
    if agent is None:
        return None
    return {
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


def _profile(agent) -> dict | None:
    profile = Profile.objects.filter(agent=agent).prefetch_related("tags", "sites").first() if agent else None
    if profile is None:
        return None
    return {
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


def _profile_views(agent) -> list[dict]:
    if agent is None:
        return []
    return [
        {
            "at": _iso(v.at),
            "by": str(v.viewer) if v.viewer else None,
            "organisation": v.viewer_organisation.name if v.viewer_organisation else None,
        }
        for v in ProfileView.objects.filter(agent=agent).select_related("viewer", "viewer_organisation")
    ]


def _suggestions(agent) -> list[dict]:
    """The missions the person was suggested for, and HR's short lists: mission and date, never by whom."""
    if agent is None:
        return []
    rows = [
        {"mission": e.mission.title, "kind": "suggestion", "at": _iso(e.at)}
        for e in Exposure.objects.filter(agent=agent).select_related("mission")
    ]
    rows += [
        {"mission": s.mission.title, "kind": "présélection", "at": _iso(s.created_at)}
        for s in Shortlist.objects.filter(agent=agent).select_related("mission")
    ]
    return rows


def _engagement(user, engagement) -> dict:
    private = engagement.decline_reason_private  # HR kept it: the agent reads the neutral sentence
    decline_reason = str(NEUTRAL_DECLINE) if private else engagement.decline_reason
    return {
        "mission": engagement.mission.title,
        "organisation": engagement.mission.organisation.name,
        "state": engagement.get_state_display(),
        "start_date": _iso(engagement.start_date),
        "end_date": _iso(engagement.end_date),
        "time_share_percent": engagement.percent,
        "message": engagement.message,
        "withdraw_reason": engagement.withdraw_reason,
        "decline_reason": decline_reason,
        # as the agent reads it on the engagement page: a reason HR kept for itself is not theirs
        "timeline": [
            {
                "at": _iso(entry.event.at),
                "action": entry.event.action,
                "step": entry.event.get_action_display(),
                "to": entry.event.get_to_state_display(),
                "by": str(entry.event.by) if entry.event.by else None,
                "comment": entry.comment,
            }
            for entry in timeline_for(user, engagement)
        ],
    }


def _steps_written(user, mine) -> list[dict]:
    """The steps this person took in other people's engagements, with their own comment."""
    events = (
        EngagementEvent.objects.filter(by=user)
        .exclude(engagement__in=mine)
        .select_related("engagement__agent", "engagement__mission")
    )
    return [
        {
            "at": _iso(e.at),
            "engagement": _engagement_label(e.engagement),
            "step": e.get_action_display(),
            "comment": e.comment,
        }
        for e in events
    ]


def _meetings(user, mine) -> list[dict]:
    meetings = (
        Meeting.objects.filter(Q(engagement__in=mine) | Q(scheduled_by=user))
        .select_related("engagement__agent", "engagement__mission", "scheduled_by")
        .distinct()
    )
    return [
        {
            "engagement": _engagement_label(m.engagement),
            "starts_at": _iso(m.starts_at),
            "duration_minutes": m.duration_minutes,
            "place": m.place,
            "visio_url": m.visio_url,
            "scheduled_by": str(m.scheduled_by) if m.scheduled_by else None,
            "agent_continues": m.agent_continues,
            "host_continues": m.host_continues,
            "notes": m.notes,  # the engagement page shows them to the agent, the hosts and HR
            "cancelled_at": _iso(m.cancelled_at),
        }
        for m in meetings
    ]


def _agreements(user, mine) -> list[dict]:
    agreements = (
        Agreement.objects.filter(Q(engagement__in=mine) | Q(decided_by=user))
        .select_related("engagement__agent", "engagement__mission", "decided_by")
        .distinct()
    )
    return [
        {
            "engagement": _engagement_label(a.engagement),
            "round": a.round,
            "party": a.get_party_display(),
            "decision": a.get_decision_display(),
            "decided_by": str(a.decided_by) if a.decided_by else None,
            "decided_at": _iso(a.decided_at),
            # their own reason; another party's reason reaches the agent through the timeline, as its rules say
            "reason": a.reason if a.decided_by_id == user.pk else "",
        }
        for a in agreements
    ]


def _documents(user, mine) -> list[dict]:
    """Metadata only: the documents themselves are on the engagement's page."""
    documents = (
        EngagementDocument.objects.filter(Q(engagement__in=mine) | Q(created_by=user))
        .select_related("engagement__agent", "engagement__mission")
        .distinct()
    )
    return [
        {
            "engagement": _engagement_label(d.engagement),
            "document": d.get_kind_display(),
            "version": d.version,
            "created_at": _iso(d.created_at),
            "superseded_at": _iso(d.superseded_at),
            "sha256": d.sha256,
        }
        for d in documents
    ]


def _evaluations_written(user) -> list[dict]:
    return [
        {
            "engagement": _engagement_label(e.engagement),
            "respondent": str(RESPONDENTS.get(e.respondent, e.respondent)),
            "answers": [
                {"question": q["text"], "answer": e.answers.get(str(i), "")}
                for i, q in enumerate(e.questions)
            ],
            "share_in_passport": e.share_in_passport,
            "submitted_at": _iso(e.submitted_at),
        }
        for e in Evaluation.objects.filter(submitted_by=user).select_related(
            "engagement__agent", "engagement__mission"
        )
    ]


def _evaluations_about_me(mine) -> list[dict]:
    """Who evaluated the person's missions, and when; the answers stay with their authors and HR."""
    return [
        {
            "mission": e.engagement.mission.title,
            "respondent": str(RESPONDENTS.get(e.respondent, e.respondent)),
            "submitted_at": _iso(e.submitted_at),
        }
        for e in Evaluation.objects.filter(engagement__in=mine)
        .exclude(respondent="agent")
        .select_related("engagement__mission")
    ]


def _stories(user, agent) -> list[dict]:
    story = apps.get_model("stories", "Story")
    condition = Q(written_by=user) | (Q(agent=agent) if agent else Q(pk__in=[]))
    return [
        {
            "title": s.title,
            "text": s.text,
            "status": s.get_status_display(),
            "audience": s.get_audience_display(),
            "consent_at": _iso(s.consent_at),
            "moderation_comment": s.moderation_comment,
            "created_at": _iso(s.created_at),
            "published_at": _iso(s.published_at),
        }
        for s in story.objects.filter(condition).distinct()
    ]
