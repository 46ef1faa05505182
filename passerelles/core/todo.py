"""« À faire » : what waits for this person, with counts — the one list the dashboard and the daily summary read.

Each group is one question asked of the database through the actor's scopes (``for_actor``), never one query
per item: the whole list runs in a bounded number of queries whatever the data (a test counts them). Each item
links to the exact place where the person acts, and is gone once they did. Where a group's own condition
already lies inside the scope (HR's work on its organisations' engagements and missions, one's own missions
and stories), the scope is not composed again on top of it: composing the rule cost more than the database's
work (tests/test_todo_scopes.py shows each such condition inside the scope).

Who is asked what mirrors the rules of the domain apps: the agreement parties of ``parties_of`` (written here
as conditions on the database), the documents' accepting parties (``documents.services.accepting_parties``),
the check-in answers (agent and host), the three evaluations (agent, host, home manager), the return
conversation (home manager), and HR's own work (review, frameworks, documents to write, alerts, stories).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from passerelles.access.actor import afresh, get_actor
from passerelles.access.models import Role
from passerelles.care.structural import todo_group as structural_todo
from passerelles.care.support import sponsor_todo_group
from passerelles.care.support import todo_group as support_todo
from passerelles.core.todo_facilitation import facilitation_groups
from passerelles.core.todo_hr import (
    _assembly_to_record,
    _checkin_alerts,
    _documents_to_write,
    _host_requests,
    _hr_of,
    _stories_to_review,
)
from passerelles.core.todo_lines import (
    LIMIT,
    _day,
    _items,
    _label,
    _lines,
    _named,
    _unique,
    _url,
    checkin_lines,
)
from passerelles.core.todo_operations import emails_not_sent, imports_to_resume
from passerelles.core.todo_programmes import _questionnaires_due, _tests_to_decide
from passerelles.core.todo_smallhelp import small_help_todo
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Decision, Engagement, Party
from passerelles.engagements.scopes import (
    hosted_mission_ids,
    hosted_missions,
    own_agent_ids,
    team_ids,
    visible,
)
from passerelles.engagements.services import parties_of, required_parties
from passerelles.foundation import freshness
from passerelles.missions.models import Mission, MissionStatus

# States where a document waits for its acceptances: before the start (readiness) and during the mission (a
# new version); after the end, an unaccepted version no longer asks anyone for anything.
DOCUMENT_STATES = (State.AGREEMENTS, State.READY, State.ACTIVE)


# What only this person can do (their document, their agreement, their answer): shown unfolded.
PERSONAL = frozenset(
    {
        "documents",
        "agreements",
        "extensions",
        "mine",
        "checkins",
        "evaluations",
        "returns",
        "my_stories",
        "questionnaires",
        "facilitation_answers",
        "small_help",
        "return_programmes",
        "support_answers",
        "sponsor_pacts",
    }
)


@dataclass
class TodoGroup:
    key: str
    label: str
    items: list = field(default_factory=list)  # (label, url)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def personal(self) -> bool:
        return self.key in PERSONAL


def _hosted(actor, user, to_mission: str = "mission__") -> Q:
    """The missions one hosts (``policies.is_mission_host``), as a condition through ``to_mission`` (the path
    from the model queried to the mission: "" on missions, "mission__" on engagements…). Through a relation,
    the mission's id among the few one hosts: a condition on the row's own column, which the database checks
    without joining every mission (nor, beside the agents', every agent: PostgreSQL hashed the 100,000 agents
    for each list of « À faire »)."""
    if not to_mission:
        return hosted_missions(actor, user)
    return Q(**{f"{to_mission}id__in": hosted_mission_ids(actor, user)})


def _own(actor, user, to_agent: str) -> Q:
    """One's own agent records, as the id of the agent ``to_agent`` leads to (no join on the agents)."""
    return Q(**{f"{to_agent}id__in": own_agent_ids(actor, user)})


def _team(actor, to_agent: str) -> Q:
    """One's team (the agents one manages), as the id of the agent ``to_agent`` leads to."""
    return Q(**{f"{to_agent}id__in": team_ids(actor)})


def _some(ids) -> bool:
    """Whether a list of ids kept for the request (``engagements.scopes.short_ids``) may hold any: a subquery
    stands for a long one. An empty one lets a group skip its question."""
    return not isinstance(ids, list) or bool(ids)


