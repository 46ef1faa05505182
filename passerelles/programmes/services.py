"""Use cases of a programme run as a test (issue 16): indicators, decisions, the learning log, the participants'
questionnaire and the reminders before the expiry. Each takes the acting person, asks programmes/rules.py,
and writes in one transaction. The reads of the programme page and the review are in programmes/queries.py.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.evaluations import questions as question_texts
from passerelles.foundation.statemachine import TransitionRefused
from passerelles.missions.models import Programme, ProgrammeStatus
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.programmes import rules
from passerelles.programmes.models import LogEntry, ParticipantResponse, ProgrammeDecision, ProgrammeIndicator


class ProgrammeRefused(TransitionRefused):
    """A step on a programme that cannot be taken: the message says why, in French."""


def _require_manager(user, programme) -> None:
    if not rules.can_manage(user, programme):
        raise PermissionDenied


def programme_save(*, form, by) -> Programme:
    """Create or edit a programme from a valid ProgrammeForm (HR or administrator of its organisation)."""
    _require_manager(by, form.instance)
    return form.save()


def indicator_save(*, form, by) -> ProgrammeIndicator:
    _require_manager(by, form.instance.programme)
    indicator = form.save(commit=False)
    if indicator.metric != "manual":
        indicator.manual_value = None  # a computed measure has no value typed in
    if indicator.pk is None:
        last = indicator.programme.indicators.order_by("-position").values_list("position", flat=True).first()
        indicator.position = (last or 0) + 1
    indicator.save()
    return indicator


def indicator_remove(*, indicator: ProgrammeIndicator, by) -> None:
    _require_manager(by, indicator.programme)
    indicator.delete()


@transaction.atomic
def programme_decide(
    *,
    programme: Programme,
    by,
    status: str,
    reasons: str,
    new_expires_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ProgrammeDecision:
    """Record a decision and apply it in one transaction: an extension takes its new expiry date (the test goes
    on and takes new missions again), a generalised programme is no longer a test (its documents lose « DOCUMENT
    EN TEST »), a stopped one takes no new mission at all."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _require_manager(by, programme)
    today = today or timezone.localdate()
    decision = rules.DecisionInput(status=status, reasons=reasons or "", new_expires_on=new_expires_on)
    errors = rules.decision_errors(decision, today)
    if errors:
        raise ProgrammeRefused(" ".join(errors.values()))
    recorded = ProgrammeDecision.objects.create(
        programme=programme,
        status=status,
        reasons=reasons.strip()[:4000],
        new_expires_on=new_expires_on if status == ProgrammeStatus.EXTENDED else None,
        decided_by=by,
    )
    programme.status = status
    if status == ProgrammeStatus.EXTENDED:
        programme.expires_on = new_expires_on
        programme.is_test = True
    elif status == ProgrammeStatus.GENERALISED:
        programme.is_test = False
    programme.save(update_fields=["status", "expires_on", "is_test"])
    return recorded


def log_add(*, programme: Programme, by, text: str, written_on: datetime.date) -> LogEntry:
    _require_manager(by, programme)
    text = text.strip()
    if not text:
        raise ProgrammeRefused(_("Écrivez ce que vous avez appris : l'entrée est vide."))
    return LogEntry.objects.create(programme=programme, text=text[:4000], written_on=written_on, by=by)


# The participants' questionnaire.


# An engagement makes its agent a participant once it is under way towards the mission: not a proposal still
# unanswered, nor one declined or withdrawn.
NOT_PARTICIPATING = (State.DECLINED, State.WITHDRAWN, State.PROPOSAL)


def participant_engagements(programme: Programme):
    """Engagements that make their agent a participant of the programme."""
    return Engagement.objects.filter(mission__programme=programme).exclude(state__in=NOT_PARTICIPATING)


def is_participant(user, programme: Programme) -> bool:
    return (
        user.is_authenticated
        and participant_engagements(programme).filter(agent__user=user, agent__is_active=True).exists()
    )


def questionnaire_open(programme: Programme, today: datetime.date | None = None) -> bool:
    """Answered while the programme runs: it has questions, it has started, and it is not stopped or past
    its expiry date."""
    today = today or timezone.localdate()
    return bool(
        programme.participant_questions.strip()
        and programme.status != ProgrammeStatus.STOPPED
        and (programme.starts_on is None or programme.starts_on <= today)
        and not rules.is_expired(programme, today)
    )


