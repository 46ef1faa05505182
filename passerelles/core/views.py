from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.core import engagement_list
from passerelles.core.dashboard import sections_for
from passerelles.core.todo import todo_for
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.foundation.colours import HEX_COLOUR, darken
from passerelles.frameworks.models import FRAMEWORK_CHOICES
from passerelles.organisations.models import Organisation


@login_not_required
def home(request):
    """The public front page: what Passerelles is, and the way in."""
    return render(request, "core/home.html")


def dashboard(request):
    """Every role lands here; one section per role held."""
    actor = get_actor(request.user)
    return render(
        request, "core/dashboard.html", {"sections": sections_for(actor), "todo": todo_for(request.user)}
    )


def todo(request):
    """« À faire » alone, for every role held: the same list as the dashboard's first section."""
    return render(request, "core/todo.html", {"todo": todo_for(request.user)})


def _organisation_engagements(request, org_slug):
    """The organisation (404 outside the actor's), HR's permission (403), its engagements and the filters."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_list_engagements(request.user, organisation):
        raise PermissionDenied
    engagements = Engagement.objects.for_organisation(request.user, organisation)
    missions, units = engagement_list.choices_for(request.user, organisation, engagements)
    filters = engagement_list.read_filters(request.GET, missions=missions, units=units)
    filtered = engagement_list.listed(engagement_list.apply(engagements, filters, organisation))
    return organisation, filtered, filters, missions, units


@require_safe
def organisation_engagements(request, org_slug):
    """HR's list of every engagement of the organisation, by stage, with filters and the CSV export."""
    organisation, filtered, filters, missions, units = _organisation_engagements(request, org_slug)
    for error in filters.errors:
        messages.error(request, error)
    page = Paginator(filtered, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    for engagement in page:
        chosen = getattr(engagement, "framework", None)
        engagement.framework_label = chosen.get_code_display() if chosen else ""
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "core/organisation_engagements.html",
        {
            "organisation": organisation,
            "page": page,
            "filters": filters,
            "states": State.choices,
            "missions": sorted(missions.items(), key=lambda item: (item[1], item[0])),
            "units": sorted(units.items(), key=lambda item: (item[1], item[0])),
            "frameworks": FRAMEWORK_CHOICES,
            "no_framework": engagement_list.NO_FRAMEWORK,
            "sides": list(engagement_list.SIDES.items()),
            "querystring": params.urlencode(),
        },
    )


@require_safe
def organisation_engagements_csv(request, org_slug):
    """The filtered list as a CSV file for a spreadsheet (same filters as the page, every page at once)."""
    organisation, filtered, _filters, _missions, _units = _organisation_engagements(request, org_slug)
    response = HttpResponse(
        engagement_list.csv_bytes(filtered.iterator()), content_type="text/csv; charset=utf-8"
    )
    name = engagement_list.export_name(organisation, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_not_required
@require_safe
def theme_stylesheet(request, colour):
    """An organisation's colours as a stylesheet, so that no page needs an inline style (the
    Content-Security-Policy allows styles from this site only). The URL carries the colour itself (six hex
    digits, checked by the URL pattern and again here): the answer depends on nothing else, reads no
    database and no text of anyone, and may be kept by browsers for a year."""
    if not HEX_COLOUR.match(f"#{colour}"):
        raise Http404
    css = f":root {{ --theme: #{colour}; --theme-dark: {darken(f'#{colour}')}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
