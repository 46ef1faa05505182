"""The money between two employers, on screen: the schedule page of an engagement (the origin's HR decides
and records; the host's HR and both signatories read), and an organisation's finance export.

Thin views: engagements come through ``engagement_for`` (outsiders: 404), the rules are policies.py's (an
insider who may not: 403), the writes are services.py's (a refusal: its French message, nothing written).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from passerelles.engagements.queries import engagement_for
from passerelles.foundation.tables import export_format, rows_response
from passerelles.organisations.models import Organisation
from passerelles.reimbursements import policies, queries, services
from passerelles.reimbursements.forms import DecisionForm, IssueForm, PeriodForm, ReceiveForm
from passerelles.reimbursements.models import Decision


def _engagement(request, engagement_id):
    engagement = engagement_for(request.user, engagement_id)
    if not policies.is_cross_organisation(engagement):
        raise Http404  # no money between two services of one employer: there is no such page
    if not policies.can_view_reimbursement(request.user, engagement):
        raise PermissionDenied
    return engagement


def _decision_initial(plan) -> dict:
    if plan is None:
        return {"decision": Decision.COST}
    return {
        "decision": plan.decision,
        "yearly_cost": f"{plan.yearly_cost:.2f}".replace(".", ",") if plan.yearly_cost else "",
        "frequency": plan.frequency,
        "waiver_reason": plan.waiver_reason,
        "waiver_detail": plan.waiver_detail,
    }


def _page(request, engagement, *, decision_form=None, status=200):
    summary = queries.summary_for(request.user, engagement)
    if summary.can_manage and decision_form is None:
        decision_form = DecisionForm(initial=_decision_initial(summary.plan))
    return render(
        request,
        "reimbursements/schedule.html",
        {
            "engagement": engagement,
            "summary": summary,
            "decision_form": decision_form if summary.can_manage else None,
            "issue_form": IssueForm(),
            "receive_form": ReceiveForm(),
            "deciding": engagement.state in services.DECIDING_STATES,
        },
        status=status,
    )


@require_safe
def schedule_page(request, engagement_id):
    return _page(request, _engagement(request, engagement_id))


def _back(engagement):
    return redirect("reimbursement_schedule", engagement_id=engagement.pk)


def _say_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
def decide(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    if not policies.can_manage_reimbursement(request.user, engagement):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, engagement, decision_form=form, status=400)
    data = form.cleaned_data
    try:
        services.plan_decide(
            engagement=engagement,
            by=request.user,
            decision=data["decision"],
            yearly_cost=data["yearly_cost"],
            waiver_reason=data["waiver_reason"],
            waiver_detail=data["waiver_detail"],
            frequency=data["frequency"],
        )
    except services.Refused as refused:
        messages.error(request, str(refused))
        return _page(request, engagement, decision_form=form, status=400)
    if data["decision"] == Decision.COST:
        messages.success(request, _("Le coût annuel est enregistré : l'échéancier est calculé."))
    else:
        messages.success(request, _("L'exonération est enregistrée avec son motif."))
    return _back(engagement)


@require_POST
def line_action(request, engagement_id):
    """One line's titre de recettes (« emettre ») or money received (« recevoir »)."""
    engagement = _engagement(request, engagement_id)
    if not policies.can_manage_reimbursement(request.user, engagement):
        raise PermissionDenied
    action, line_id = request.POST.get("action", ""), request.POST.get("ligne", "")
    if action == "emettre":
        form = IssueForm(request.POST)
        if form.is_valid():
            try:
                services.line_issue(
                    engagement=engagement, line_id=line_id, by=request.user, **form.cleaned_data
                )
            except services.Refused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _("Le titre de recettes est enregistré."))
        else:
            _say_errors(request, form)
    elif action == "recevoir":
        form = ReceiveForm(request.POST)
        if form.is_valid():
            try:
                services.line_receive(
                    engagement=engagement,
                    line_id=line_id,
                    by=request.user,
                    amount=form.cleaned_data["amount"],
                    received_on=form.cleaned_data["received_on"],
                )
            except services.Refused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _("La somme reçue est enregistrée."))
        else:
            _say_errors(request, form)
    else:
        messages.error(request, _("Choisissez d'enregistrer un titre ou une somme reçue."))
    return _back(engagement)


@require_POST
def recompute(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    if not policies.can_manage_reimbursement(request.user, engagement):
        raise PermissionDenied
    try:
        services.schedule_recompute(engagement=engagement, by=request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("L'échéancier suit les dates et la quotité : les titres déjà émis sont inchangés.")
        )
    return _back(engagement)


@require_safe
def organisation_export(request, org_slug):
    """An organisation's schedule lines (owed to it, owed by it) for a period, on screen and for its finance
    department as CSV or XLSX."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_export_reimbursements(request.user, organisation):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["du"], form.cleaned_data["au"]
    lines = queries.organisation_lines(request.user, organisation, start=start, end=end)
    if fmt := export_format(request):
        if form.is_bound and not form.is_valid():
            messages.error(request, _("La période n'est pas valide : corrigez-la avant d'exporter."))
            return redirect(reverse("reimbursement_export", kwargs={"org_slug": organisation.slug}))
        name = f"remboursements-{organisation.slug}"
        if start or end:
            name += f"-{start or ''}-{end or ''}".replace("None", "")
        return rows_response(queries.EXPORT_HEADERS, queries.export_rows(lines), fmt, name)
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    period = {k: request.GET[k] for k in ("du", "au") if request.GET.get(k) and form.is_valid()}
    return render(
        request,
        "reimbursements/organisation_export.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "rows": [(line, line.plan.engagement) for line in page],
            "querystring": urlencode(period),
            "export_query": urlencode(period) + ("&" if period else ""),
        },
    )
