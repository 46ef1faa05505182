"""« À faire » : HR's own work — alerts at check-ins, documents to write, the assembly to inform, stories to review,
hosts' requests (moved out of core/todo.py, which gathers the groups and stays under its size limit)."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.core.todo_lines import LIMIT, _items, _label, _url, checkin_lines
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.missions.models import Mission, MissionStatus


def _hr_of(hr_orgs, to_engagement: str = "") -> Q:
    """The engagements HR follows: its organisation's missions' and its agents' (``is_engagement_hr``)."""
    return Q(**{f"{to_engagement}mission__organisation_id__in": hr_orgs}) | Q(
        **{f"{to_engagement}agent__organisation_id__in": hr_orgs}
    )


def _documents_to_write(engagements) -> list[tuple[str, str]]:
    """HR: a framework is confirmed but a required document (the pact, a convention) is not written yet."""
    from passerelles.documents.models import EngagementDocument
    from passerelles.documents.services import required_kinds

    waiting = (
        engagements.filter(state=State.AGREEMENTS, framework__isnull=False)
        .select_related("framework")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=EngagementDocument.objects.filter(superseded_at__isnull=True).only(
                    "pk", "kind", "engagement_id"
                ),
                to_attr="current",
            )
        )
        .order_by("updated_at", "pk")
    )
    rows = [e for e in waiting[: LIMIT * 4] if set(required_kinds(e)) - {d.kind for d in e.current}][:LIMIT]
    return [(_label(e), _url("engagement_documents", engagement_id=e.pk)) for e in rows]


def _assembly_to_record(engagements, hr_orgs) -> list[tuple[str, str]]:
    """The origin's HR: a MAD or a mécénat waits for the date its assemblée délibérante was informed."""
    from passerelles.frameworks.assembly import codes_requiring_assembly

    waiting = engagements.filter(
        state=State.AGREEMENTS,
        agent__organisation_id__in=hr_orgs,
        assembly_informed_on__isnull=True,
        framework__code__in=codes_requiring_assembly(),
    ).order_by("updated_at", "pk")
    return _items(waiting, "assembly-title")


def _checkin_alerts(user, hr_orgs) -> list[tuple[str, str]]:
    """HR: a difficulty signalled at a check-in, until an HR coordinator says it was dealt with. The list
    names the engagement and the date only: what was written is read on the follow-up page, by HR."""
    from passerelles.followup.models import CheckIn, CheckInAnswer

    alarming = CheckInAnswer.objects.filter(checkin=OuterRef("pk"), handled_at__isnull=True).filter(
        CheckInAnswer.alarming_q()
    )
    alerts = CheckIn.objects.filter(Exists(alarming), _hr_of(hr_orgs, "engagement__")).order_by(
        "due_on", "pk"
    )
    return checkin_lines(alerts)


def _stories_to_review(user, hr_orgs) -> list[tuple[str, str]]:
    from passerelles.stories.models import Story, StoryStatus

    stories = (
        Story.objects.filter(status=StoryStatus.SUBMITTED, agent__organisation_id__in=hr_orgs)
        .select_related("agent")
        .order_by("created_at", "pk")
    )
    return [
        (f"{s.agent.full_name} — {s.title}", _url("story_detail", "moderate-title", story_id=s.pk))
        for s in stories[:LIMIT]
    ]


def _host_requests(user) -> list[tuple[str, str]]:
    """Profiles a host asked HR to contact (from the anonymous suggestions), not yet in touch with the mission."""
    from passerelles.matching.models import Shortlist

    hr_orgs = get_actor(user).org_ids(Role.HR)
    entries = (
        Shortlist.objects.filter(
            mission__in=Mission.objects.filter(organisation_id__in=hr_orgs, status=MissionStatus.PUBLISHED),
            agent__organisation_id__in=hr_orgs,
        )
        .exclude(by__role_memberships__role=Role.HR)  # HR's own shortlist is a memo, not a request
        .exclude(
            Exists(Engagement.objects.open().filter(mission=OuterRef("mission"), agent=OuterRef("agent")))
        )
        .select_related("agent", "mission")
        .order_by("created_at")
    )
    return [
        (
            f"{entry.agent.full_name} — {entry.mission.title}",
            reverse("mission_suggestions", kwargs={"mission_id": entry.mission_id}),
        )
        for entry in entries[:LIMIT]
    ]
