"""« À faire » : what waits for this person, with counts. Every list goes through the actor's scopes."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Decision, Engagement
from passerelles.engagements.services import parties_of
from passerelles.missions.models import Mission, MissionStatus

LIMIT = 100


@dataclass
class TodoGroup:
    key: str
    label: str
    items: list = field(default_factory=list)  # (label, url)

    @property
    def count(self) -> int:
        return len(self.items)


def _items(engagements) -> list[tuple[str, str]]:
    return [
        (
            f"{e.agent.full_name} — {e.mission.title}",
            reverse("engagement_detail", kwargs={"engagement_id": e.pk}),
        )
        for e in engagements[:LIMIT]
    ]


def _host_requests(user) -> list[tuple[str, str]]:
    """Profiles a host asked HR to contact (from the anonymous suggestions), not yet in touch with the mission."""
    from passerelles.matching.models import Shortlist

    hr_orgs = get_actor(user).org_ids(Role.HR)
    entries = (
        Shortlist.objects.filter(
            mission__in=Mission.objects.for_actor(user).filter(
                organisation_id__in=hr_orgs, status=MissionStatus.PUBLISHED
            ),
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


def _imports_to_resume(user, hr_orgs) -> list[tuple[str, str]]:
    """SIRH imports that failed or whose worker stopped: HR relaunches or discards them."""
    from passerelles.people.models import AgentImport, ImportStatus

    candidates = (
        AgentImport.objects.for_actor(user)
        .filter(
            organisation_id__in=hr_orgs,
            status__in=[ImportStatus.FAILED, ImportStatus.CHECKING, ImportStatus.APPLYING],
        )
        .order_by("-created_at")[:LIMIT]
    )
    return [
        (
            f"{item.filename} — {_('Interrompu') if item.is_interrupted else item.get_status_display()}",
            reverse("import_detail", kwargs={"import_id": item.pk}),
        )
        for item in candidates
        if item.can_retry
    ]


def _emails_not_sent(user, admin_orgs) -> list[tuple[str, str]]:
    """E-mails of the organisation in failure or abandoned: its administrators may relaunch them."""
    from passerelles.outbox.models import RETRYABLE_STATES, OutboxMessage

    messages = (
        OutboxMessage.objects.for_actor(user)
        .filter(organisation_id__in=admin_orgs, state__in=RETRYABLE_STATES)
        .only("pk", "subject", "state")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    return [
        (f"{m.subject} — {m.get_state_display()}", reverse("outbox_retry", kwargs={"message_id": m.pk}))
        for m in messages
    ]


def todo_for(user) -> list[TodoGroup]:
    """The non-empty groups of things waiting for ``user``."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return []
    engagements = Engagement.objects.for_actor(user).select_related("agent", "agent__manager", "mission")
    hr_orgs = actor.org_ids(Role.HR)
    groups = []
    if hr_orgs:
        waiting = Mission.objects.for_actor(user).filter(
            organisation_id__in=hr_orgs, status=MissionStatus.SUBMITTED
        )
        groups.append(
            TodoGroup(
                "review",
                _("Missions à relire"),
                [(m.title, reverse("mission_detail", kwargs={"mission_id": m.pk})) for m in waiting[:LIMIT]],
            )
        )
        groups.append(
            TodoGroup("host_requests", _("Demandes de l'accueil : faire le lien"), _host_requests(user))
        )
        groups.append(TodoGroup("imports", _("Imports SIRH à reprendre"), _imports_to_resume(user, hr_orgs)))
    admin_orgs = actor.org_ids(Role.ADMIN)
    if admin_orgs:
        groups.append(TodoGroup("outbox", _("Courriels non envoyés"), _emails_not_sent(user, admin_orgs)))
    brokering = Q(mission__created_by=user) | Q(mission__organisation_id__in=hr_orgs)
    if actor.agent is not None:
        brokering |= Q(mission__project_lead=actor.agent)
    brokered = engagements.filter(brokering)
    groups.append(
        TodoGroup(
            "meet", _("Personnes intéressées à rencontrer"), _items(brokered.filter(state=State.INTEREST))
        )
    )
    groups.append(
        TodoGroup(
            "after_meeting",
            _("Rencontres : dire si l'on continue"),
            _items(
                brokered.filter(
                    state=State.MEETING, meeting__isnull=False, meeting__host_continues__isnull=True
                )
            ),
        )
    )
    at_agreements = engagements.filter(
        Q(state=State.AGREEMENTS) | Q(state=State.ACTIVE, extension_end_date__isnull=False)
    ).prefetch_related(
        Prefetch(
            "agreements", queryset=Agreement.objects.filter(decision=Decision.PENDING), to_attr="pending"
        )
    )
    awaiting_me = [
        e
        for e in at_agreements[:LIMIT]
        if {a.party for a in e.pending if a.round == e.agreement_round} & parties_of(user, e)
    ]
    groups.append(TodoGroup("agreements", _("Accords à donner"), _items(awaiting_me)))
    if hr_orgs:
        to_frame = engagements.filter(
            Q(agent__organisation_id__in=hr_orgs) | Q(mission__organisation_id__in=hr_orgs),
            state=State.AGREEMENTS,
            framework__isnull=True,
        )
        groups.append(TodoGroup("framework", _("Dispositifs à choisir"), _items(to_frame)))
    if actor.agent is not None:
        own = engagements.filter(agent=actor.agent)
        answers = own.filter(
            Q(state=State.PROPOSAL)
            | Q(state=State.MEETING, meeting__isnull=False, meeting__agent_continues__isnull=True)
        )
        groups.append(TodoGroup("mine", _("Mes réponses attendues"), _items(answers)))
    return [group for group in groups if group.count]
