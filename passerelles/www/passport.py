"""The mobility passport: an agent's missions, skills used and gained, and — only if they chose so — the
highlights of their evaluations; with a PDF attestation for the annual review (entretien professionnel)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.annualreview.services import consent_of
from passerelles.documents.rendering import pdf_from_blocks
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.evaluations.models import Evaluation
from passerelles.evaluations.questions import likert_average
from passerelles.facilitation import queries as facilitation
from passerelles.facilitation.rules import format_minutes
from passerelles.smallhelp.models import Immersion, LightHelp
from passerelles.smallhelp.rules import HelpState, ImmersionState, half_days_text
from passerelles.stories.models import Story, StoryStatus

PASSPORT_STATES = (State.ACTIVE, State.ENDED, State.EVALUATED)


@dataclass
class PassportLine:
    engagement: Engagement
    framework: str
    skills_used: list[str]
    learned: list[str] = field(default_factory=list)
    average: float | None = None
    again: str = ""
    stories: list[Story] = field(default_factory=list)


def passport_engagements(engagements):
    """The passport's missions among ``engagements``, with what a line reads (three queries for any number):
    begun or done, their published stories, and the agent's own evaluation only if they chose to show it.
    The annual-review export (www/annual_review.py) reads the same, so that it shows exactly these entries."""
    return (
        engagements.filter(state__in=PASSPORT_STATES)
        .select_related("mission__organisation", "mission__host_unit", "framework")
        .prefetch_related(
            Prefetch("stories", queryset=Story.objects.filter(status=StoryStatus.PUBLISHED), to_attr="told"),
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.filter(respondent="agent", share_in_passport=True),
                to_attr="shared",
            ),
        )
        .order_by("-start_date")
    )


def passport_line(engagement) -> PassportLine:
    """One mission of the passport, from an engagement fetched by ``passport_engagements``."""
    chosen = getattr(engagement, "framework", None)
    line = PassportLine(
        engagement=engagement,
        framework=chosen.recommendation.get("label", "") if chosen else "",
        skills_used=[s.strip() for s in engagement.mission.skills.split(",") if s.strip()],
        stories=engagement.told,
    )
    own = engagement.shared[0] if engagement.shared else None
    if own:  # the agent chose to show these highlights
        line.average = likert_average(own.questions, own.answers)
        for index, question in enumerate(own.questions):
            answer = own.answers.get(str(index), "")
            if question["kind"] == "text" and answer and "appris" in question["text"].lower():
                line.learned.append(answer)
            if question["kind"] == "yesno" and "referais" in question["text"].lower():
                line.again = answer
    return line


def passport_lines(agent) -> list[PassportLine]:
    return [passport_line(e) for e in passport_engagements(Engagement.objects.filter(agent=agent))]


def small_help_lines(agent) -> dict[str, list]:
    """The agreed coups de main (with their half-days) and immersions: small help counts too (issue 19). An
    attestation tells what was done: a coup de main once its first half-day came, an immersion once its day
    came (as a mission appears once under way)."""
    today = timezone.localdate()
    helps = (
        LightHelp.objects.filter(agent=agent, state=HelpState.AGREED, half_days__date__lte=today)
        .distinct()
        .select_related("host_unit")
        .prefetch_related("half_days")
        .order_by("-created_at")
    )
    immersions = Immersion.objects.filter(
        agent=agent, state=ImmersionState.AGREED, date__lte=today
    ).select_related("host_unit")
    return {
        "helps": [(help, half_days_text(help.half_day_pairs())) for help in helps],
        "immersions": list(immersions.order_by("-date")),
    }


def _small_help_blocks(small: dict) -> list[tuple[str, str]]:
    blocks = []
    if small["helps"]:
        blocks.append(("heading", _("Coups de main")))
        for help, when in small["helps"]:
            blocks.append(
                (
                    "paragraph",
                    _("Service %(unit)s — %(when)s : %(purpose)s.")
                    % {"unit": help.host_unit.name, "when": when, "purpose": help.purpose},
                )
            )
    if small["immersions"]:
        blocks.append(("heading", _("Immersions « vis ma vie »")))
        for immersion in small["immersions"]:
            blocks.append(
                (
                    "paragraph",
                    _("Service %(unit)s — %(day)s (%(length)s), %(reason)s.")
                    % {
                        "unit": immersion.host_unit.name,
                        "day": f"{immersion.date:%d/%m/%Y}",
                        "length": immersion.get_length_display(),
                        "reason": immersion.get_reason_display().lower(),
                    },
                )
            )
    return blocks


def _agent(request):
    actor = get_actor(request.user)
    if actor.agent is None:
        raise PermissionDenied
    return actor.agent


def passport(request):
    agent = _agent(request)
    return render(
        request,
        "stories/passport.html",
        {
            "agent": agent,
            "lines": passport_lines(agent),
            "small": small_help_lines(agent),
            "review_consent": consent_of(agent),
            **facilitation_context(agent),
        },
    )


def facilitation_context(agent) -> dict:
    """« Animations »: the facilitation calls that took place, with the time recognised (issue 19)."""
    held = list(facilitation.held_calls(agent))
    return {"animations": held, "animation_total": format_minutes(sum(c.duration_minutes for c in held))}


def passport_pdf(request):
    """The attestation for the annual review, from the same lines as the page."""
    agent = _agent(request)
    blocks = [
        ("title", _("Passeport de mobilité")),
        (
            "paragraph",
            _("%(name)s, %(organisation)s. Attestation établie le %(day)s par Passerelles.")
            % {
                "name": agent.full_name,
                "organisation": agent.organisation.name,
                "day": f"{timezone.localdate():%d/%m/%Y}",
            },
        ),
    ]
    lines = passport_lines(agent)
    small = small_help_lines(agent)
    if not lines and not small["helps"] and not small["immersions"]:
        blocks.append(("paragraph", _("Aucune mission pour l'instant.")))
    for line in lines:
        engagement = line.engagement
        blocks.append(("heading", engagement.mission.title))
        blocks.append(
            (
                "paragraph",
                _("%(unit)s, %(organisation)s — du %(start)s au %(end)s, %(percent)s %% du temps de travail.")
                % {
                    "unit": engagement.mission.host_unit.name,
                    "organisation": engagement.mission.organisation.name,
                    "start": f"{engagement.start_date:%d/%m/%Y}",
                    "end": f"{engagement.end_date:%d/%m/%Y}",
                    "percent": engagement.percent,
                },
            )
        )
        if line.framework:
            blocks.append(("paragraph", _("Cadre : %(framework)s.") % {"framework": line.framework}))
        if line.skills_used:
            blocks.append(
                (
                    "paragraph",
                    _("Compétences mobilisées : %(skills)s.") % {"skills": ", ".join(line.skills_used)},
                )
            )
        for learned in line.learned:
            blocks.append(("paragraph", _("Ce que j'ai appris : %(text)s") % {"text": learned}))
        if line.average is not None:
            blocks.append(
                (
                    "paragraph",
                    _("Mon évaluation : %(average)s / 5.") % {"average": str(line.average).replace(".", ",")},
                )
            )
    animations = facilitation_context(agent)
    if animations["animations"]:
        blocks.append(("heading", _("Animations")))
        blocks.append(
            (
                "paragraph",
                _("Temps d'animation reconnu : %(total)s.") % {"total": animations["animation_total"]},
            )
        )
        for call in animations["animations"]:
            blocks.append(
                (
                    "paragraph",
                    _("%(day)s — %(subject)s (%(duration)s).")
                    % {
                        "day": f"{timezone.localtime(call.starts_at):%d/%m/%Y}",
                        "subject": call.subject,
                        "duration": call.duration_display,
                    },
                )
            )
    blocks += _small_help_blocks(small)
    pdf = pdf_from_blocks(
        blocks, title=_("Passeport de mobilité"), footer=_("Passerelles — passeport de mobilité")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="passeport-mobilite.pdf"'
    return response
