import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.queries import engagement_for
from passerelles.evaluations import questions as question_texts
from passerelles.evaluations import services
from passerelles.evaluations.models import RESPONDENT_CHOICES, Evaluation, QuestionSet, ReturnNote
from passerelles.organisations.models import Organisation

LABELS = dict(RESPONDENT_CHOICES)


def _engagement(request, engagement_id) -> Engagement:
    return engagement_for(request.user, engagement_id)


def engagement_evaluation(request, engagement_id):
    """Each of the three evaluates the ended mission; each sees their own answers, HR sees them all."""
    engagement = _engagement(request, engagement_id)
    mine = services.respondents_of(request.user, engagement)
    hr_view = policies.is_engagement_hr(
        request.user, engagement
    )  # HR evaluates the scheme: it reads all three
    if not (mine or hr_view):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.submit(
                engagement=engagement,
                respondent=request.POST.get("respondent", ""),
                by=request.user,
                data=request.POST,
                share_in_passport=request.POST.get("partage") == "1",
            )
            messages.success(request, _("Merci : votre évaluation est enregistrée."))
            return redirect("engagement_evaluation", engagement_id=engagement.pk)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
    evaluations = {e.respondent: e for e in Evaluation.objects.filter(engagement=engagement)}
    required = services.required_respondents(engagement)
    to_answer = [
        {"respondent": r, "label": LABELS[r], "questions": services.questions_for(engagement, r)}
        for r in mine
        if r in required and r not in evaluations and engagement.state == State.ENDED
    ]
    visible = [
        {
            "label": LABELS[r],
            "rows": [(q["text"], e.answers.get(str(i), ""), q["kind"]) for i, q in enumerate(e.questions)],
            "evaluation": e,
        }
        for r, e in evaluations.items()
        if hr_view or r in mine
    ]
    return render(
        request,
        "evaluations/engagement_evaluation.html",
        {
            "engagement": engagement,
            "to_answer": to_answer,
            "visible": visible,
            "status": [(LABELS[r], r in evaluations) for r in required],
            "likert": question_texts.LIKERT,
            "deadline": engagement.end_date + datetime.timedelta(days=services.EVALUATION_DAYS),
            "return_note": ReturnNote.objects.filter(engagement=engagement).first()
            if (hr_view or "manager" in mine or "agent" in mine)
            else None,
        },
    )


class ReturnNoteForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Date de l'entretien de retour"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label=gettext_lazy("Ce qui change au retour (organisation, missions, compétences à valoriser)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


def return_note(request, engagement_id):
    """The home manager notes the return conversation; the agent and HR read it."""
    engagement = _engagement(request, engagement_id)
    if "manager" not in services.respondents_of(request.user, engagement):
        raise PermissionDenied
    existing = ReturnNote.objects.filter(engagement=engagement).first()
    initial = (
        {"held_on": existing.held_on, "notes": existing.notes}
        if existing
        else {"held_on": timezone.localdate()}
    )
    form = ReturnNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_return_note(engagement=engagement, by=request.user, **form.cleaned_data)
            messages.success(request, _("L'entretien de retour est noté."))
            return redirect("engagement_detail", engagement_id=engagement.pk)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
    return render(request, "evaluations/return_note.html", {"engagement": engagement, "form": form})


def organisation_questions(request, org_slug):
    """HR adapts the three questionnaires of the organisation; each change is kept, answers keep theirs."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not (
        policies.is_hr_coordinator(request.user, organisation)
        or policies.can_edit_organisation_settings(request.user, organisation)
    ):
        raise PermissionDenied
    texts = {r: services.question_text(organisation, r) for r in question_texts.DEFAULTS}
    errors = {}
    if request.method == "POST":
        submitted = {r: request.POST.get(r, "") for r in question_texts.DEFAULTS}
        for respondent, text in submitted.items():
            try:
                question_texts.parse(text)
            except question_texts.QuestionError as error:
                errors[respondent] = str(error)
        if not errors:
            with transaction.atomic():
                for respondent, text in submitted.items():
                    QuestionSet.objects.update_or_create(
                        organisation=organisation, respondent=respondent, defaults={"text": text.strip()}
                    )
            messages.success(
                request,
                _("Les questionnaires sont enregistrés : ils s'appliquent aux prochaines évaluations."),
            )
            return redirect("organisation_questions", org_slug=organisation.slug)
        texts = submitted
    return render(
        request,
        "evaluations/organisation_questions.html",
        {
            "organisation": organisation,
            "sets": [(r, LABELS[r], texts[r], errors.get(r)) for r in question_texts.DEFAULTS],
        },
    )
