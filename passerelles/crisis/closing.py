"""The end of a crisis: everyone goes back, each person who moved is asked how it was lived, and the RETEX
(retour d'expérience) gives the figures.

- Closing ends every open crisis engagement today (« mission accomplie »): people return to their teams.
- Each agent who moved gets a debrief request: was the move chosen, asked but accepted, or « plus ou moins
  subi » (the field's words), the workload, whether they would do it again, and a free text that only they
  read (never shown in the RETEX nor to anyone else).
- The RETEX counts people with small-cell protection (insights/suppression.py): no count from 1 to 4 is shown.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.crisis import rules
from passerelles.crisis.models import Assignment, Availability, Debrief, Need, Unfilled
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.shifts import shift_minutes
from passerelles.crisis.vocabulary import Answer, CrisisStatus, MoveOrigin, PlanStatus
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import crisis_path
from passerelles.insights.suppression import protect_counts
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

# The debrief's questions: (key, label, choices). The free text is kept apart (``comment``).
LIVED = [
    ("choisi", gettext_lazy("Choisi : je me suis porté·e volontaire")),
    ("accepte", gettext_lazy("Demandé par l'employeur, mais accepté")),
    ("subi", gettext_lazy("Plus ou moins subi")),
]
WORKLOAD = [
    ("legere", gettext_lazy("Légère")),
    ("adaptee", gettext_lazy("Adaptée")),
    ("lourde", gettext_lazy("Trop lourde")),
]
AGAIN = [
    ("oui", gettext_lazy("Oui")),
    ("peut_etre", gettext_lazy("Peut-être")),
    ("non", gettext_lazy("Non")),
]
QUESTIONS = [
    ("lived", gettext_lazy("Comment avez-vous vécu ce renfort ?"), LIVED),
    ("workload", gettext_lazy("La charge de travail"), WORKLOAD),
    ("again", gettext_lazy("Le referiez-vous ?"), AGAIN),
]


def crisis_engagements(crisis):
    return Engagement.objects.filter(crisis_shifts__plan__crisis=crisis).distinct()


@transaction.atomic
def close_crisis(*, crisis, by):
    """Close the crisis: every crisis engagement ends, each agent who moved is asked for a debrief."""
    crisis = type(crisis).objects.select_for_update().get(pk=crisis.pk)
    if not rules.can_close(by, crisis):
        if not crisis.is_active:
            raise PlanRefused(_("Cette crise est déjà close."))
        raise PlanRefused(_("Seules les personnes qui pilotent ou ont activé la crise la closent."))
    crisis.status, crisis.closed_by, crisis.closed_at = CrisisStatus.CLOSED, by, timezone.now()
    crisis.save(update_fields=["status", "closed_by", "closed_at"])
    for engagement in crisis_engagements(crisis).filter(state__in=crisis_path.CRISIS_OPEN_STATES):
        crisis_path.engagement_crisis_end(
            engagement, by=by, comment=_("Fin de la crise « %(crisis)s »") % {"crisis": crisis.name}
        )
    moved = (
        crisis_engagements(crisis)
        .filter(state__in=[State.ENDED, State.EVALUATED])
        .select_related("agent__user")
    )
    url = reverse("crisis:debrief", kwargs={"crisis_id": crisis.pk})
    for agent in {e.agent for e in moved}:
        _debrief, created = Debrief.objects.get_or_create(crisis=crisis, agent=agent)
        if created and agent.user_id:
            with in_language_of(agent.user):
                notify(
                    user=agent.user,
                    kind=NotificationKind.CRISIS,
                    subject=_("Crise « %(crisis)s » : comment l'avez-vous vécue ?") % {"crisis": crisis.name},
                    message=_(
                        "La crise est close : merci pour votre renfort, vous retrouvez votre équipe. Trois questions "
                        "(deux minutes) pour que la prochaine soit mieux organisée. Vos mots restent à vous : seuls "
                        "des chiffres d'ensemble sont montrés."
                    ),
                    url=url,
                    action_needed=True,
                )
    return crisis


def clean_debrief(data) -> tuple[dict, list[str]]:
    """The answers from a form: each question one of its choices; the free text trimmed."""
    answers, errors = {}, []
    for key, label, choices in QUESTIONS:
        value = str(data.get(key, ""))
        if value not in {code for code, _l in choices}:
            errors.append(_("Répondez à la question « %(q)s ».") % {"q": label})
        else:
            answers[key] = value
    answers["comment"] = str(data.get("comment", "")).strip()[:2000]
    return answers, errors


@transaction.atomic
def answer_debrief(*, debrief, by, answers: dict) -> Debrief:
    if debrief.agent.user_id != getattr(by, "pk", None):
        raise PlanRefused(_("Ce retour appartient à une autre personne."))
    debrief.answers, debrief.answered_at = answers, timezone.now()
    debrief.save(update_fields=["answers", "answered_at"])
    return debrief


@dataclass
class Retex:
    asked: int = 0
    availability: list = field(default_factory=list)  # (label, shown count or None)
    availability_total: int | None = None
    needs: int = 0
    places: int = 0
    covered: int = 0
    coverage: float = 0.0
    plan: object = None
    unfilled: list = field(default_factory=list)
    hours_by_unit: list = field(default_factory=list)  # (unit name, hours)
    origins: list = field(default_factory=list)
    origins_total: int | None = None
    debriefs_asked: int = 0
    debriefs: list = field(default_factory=list)  # (question label, [(label, count or None)], total or None)


def _protected(labels, counts):
    shown, total = protect_counts(counts)
    return list(zip(labels, shown, strict=True)), total


def last_plan(crisis):
    return (
        crisis.plans.filter(status__in=[PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED])
        .order_by("-published_at", "-pk")
        .first()
    )


def retex(crisis) -> Retex:
    """The lessons-learnt figures (see the module's docstring)."""
    report = Retex()
    answers = Counter(Availability.objects.filter(crisis=crisis).values_list("answer", flat=True))
    report.asked = sum(answers.values())
    report.availability, report.availability_total = _protected(
        [label for _code, label in Answer.choices], [answers.get(code, 0) for code, _l in Answer.choices]
    )
    needs = Need.objects.filter(crisis=crisis, cancelled_at__isnull=True)
    report.needs = needs.count()
    report.places = needs.aggregate(n=Sum("head_count"))["n"] or 0
    plan = last_plan(crisis)
    report.plan = plan
    if plan is not None:
        live = list(
            plan.assignments.filter(
                withdrawn_at__isnull=True, need__cancelled_at__isnull=True
            ).select_related("need", "volunteer__agent__unit")
        )
        per_need = Counter(a.need_id for a in live)
        heads = dict(needs.values_list("pk", "head_count"))
        report.covered = sum(min(n, heads.get(need_id, 0)) for need_id, n in per_need.items())
        report.coverage = report.covered / report.places if report.places else 0.0
        report.unfilled = list(
            Unfilled.objects.filter(plan=plan).select_related("need", "need__unit").order_by("need__date")
        )
        hours = defaultdict(int)
        for a in live:
            unit = a.volunteer.agent.unit.name if a.volunteer.agent.unit_id else _("Sans unité")
            hours[unit] += shift_minutes(a.need)
        report.hours_by_unit = sorted(((u, round(m / 60, 1)) for u, m in hours.items()), key=lambda r: -r[1])
        moves = {}
        for a in Assignment.objects.filter(plan=plan).select_related("need", "volunteer"):
            key = (a.volunteer.agent_id, a.need.unit_id)
            if moves.get(key) != MoveOrigin.REQUESTED:
                moves[key] = a.origin
        counts = Counter(moves.values())
        report.origins, report.origins_total = _protected(
            [label for _code, label in MoveOrigin.choices],
            [counts.get(code, 0) for code, _l in MoveOrigin.choices],
        )
    debriefs = Debrief.objects.filter(crisis=crisis)
    report.debriefs_asked = debriefs.count()
    answered = [d.answers for d in debriefs.filter(answered_at__isnull=False)]
    for key, label, choices in QUESTIONS:
        counts = Counter(a.get(key) for a in answered)
        rows, total = _protected([lbl for _c, lbl in choices], [counts.get(code, 0) for code, _l in choices])
        report.debriefs.append((label, rows, total))
    return report