def _nothing() -> Q:
    return Q(pk__in=[])


def _speaks_for(actor, user) -> Q:
    """``engagements.services.parties_of`` as a condition on agreements: the parties this user answers for."""
    condition = _nothing()
    if actor.agent is not None:
        condition |= Q(party=Party.MANAGER) & _team(actor, "engagement__agent__")
        # the agent agrees to a prolongation (AGENT is asked in extension rounds only)
        condition |= Q(party=Party.AGENT, engagement__agent_id=actor.agent.pk)
    condition |= Q(party=Party.HOST) & _hosted(actor, user, "engagement__mission__")
    hr_orgs = actor.org_ids(Role.HR)
    if hr_orgs:
        # « RH » is the origin's alone once the host employer is a party of its own (``origin_hr_only``)
        host_employer_asked = Exists(
            Agreement.objects.filter(
                engagement=OuterRef("engagement_id"),
                round=OuterRef("round"),
                party__in=[Party.HOST_HR, Party.HOST_SIGNATORY],
            )
        )
        condition |= Q(party=Party.HR, engagement__agent__organisation_id__in=hr_orgs)
        condition |= Q(party=Party.HR, engagement__mission__organisation_id__in=hr_orgs) & ~Q(
            host_employer_asked
        )
        condition |= Q(party=Party.HOST_HR, engagement__mission__organisation_id__in=hr_orgs)
    signing = actor.org_ids(Role.SIGNATORY)
    if signing:
        condition |= Q(party=Party.SIGNATORY, engagement__agent__organisation_id__in=signing)
        condition |= Q(party=Party.HOST_SIGNATORY, engagement__mission__organisation_id__in=signing)
    return condition


def _agreements_awaiting(user, actor, *, extension: bool) -> list[tuple[str, str]]:
    """The current round's agreements this person still has to give: at the agreements step, or on an
    extension of a mission under way."""
    step = (
        Q(engagement__state=State.ACTIVE, engagement__extension_end_date__isnull=False)
        if extension
        else Q(engagement__state=State.AGREEMENTS)
    )
    pending = (
        Agreement.objects.filter(
            step,
            decision=Decision.PENDING,
            round=F("engagement__agreement_round"),
        )
        .filter(visible(user, "engagement__"))
        .filter(_speaks_for(actor, user))
        .order_by("engagement__updated_at", "engagement_id")
        .values_list(
            "engagement_id",
            "engagement__agent__first_name",
            "engagement__agent__last_name",
            "engagement__mission__title",
            "engagement__extension_end_date",
        )
    )
    rows = _unique(pending[: LIMIT * 4], key=lambda row: row[0])[:LIMIT]
    return [
        (
            _named(
                first, last, title, *([_("jusqu'au %(day)s") % {"day": _day(until)}] if extension else [])
            ),
            _url("engagement_detail", "agreements-title", engagement_id=engagement_id),
        )
        for engagement_id, first, last, title, until in rows
    ]


def _may_accept_for(user, actor) -> set[str]:
    """Every party this person may accept a document for, on some engagement (a superset of what
    ``parties_of`` gives on each, and of the agent's own part): what a document must still wait for to be
    read at all."""
    may = set()
    if _some(own_agent_ids(actor, user)):
        may.add(Party.AGENT)
    if actor.agent is not None:
        may.add(Party.MANAGER)
    if _some(hosted_mission_ids(actor, user)):
        may.add(Party.HOST)
    if actor.org_ids(Role.HR):
        may |= {Party.HR, Party.HOST_HR}
    if actor.org_ids(Role.SIGNATORY):
        may |= {Party.SIGNATORY, Party.HOST_SIGNATORY}
    return may


