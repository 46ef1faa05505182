"""Use cases of the return and the evaluation: each of the three answers once; the engagement becomes
`evaluated` when the three are in, or after the deadline (a test is evaluated by its users, but never
blocks forever); reminders at most twice, a week apart."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.access.policies import is_mission_host
from passerelles.engagements import services as engagement_services
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.evaluations import questions as question_texts
from passerelles.evaluations.models import Evaluation, EvaluationReminder, QuestionSet, ReturnNote
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

EVALUATION_DAYS = 30  # after the end, the evaluation closes with the answers given
# The return conversation is held the week of the end; « À faire » asks the manager for it this long after.
RETURN_NOTE_DAYS = 60
REMINDERS = 2


def _url(engagement) -> str:
    return reverse("engagement_evaluation", kwargs={"engagement_id": engagement.pk})


def question_text(organisation, respondent: str) -> str:
    found = QuestionSet.objects.filter(organisation=organisation, respondent=respondent).first()
    return found.text if found else question_texts.DEFAULTS[respondent]


def questions_for(engagement: Engagement, respondent: str) -> list[dict]:
    """The host answers its own organisation's questions; the agent and the manager, the employer's."""
    organisation = engagement.mission.organisation if respondent == "host" else engagement.agent.organisation
    return [
        {"kind": q.kind, "text": q.text}
        for q in question_texts.parse(question_text(organisation, respondent))
    ]


def required_respondents(engagement: Engagement) -> list[str]:
    respondents = ["agent", "host"]
    if engagement.agent.manager_id and engagement.agent.manager.user_id:
        respondents.append("manager")
    return respondents


def respondents_of(user, engagement: Engagement) -> list[str]:
    actor = get_actor(user)
    mine = []
    if actor.agent is not None and engagement.agent_id == actor.agent.pk:
        mine.append("agent")
    if is_mission_host(user, engagement.mission):
        mine.append("host")
    if actor.agent is not None and engagement.agent.manager_id == actor.agent.pk:
        mine.append("manager")
    return mine


@transaction.atomic
def submit(
    *, engagement: Engagement, respondent: str, by, data: dict, share_in_passport: bool = False
) -> Evaluation:
    engagement = engagement_services.lock(engagement)
    if respondent not in respondents_of(by, engagement) or respondent not in required_respondents(engagement):
        raise TransitionRefused(_("Cette évaluation ne vous est pas demandée."))
    if engagement.state != State.ENDED:
        raise TransitionRefused(_("L'évaluation s'ouvre à la fin de la mission et se clôt ensuite."))
    if Evaluation.objects.filter(engagement=engagement, respondent=respondent).exists():
        raise TransitionRefused(_("Cette évaluation est déjà remplie."))
    questions = questions_for(engagement, respondent)
    try:
        answers = question_texts.clean_answers(questions, data)
    except question_texts.AnswerError as error:
        raise TransitionRefused(str(error)) from None
    evaluation = Evaluation.objects.create(
        engagement=engagement,
        respondent=respondent,
        questions=questions,
        answers=answers,
        share_in_passport=share_in_passport and respondent == "agent",
        submitted_by=by,
    )
    done = set(Evaluation.objects.filter(engagement=engagement).values_list("respondent", flat=True))
    if done >= set(required_respondents(engagement)):
        engagement_services.move(engagement, action="evaluate", by=by, kinds={"system"})
        engagement.save()
    return evaluation


@transaction.atomic
def save_return_note(*, engagement: Engagement, by, held_on: datetime.date, notes: str) -> ReturnNote:
    """The home manager writes down the return conversation (what changes on the way back)."""
    engagement = engagement_services.lock(engagement)
    if "manager" not in respondents_of(by, engagement):
        raise TransitionRefused(_("L'entretien de retour se tient avec l'encadrant·e d'origine."))
    if engagement.state not in (State.ENDED, State.EVALUATED):
        raise TransitionRefused(_("L'entretien de retour a lieu à la fin de la mission."))
    if not notes.strip():
        raise TransitionRefused(_("Notez en quelques mots ce qui change au retour."))
    note, _created = ReturnNote.objects.update_or_create(
        engagement=engagement, defaults={"held_on": held_on, "notes": notes.strip()[:4000], "by": by}
    )
    return note


def close_overdue(*, today: datetime.date) -> int:
    """After the deadline the evaluation closes with the answers given (idempotent)."""
    closed = 0
    deadline = today - datetime.timedelta(days=EVALUATION_DAYS)
    for pk in Engagement.objects.filter(state=State.ENDED, end_date__lt=deadline).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = engagement_services.lock(Engagement(pk=pk))
            if locked.state == State.ENDED and locked.end_date < deadline:
                engagement_services.move(locked, action="evaluate", by=None, kinds={"system"})
                locked.save()
                closed += 1
    return closed


def send_evaluation_reminders(*, today: datetime.date) -> int:
    """To each respondent still to answer: the day after the end, then a week later; never more."""
    sent = 0
    ended = Engagement.objects.filter(state=State.ENDED, end_date__lt=today).select_related(
        "agent__user", "agent__manager__user", "mission__project_lead__user", "mission__created_by"
    )
    for engagement in ended:
        done = set(Evaluation.objects.filter(engagement=engagement).values_list("respondent", flat=True))
        for respondent in required_respondents(engagement):
            if respondent in done:
                continue
            past = EvaluationReminder.objects.filter(engagement=engagement, respondent=respondent)
            last = past.order_by("-sent_on").values_list("sent_on", flat=True).first()
            if past.count() >= REMINDERS or (last and last > today - datetime.timedelta(days=7)):
                continue
            party = {"agent": "agent", "host": "host", "manager": "manager"}[respondent]
            for user in engagement_services.party_users(engagement, party):
                with in_language_of(user):
                    notify(
                        user=user,
                        subject=_("Évaluation de « %(title)s » : votre regard compte")
                        % {"title": engagement.mission.title},
                        message=_(
                            "La mission est terminée. Quelques questions, cinq minutes : c'est ainsi que l'on sait ce "
                            "qui marche et ce qu'il faut améliorer."
                        ),
                        url=_url(engagement),
                        action_needed=True,
                        kind=NotificationKind.FOLLOWUP,
                    )
            EvaluationReminder.objects.create(engagement=engagement, respondent=respondent, sent_on=today)
            sent += 1
    return sent
