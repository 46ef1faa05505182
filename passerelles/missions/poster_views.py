"""Where people are (issue 15): a mission's poster, a board's poster, and finding a mission by its short code.

Each view fetches through the person's scope first (404 for what they may not see), then asks a named rule.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from passerelles import boundary
from passerelles.access import policies
from passerelles.missions import codes, outside, posters
from passerelles.missions.queries import mission_for
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite


def absolute(path: str) -> str:
    """An address people open from paper or another site: built from SITE_URL, never from the request."""
    return settings.SITE_URL + path


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def mission_poster(request, mission_id):
    """The A4 poster of a published mission, for anyone who may see it (others: 404, as for its page)."""
    mission = mission_for(request.user, mission_id)
    if not mission.is_published:
        raise Http404
    url = absolute(reverse("mission_detail", kwargs={"mission_id": mission.pk}))
    pdf = posters.mission_poster_pdf(mission, url=url)
    return _pdf_response(pdf, f"affiche-{mission.short_code}.pdf")


@require_safe
def board_poster(request, org_slug):
    """The open missions of a site (``?site=``) or a unit (``?unite=``) of the organisation, for its board.

    Both or neither: a French page says what to choose. An id of another organisation: 404."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_view_organisation(request.user, organisation):
        raise Http404
    site_id = boundary.object_id(request.GET.get("site"))
    unit_id = boundary.object_id(request.GET.get("unite"))
    if bool(site_id) == bool(unit_id):
        error = _("Choisissez un site ou une unité (l'un ou l'autre) pour imprimer l'affiche.")
        return _choice_page(request, organisation, error=error)
    site = unit = None
    if site_id:
        site = get_object_or_404(WorkSite, organisation=organisation, pk=site_id)
        place = site.name
    else:
        unit = get_object_or_404(
            OrgUnit.objects.for_actor(request.user), organisation=organisation, pk=unit_id
        )
        place = unit.name
    if not policies.can_print_board_poster(request.user, organisation, unit):
        raise PermissionDenied
    missions = outside.board_missions(request.user, organisation, site=site, unit=unit)
    pdf = posters.board_poster_pdf(organisation, missions, place=place, url=absolute(reverse("mission_list")))
    return _pdf_response(pdf, "affiche-missions-ouvertes.pdf")


@require_safe
def board_posters(request, org_slug):
    """HR's (and managers') page for the boards: choose a site or a unit, find a mission by its code."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_view_organisation(request.user, organisation):
        raise Http404
    return _choice_page(request, organisation)


def _choice_page(request, organisation, *, error: str = "") -> HttpResponse:
    choices = _board_choices(request.user, organisation)
    if not (policies.can_print_board_poster(request.user, organisation) or choices["units"]):
        raise PermissionDenied
    context = {
        "organisation": organisation,
        "error": error,
        "can_choose_outside": policies.can_choose_outside_display(request.user, organisation),
        **choices,
    }
    return render(request, "missions/board_posters.html", context, status=400 if error else 200)


def _board_choices(user, organisation) -> dict:
    """The sites and units the person may print a board for (a manager: their own unit only)."""
    units = OrgUnit.objects.for_actor(user).filter(organisation=organisation).order_by("name", "pk")
    if policies.can_print_board_poster(user, organisation):
        return {
            "sites": WorkSite.objects.filter(organisation=organisation).order_by("name", "pk"),
            "units": units,
        }
    return {
        "sites": [],
        "units": [u for u in units if policies.can_print_board_poster(user, organisation, u)],
    }


@require_safe
def mission_by_code(request):
    """Go to a mission by its short code (« M-7K4Q », spaces and case as typed). A code of a mission the
    person may not see gets the same answer as a code that does not exist."""
    typed = request.GET.get("code", "")[:40]
    if typed.strip():
        mission = codes.mission_by_code(request.user, typed)
        if mission is not None:
            return redirect("mission_detail", mission_id=mission.pk)
    error = _("Aucune mission avec ce code. Vérifiez-le (par exemple M-7K4Q).") if typed.strip() else ""
    return render(
        request, "missions/mission_code.html", {"typed": typed, "error": error}, status=404 if error else 200
    )