def _documents_to_accept(user, actor) -> list[tuple[str, str]]:
    """The current version of each document this person accepts for one of their parties, not yet accepted."""
    from passerelles.documents.content import ACCEPTING_PARTIES, KINDS
    from passerelles.documents.models import DocumentAcceptance, EngagementDocument
    from passerelles.documents.services import accepting_parties
    from passerelles.frameworks.boussole import framework
    from passerelles.frameworks.models import EngagementFramework

    may = _may_accept_for(user, actor)
    if not may:
        return []
    # Only the documents one of those parties has not accepted yet: the others (most of an organisation's
    # documents, once its missions are under way) would each be read, then dropped in Python.
    waiting = _nothing()
    for party in sorted(may):
        waiting |= ~Exists(DocumentAcceptance.objects.filter(document=OuterRef("pk"), party=party))
    documents = (
        EngagementDocument.objects.filter(
            superseded_at__isnull=True,
            kind__in=[kind for kind, parties in ACCEPTING_PARTIES.items() if parties],
            engagement__state__in=DOCUMENT_STATES,
        )
        .filter(visible(user, "engagement__"))
        .filter(waiting)
        .annotate(
            framework_code=Subquery(
                EngagementFramework.objects.filter(engagement=OuterRef("engagement_id")).values("code")[:1]
            )
        )
        .select_related(
            "engagement__agent__manager",
            "engagement__agent__organisation",
            "engagement__mission__organisation",
            "amends",  # an avenant is accepted by the parties of the act it amends
        )
        .prefetch_related("acceptances")
        .defer("context", "amends__context")
        .order_by("engagement__updated_at", "engagement_id", "kind")
    )
    items = []
    for document in documents:
        engagement = document.engagement
        # the frameworks stage's parties, from the code read with the document (no query per engagement)
        added = framework(document.framework_code)["parties"] if document.framework_code else []
        required = required_parties(engagement, added)
        mine = parties_of(user, engagement, required)
        if engagement.agent.user_id == user.pk:
            mine.add("agent")
        if not mine:
            continue
        done = {a.party for a in document.acceptances.all()}
        parties = accepting_parties(document, required)
        if any(p in mine and p not in done for p in parties):
            items.append(
                (
                    _label(engagement, str(KINDS[document.kind])),
                    _url("engagement_detail", "documents", engagement_id=engagement.pk),
                )
            )
            if len(items) == LIMIT:
                break
    return items


def _checkins_due(user, actor, today) -> list[tuple[str, str]]:
    """Points d'étape due (today or missed) that this person, as the agent or the host, has not answered."""
    from passerelles.followup.models import CheckIn, CheckInAnswer
    from passerelles.followup.services import FOLLOWED_STATES

    if not (_some(own_agent_ids(actor, user)) or _some(hosted_mission_ids(actor, user))):
        return []  # neither an agent with a mission nor a host: no question asked

    def answered(party):
        return Exists(CheckInAnswer.objects.filter(checkin=OuterRef("pk"), party=party))

    mine = _own(actor, user, "engagement__agent__") & ~answered("agent")
    mine |= _hosted(actor, user, "engagement__mission__") & ~answered("host")
    due = (
        CheckIn.objects.filter(
            visible(user, "engagement__"), engagement__state__in=FOLLOWED_STATES, due_on__lte=today
        )
        .filter(mine)
        .order_by("due_on", "pk")
    )
    return checkin_lines(due)


def _evaluations_due(user, actor, engagements) -> list[tuple[str, str]]:
    """The evaluation of an ended mission, for each of the three who has not answered yet."""
    from passerelles.evaluations.models import Evaluation

    if not any(
        _some(ids) for ids in (own_agent_ids(actor, user), hosted_mission_ids(actor, user), team_ids(actor))
    ):
        return []

    def answered(respondent):
        return Exists(Evaluation.objects.filter(engagement=OuterRef("pk"), respondent=respondent))

    mine = _own(actor, user, "agent__") & ~answered("agent")
    mine |= _hosted(actor, user) & ~answered("host")
    if actor.agent is not None:
        mine |= _team(actor, "agent__") & ~answered("manager")
    due = engagements.filter(mine, state=State.ENDED).order_by("end_date", "pk")
    return _lines(due, "engagement_evaluation")


def _returns_due(actor, engagements, today) -> list[tuple[str, str]]:
    """The home manager notes the return conversation of a mission that ended lately."""
    from passerelles.evaluations.models import ReturnNote
    from passerelles.evaluations.services import RETURN_NOTE_DAYS

    if not _some(team_ids(actor)):
        return []

    due = (
        engagements.filter(
            _team(actor, "agent__"),
            state__in=(State.ENDED, State.EVALUATED),
            end_date__gte=today - datetime.timedelta(days=RETURN_NOTE_DAYS),
        )
        .exclude(Exists(ReturnNote.objects.filter(engagement=OuterRef("pk"))))
        .order_by("end_date", "pk")
    )
    return _lines(due, "return_note")


