"""The schedule of a forum: computed by the organiser (``forum_solver.schedule``, a few seconds at most), looked
at, recomputed while registration is open, then sent — each agent and each host gets their own agenda (a task,
with a calendar file). Then, after the event, each side of a conversation says privately whether to go on; when
both said yes, the engagement starts at the rencontre step (``engagements.services.forum_path``).

The solver only ever sees numbers (pitch ids, agent ids): ``problem_for`` builds its ``ForumProblem`` from the
rows, ``_store`` turns its seats back into ``Conversation`` rows.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.encounters import forum_solver, policies, rules
from passerelles.encounters.forum_problem import ForumProblem
from passerelles.encounters.forum_problem import Wish as WishData
from passerelles.encounters.models import Conversation, NoticePurpose, Wish
from passerelles.encounters.queries import coverage, start_of
from passerelles.encounters.rules import Status
from passerelles.encounters.services import Refused, _enqueue, _lock, _move
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.engagements.services.forum_path import engagement_from_forum
from passerelles.engagements.services.programme_consent import CONSENT_REQUIRED, test_programme
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

TIME_LIMIT = 4.0  # seconds: the organiser waits on the page


def problem_for(encounter) -> ForumProblem:
    wishes = list(Wish.objects.filter(registration__encounter=encounter).select_related("registration"))
    pitches = list(encounter.pitches.values_list("pk", "presenter_id"))
    agents = sorted({w.registration.agent_id for w in wishes})
    return ForumProblem(
        agents=tuple(agents),
        hosts=tuple(p for p, _presenter in pitches),
        slots=encounter.rounds,
        tables=encounter.tables,
        seats=encounter.seats,
        wishes=tuple(WishData(agent=w.registration.agent_id, host=w.pitch_id, rank=w.rank) for w in wishes),
        host_marks=frozenset((w.pitch_id, w.registration.agent_id) for w in wishes if w.host_marked),
        presenters=tuple((p, str(presenter)) for p, presenter in pitches),
        max_in_a_row=3,
    )


def _store(encounter, result) -> None:
    start = start_of(encounter)
    fmt = encounter.format
    encounter.conversations.all().delete()
    Conversation.objects.bulk_create(
        Conversation(
            encounter=encounter,
            pitch_id=seat.host,
            agent_id=seat.agent,
            round=seat.slot,
            table=seat.table,
            starts_at=rules.round_start(start, fmt, seat.slot),
        )
        for seat in result.seats
    )


@transaction.atomic
def schedule_compute(*, by, encounter) -> dict:
    """Compute (or recompute) the schedule; nothing leaves yet. Returns its coverage."""
    encounter = _lock(encounter)
    if not policies.is_organiser(by, encounter):
        raise Refused(_("Seuls les organisateurs calculent le planning."))
    if encounter.status != Status.OPEN:
        raise Refused(_("Le planning se calcule tant que l'événement est ouvert, avant son envoi."))
    problem = problem_for(encounter)
    if not problem.wishes:
        raise Refused(_("Personne n'a encore choisi de conversation : il n'y a rien à planifier."))
    result = forum_solver.schedule(problem, time_limit=TIME_LIMIT)
    broken = forum_solver.check(problem, result)
    if broken:  # never store a schedule that breaks a rule: say which, keep the previous one
        raise Refused(_("Le planning calculé n'est pas valable : %(why)s") % {"why": " ; ".join(broken)})
    _store(encounter, result)
    encounter.scheduled_at, encounter.schedule_optimal = timezone.now(), result.optimal
    encounter.save(update_fields=["scheduled_at", "schedule_optimal"])
    return coverage(encounter)


@transaction.atomic
def schedule_send(*, by, encounter):
    """Send the schedule: registration closes, each person receives their agenda (a task)."""
    encounter = _lock(encounter)
    if not policies.is_organiser(by, encounter):
        raise Refused(_("Seuls les organisateurs envoient le planning."))
    _move(encounter, "send")
    if encounter.scheduled_at is None or not encounter.conversations.exists():
        raise Refused(_("Calculez d'abord le planning, puis relisez-le avant de l'envoyer."))
    encounter.sent_at = timezone.now()
    encounter.save(update_fields=["status", "sent_at"])
    _enqueue(encounter, NoticePurpose.AGENDA)
    return encounter


@transaction.atomic
def encounter_hold(*, by, encounter):
    """The event took place: each side of each conversation may now say whether to go on."""
    encounter = _lock(encounter)
    if not policies.is_organiser(by, encounter):
        raise Refused(_("Seuls les organisateurs déclarent l'événement tenu."))
    _move(encounter, "hold")
    refusal = rules.hold_refusal(encounter.date, timezone.localdate())
    if refusal:
        raise Refused(refusal)
    encounter.held_at = timezone.now()
    encounter.save(update_fields=["status", "held_at"])
    return encounter


@transaction.atomic
def conversation_answer(
    *, by, conversation, continues: bool, programme_consent: bool = False
) -> Conversation:
    """« Je souhaite continuer » (or not), said privately by the agent or the host. When both said yes, the
    engagement starts at the rencontre step; the agent and the host are told — never the manager.

    For a mission of a programme run as a test, the agent's « oui » needs their consent to take part in the test
    (``programme_consent``, the same box as on the mission page): the engagement carries it."""
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("encounter", "pitch__mission", "pitch__presenter", "agent__user")
        .get(pk=conversation.pk)
    )
    if not policies.can_answer(by, conversation):
        raise Refused(
            _("Seuls l'agent et l'accueil de cette conversation répondent, une fois l'événement tenu.")
        )
    if conversation.engagement_id:
        raise Refused(
            _("Vous souhaitez tous deux continuer : la suite se passe sur la page de l'engagement.")
        )
    if policies.is_conversation_agent(by, conversation):
        if continues and test_programme(conversation.pitch.mission) and not programme_consent:
            raise Refused(str(CONSENT_REQUIRED))
        conversation.agent_continues = continues
        conversation.programme_consent_at = timezone.now() if continues and programme_consent else None
    else:
        conversation.host_continues = continues
    if (
        rules.both_continue(conversation.agent_continues, conversation.host_continues)
        and not conversation.engagement_id
    ):
        encounter = conversation.encounter
        try:
            conversation.engagement = engagement_from_forum(
                agent=conversation.agent,
                mission=conversation.pitch.mission,
                by=by,
                starts_at=conversation.starts_at,
                minutes=encounter.conversation_minutes,
                place=encounter.place,
                visio_url=encounter.visio_url,
                comment=encounter.title,
                programme_consent=conversation.programme_consent_at is not None,
            )
        except TransitionRefused as refused:
            raise Refused(str(refused)) from None
        _tell_both(conversation)
    conversation.save(
        update_fields=["agent_continues", "host_continues", "programme_consent_at", "engagement"]
    )
    return conversation


def _tell_both(conversation) -> None:
    from django.urls import reverse

    url = reverse("engagement_detail", kwargs={"engagement_id": conversation.engagement.pk})
    title = conversation.pitch.mission.title
    for user in {conversation.agent.user, conversation.pitch.presenter}:
        if user is None:
            continue
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Vous souhaitez tous deux continuer : « %(title)s »") % {"title": title},
                message=_(
                    "%(agent)s et l'accueil de la mission souhaitent continuer après leur conversation. La "
                    "rencontre a eu lieu : prochaine étape, les accords (l'encadrant·e de l'agent est alors sollicité·e)."
                )
                % {"agent": conversation.agent.full_name},
                url=url,
                kind=NotificationKind.ENGAGEMENT,
            )
