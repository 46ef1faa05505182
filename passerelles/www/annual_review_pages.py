"""The annual-review pages (issue 20): the agent's consent and own export, HR's page and exports.

Thin views: the organisation through the actor's scope (404 outside), the named rule (403), then
www/annual_review.py. A period that is not a year is said in French on the page the export links from.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from passerelles.access.actor import get_actor
from passerelles.annualreview import services
from passerelles.annualreview.models import ReviewConsent
from passerelles.annualreview.rules import can_export_annual_reviews
from passerelles.organisations.models import Organisation
from passerelles.www import annual_review as review

CONSENT_FIELD = "partage"


def _agent(request):
    agent = get_actor(request.user).agent
    if agent is None:
        raise PermissionDenied
    return agent


def _download(rows, fmt: str, name: str, *, organisation: str, period) -> HttpResponse:
    if fmt == "csv":
        return review.csv_response(rows, name)
    response = HttpResponse(
        review.json_text(rows, organisation=organisation, period=period),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@require_POST
def consent(request):
    """« Partager mes missions avec la campagne d'entretien annuel »: the box ticked gives it, unticked
    withdraws it; the date is kept either way."""
    agent = _agent(request)
    value = request.POST.get(CONSENT_FIELD, "")
    if value not in ("", "1"):
        messages.error(request, _("Choix illisible : rien n'a changé."))
        return redirect("passport")
    share = value == "1"
    if services.set_consent(agent=agent, share=share):
        if share:
            messages.success(
                request,
                _("Vos missions sont partagées avec la campagne d'entretien annuel de votre organisation."),
            )
        else:
            messages.success(
                request, _("Vos missions ne sont plus partagées avec la campagne d'entretien annuel.")
            )
    return redirect("passport")


@require_safe
def my_export(request, fmt):
    """The agent's own rows, in the campaign's format (whether or not they share them with HR)."""
    agent = _agent(request)
    try:
        period = review.period_from(request.GET.get(review.YEAR_PARAM))
    except review.BadPeriod as bad:
        messages.error(request, str(bad))
        return redirect("passport")
    name = f"entretien-annuel-{period.year or 'tout'}"
    return _download(
        review.agent_rows(agent, period), fmt, name, organisation=agent.organisation.name, period=period
    )


def _organisation(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not can_export_annual_reviews(request.user, organisation):
        raise PermissionDenied
    return organisation


@require_safe
def organisation_page(request, org_slug):
    """HR: how many agents share their missions, a year to choose, and the two downloads."""
    organisation = _organisation(request, org_slug)
    raw = request.GET.get(review.YEAR_PARAM, "")
    error = ""
    try:
        period = review.period_from(raw)
    except review.BadPeriod as bad:
        error, period = str(bad), review.Period()
    consenting = ReviewConsent.objects.given().filter(agent__organisation=organisation, agent__is_active=True)
    return render(
        request,
        "annualreview/organisation_page.html",
        {
            "organisation": organisation,
            "period": period,
            "year_value": raw[:20] if error else (period.year or ""),
            "error": error,
            "consenting": consenting.count(),
            "this_year": timezone.localdate().year,
        },
    )


@require_safe
def organisation_export(request, org_slug, fmt):
    organisation = _organisation(request, org_slug)
    try:
        period = review.period_from(request.GET.get(review.YEAR_PARAM))
    except review.BadPeriod as bad:
        messages.error(request, str(bad))
        return redirect("annual_reviews", org_slug=organisation.slug)
    name = f"entretiens-annuels-{organisation.slug}-{period.year or 'tout'}"
    rows = review.organisation_rows(request.user, organisation, period)
    return _download(rows, fmt, name, organisation=organisation.name, period=period)