def _my_stories_to_rework(user, actor) -> list[tuple[str, str]]:
    from passerelles.stories.models import Story, StoryStatus

    stories = Story.objects.filter(status=StoryStatus.CHANGES, agent_id=actor.agent.pk).order_by(
        "created_at", "pk"
    )
    return [(s.title, _url("story_edit", story_id=s.pk)) for s in stories[:LIMIT]]


def _missions_to_close(user, actor, hr_orgs, today) -> list[tuple[str, str]]:
    """Published missions that are over (end date passed) or full (as many ready or active engagements as
    places): their host or HR closes them on the mission's page."""
    if not (hr_orgs or _some(hosted_mission_ids(actor, user))):
        return []
    filled = Count("engagements", filter=Q(engagements__state__in=(State.READY, State.ACTIVE)))
    missions = (
        Mission.objects.filter(
            _hosted(actor, user, "") | Q(organisation_id__in=hr_orgs), status=MissionStatus.PUBLISHED
        )
        .annotate(filled=filled)
        .filter(Q(end_date__lt=today) | Q(filled__gte=F("places")))
        .order_by("end_date", "pk")
    )
    return [
        (
            f"{m.title} — "
            + (
                _("terminée le %(day)s") % {"day": _day(m.end_date)}
                if m.end_date < today
                else _("toutes les places sont prises")
            ),
            _url("mission_detail", mission_id=m.pk),
        )
        for m in missions[:LIMIT]
    ]