def questions_of(programme: Programme) -> list[dict]:
    try:
        parsed = question_texts.parse(programme.participant_questions)
    except question_texts.QuestionError:
        return []
    return [{"kind": q.kind, "text": q.text} for q in parsed]


def questionnaire_answer(*, programme: Programme, by, data) -> ParticipantResponse:
    """A participant answers once; the questions are copied in with the answers."""
    if not is_participant(by, programme):
        raise PermissionDenied
    if not questionnaire_open(programme):
        raise ProgrammeRefused(_("Le questionnaire de ce programme n'est pas ouvert."))
    if ParticipantResponse.objects.filter(programme=programme, respondent=by).exists():
        raise ProgrammeRefused(_("Vous avez déjà répondu : merci !"))
    questions = questions_of(programme)
    try:
        answers = question_texts.clean_answers(questions, data)
    except question_texts.AnswerError as error:
        raise ProgrammeRefused(str(error)) from None
    try:
        with transaction.atomic():
            return ParticipantResponse.objects.create(
                programme=programme, respondent=by, questions=questions, answers=answers
            )
    except IntegrityError:  # the same form sent twice at once: the first one counts
        raise ProgrammeRefused(_("Vous avez déjà répondu : merci !")) from None


def questionnaires_to_answer(user):
    """The running programmes whose questionnaire ``user`` (a participant) has not answered: for « À faire »
    (one query, whatever the number of programmes)."""
    if not user.is_authenticated:
        return []
    participating = Engagement.objects.filter(agent__user=user, agent__is_active=True).exclude(
        state__in=NOT_PARTICIPATING
    )
    programmes = (
        Programme.objects.filter(missions__engagements__in=participating)
        .exclude(participant_questions="")
        .exclude(responses__respondent=user)
        .distinct()
        .order_by("name")
    )
    today = timezone.localdate()
    return [p for p in programmes if questionnaire_open(p, today)]


# Reminders before the expiry.


def send_expiry_reminders(*, today: datetime.date) -> int:
    """60 and 15 days before a test's expiry, its organisation's HR hear of it, once per expiry date (the
    daily job; running it twice the same day sends nothing more)."""
    sent = 0
    horizon = today + datetime.timedelta(days=60)
    candidates = Programme.objects.filter(
        is_test=True,
        status__in=[ProgrammeStatus.TEST, ProgrammeStatus.EXTENDED],
        expires_on__gte=today,
        expires_on__lte=horizon,
    ).select_related("organisation")
    for candidate in candidates:
        with transaction.atomic():
            programme = Programme.objects.select_for_update().get(pk=candidate.pk)
            due = rules.reminder_due(programme, today)
            if due is None:
                continue
            _tell_hr_of_expiry(programme, due, today)
            programme.reminded_15_for = programme.expires_on if due == 15 else programme.reminded_15_for
            # after the 15-day reminder, never a late 60-day one
            programme.reminded_60_for = programme.expires_on
            programme.save(update_fields=["reminded_60_for", "reminded_15_for"])
            sent += 1
    return sent


def _tell_hr_of_expiry(programme: Programme, days: int, today: datetime.date) -> None:
    url = reverse("programme_detail", kwargs={"programme_id": programme.pk})
    for user in RoleMembership.objects.users_with(Role.HR, [programme.organisation_id]):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Le test « %(name)s » arrive à échéance le %(date)s")
                % {"name": programme.name, "date": formats.date_format(programme.expires_on, "j F Y")},
                message=_(
                    "Dans %(days)s jours, le test « %(name)s » arrive à sa date de fin. Préparez la décision : "
                    "relisez les indicateurs et le journal d'apprentissage, ouvrez le bilan pour le Codir, puis "
                    "enregistrez la décision (prolonger avec une nouvelle date, généraliser ou arrêter) avec ses "
                    "raisons. Sans décision, le programme ne prendra plus de nouvelle mission à partir du "
                    "lendemain de sa date de fin."
                )
                % {"days": days, "name": programme.name},
                url=url,
                action_needed=True,
                kind=NotificationKind.REVIEW,
            )