def todo_for(user) -> list[TodoGroup]:
    """The non-empty groups of things waiting for ``user``, most personal first: computed once, then kept until
    one of the tables it was read from is written (foundation/freshness.py), or the minute changes (some
    groups depend on the time: a meeting that has started, a check-in due today)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return []
    key = f"todo:{user.pk}:{get_language()}:{freshness.this_minute()}"
    return freshness.remember(key, lambda: afresh(user, lambda: _todo_for(user)))


def _todo_for(user) -> list[TodoGroup]:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return []
    today = timezone.localdate()
    now = timezone.now()
    engagements = Engagement.objects.for_actor(user)  # lines are read as values (todo_lines._lines)
    hr_orgs = actor.org_ids(Role.HR)
    agent = actor.agent
    groups = [
        TodoGroup("documents", _("Documents à accepter"), _documents_to_accept(user, actor)),
        TodoGroup(
            "agreements",
            _("Accords à donner"),
            _agreements_awaiting(user, actor, extension=False),
        ),
        TodoGroup(
            "extensions",
            _("Prolongations : accords à donner"),
            _agreements_awaiting(user, actor, extension=True),
        ),
    ]
    if agent is not None:
        answers = engagements.filter(agent=agent).filter(
            Q(state=State.PROPOSAL)
            | Q(
                state=State.MEETING,
                meeting__isnull=False,
                meeting__agent_continues__isnull=True,
                meeting__starts_at__lte=now,
            )
        )
        groups.append(TodoGroup("mine", _("Mes réponses attendues"), _items(answers.order_by("updated_at"))))
    groups += [
        TodoGroup("checkins", _("Points d'étape à remplir"), _checkins_due(user, actor, today)),
        TodoGroup("evaluations", _("Évaluations à remplir"), _evaluations_due(user, actor, engagements)),
    ]
    if agent is not None:
        groups.append(
            TodoGroup("returns", _("Entretiens de retour à noter"), _returns_due(actor, engagements, today))
        )
        groups.append(
            TodoGroup("my_stories", _("Mes récits à reprendre"), _my_stories_to_rework(user, actor))
        )
        groups.append(
            TodoGroup("questionnaires", _("Questionnaires des programmes en test"), _questionnaires_due(user))
        )
    brokered = engagements.filter(_hosted(actor, user) | Q(mission__organisation_id__in=hr_orgs))
    if not (hr_orgs or _some(hosted_mission_ids(actor, user))):
        brokered = brokered.none()  # neither a host nor HR: nobody to meet, and no query to ask
    groups += [
        TodoGroup(
            "meet",
            _("Personnes intéressées à rencontrer"),
            _items(brokered.filter(state=State.INTEREST).order_by("updated_at")),
        ),
        TodoGroup(
            "after_meeting",
            _("Rencontres : dire si l'on continue"),
            _items(
                brokered.filter(
                    state=State.MEETING,
                    meeting__isnull=False,
                    meeting__host_continues__isnull=True,
                    meeting__starts_at__lte=now,
                ).order_by("meeting__starts_at")
            ),
        ),
    ]
    if hr_orgs:
        # HR of either organisation sees every engagement of this condition (``scopes._org_terms``): the rule
        # itself is not composed again on top of it
        hr_engagements = Engagement.objects.filter(_hr_of(hr_orgs)).select_related("agent", "mission")
        reviews = Mission.objects.filter(organisation_id__in=hr_orgs, status=MissionStatus.SUBMITTED)
        groups += [
            TodoGroup("alerts", _("Points d'étape : difficultés signalées"), _checkin_alerts(user, hr_orgs)),
            TodoGroup(
                "framework",
                _("Dispositifs à choisir"),
                _items(hr_engagements.filter(state=State.AGREEMENTS, framework__isnull=True)),
            ),
            TodoGroup("documents_to_write", _("Documents à établir"), _documents_to_write(hr_engagements)),
            TodoGroup(
                "assembly",
                _("Information de l'assemblée délibérante à enregistrer"),
                _assembly_to_record(hr_engagements, hr_orgs),
            ),
            TodoGroup(
                "review",
                _("Missions à relire"),
                [(m.title, _url("mission_detail", mission_id=m.pk)) for m in reviews[:LIMIT]],
            ),
            TodoGroup("stories", _("Récits à relire"), _stories_to_review(user, hr_orgs)),
        ]
    reworks = Mission.objects.filter(created_by=user, status=MissionStatus.CHANGES_REQUESTED)
    groups += [
        TodoGroup(
            "missions_to_rework",
            _("Missions à reprendre"),
            [(m.title, _url("mission_edit", mission_id=m.pk)) for m in reworks.order_by("pk")[:LIMIT]],
        ),
        TodoGroup("to_close", _("Missions à clôturer"), _missions_to_close(user, actor, hr_orgs, today)),
    ]
    if hr_orgs:
        groups += [
            TodoGroup("host_requests", _("Demandes de l'accueil : faire le lien"), _host_requests(user)),
            TodoGroup("imports", _("Imports SIRH à reprendre"), imports_to_resume(user, hr_orgs, LIMIT)),
            TodoGroup(
                "programme_decisions",
                _("Tests arrivés à échéance : décision à prendre"),
                _tests_to_decide(hr_orgs),
            ),
        ]
    groups += facilitation_groups(user, actor, now, TodoGroup)
    groups += [TodoGroup(*group) for group in small_help_todo(user)]  # issue 19
    if agent is not None:  # issue 22: a difficulty HR proposes to pass on, waiting for the agent's answer
        groups.append(TodoGroup(*support_todo(user)))
        groups.append(TodoGroup(*sponsor_todo_group(user)))  # a sponsor, party of the pact that names them
    if hr_orgs or actor.org_ids(Role.SIGNATORY):  # issue 22: units relying on reinforcements
        groups.append(TodoGroup(*structural_todo(user, today)))
    admin_orgs = actor.org_ids(Role.ADMIN)
    if admin_orgs:
        groups.append(
            TodoGroup("outbox", _("Courriels non envoyés"), emails_not_sent(user, admin_orgs, LIMIT))
        )
    return [group for group in groups if group.count]


DIGEST_ITEMS = 5  # per group: the summary points to the dashboard for the rest


def digest_text(user) -> str:
    """« À faire » for the daily summary e-mail: the same list as the dashboard, a few items per group."""
    groups = todo_for(user)
    if not groups:
        return ""
    lines = [_("À faire :")]
    for group in groups:
        lines.append(f"• {group.label} ({group.count})")
        for label, url in group.items[:DIGEST_ITEMS]:
            lines.append(f"  - {label}\n    {settings.SITE_URL}{url}")
        if group.count > DIGEST_ITEMS:
            lines.append(
                "  - "
                + _("et %(count)s de plus sur votre tableau de bord") % {"count": group.count - DIGEST_ITEMS}
            )
    lines.append(
        _("Tout est sur votre tableau de bord : %(url)s") % {"url": settings.SITE_URL + reverse("dashboard")}
    )
    return "\n".join(lines)
