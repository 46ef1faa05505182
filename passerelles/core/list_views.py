"""The lists of HR, the signatory and the network coordinator, and HR's exports (issue 16).

Thin views: the organisation (404 outside the actor's), the named rule (403), then a scoped queryset, its
filterset and table (passerelles/foundation/tables.py does sorting, pages and exports).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from passerelles import boundary
from passerelles.access import policies
from passerelles.core import engagement_list, hr_exports, mission_lists
from passerelles.engagements.models import Engagement
from passerelles.foundation.db_router import replica_reads
from passerelles.foundation.tables import export_format, export_response, list_response, rows_response
from passerelles.missions.models import Programme
from passerelles.organisations.models import Network, Organisation, OrgUnit


def _organisation(request, org_slug, rule):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not rule(request.user, organisation):
        raise PermissionDenied
    return organisation


def _dated(name: str, organisation) -> str:
    return f"{name}-{organisation.slug}-{timezone.localdate():%Y-%m-%d}"


def _engagements(request, org_slug):
    organisation = _organisation(request, org_slug, policies.can_list_engagements)
    engagements = Engagement.objects.for_organisation(request.user, organisation)
    missions, units = engagement_list.choices_for(request.user, organisation, engagements)
    filterset = engagement_list.EngagementFilter(
        request.GET,
        engagement_list.listed(engagements),
        organisation=organisation,
        missions=missions,
        units=units,
    )
    return organisation, filterset


@require_safe
def organisation_engagements(request, org_slug):
    """Every engagement of the organisation (HR; the signatory from the agreements step on), by stage, with
    filters, sorting, pages and the exports of the filtered list."""
    organisation, filterset = _engagements(request, org_slug)
    if export_format(request):
        table = engagement_list.EngagementExportTable(filterset.qs)
    else:
        table = engagement_list.EngagementTable(filterset.qs)
    return list_response(
        request,
        "core/organisation_engagements.html",
        table=table,
        filterset=filterset,
        export_name=engagement_list.export_name(organisation, timezone.localdate()),
        context={
            "organisation": organisation,
            "any_engagement": filterset.queryset.exists(),
            "is_hr": policies.can_export_payroll(request.user, organisation),
        },
    )


@require_safe
def organisation_engagements_csv(request, org_slug):
    """The filtered list as a CSV file (the address of issue 13, kept): same filters, every page at once."""
    organisation, filterset = _engagements(request, org_slug)
    table = engagement_list.EngagementExportTable(filterset.qs)
    with replica_reads():  # the rows, once the right is checked (foundation/db_router.py)
        return export_response(table, "csv", engagement_list.export_name(organisation, timezone.localdate()))


def _units(user, organisation) -> dict[int, str]:
    return dict(
        OrgUnit.objects.for_actor(user)
        .filter(organisation=organisation)
        .order_by("name")
        .values_list("pk", "name")
    )


@require_safe
def organisation_missions(request, org_slug):
    """Every mission of the organisation in every status, for HR and the signatory."""
    organisation = _organisation(request, org_slug, policies.can_list_missions)
    programmes = dict(Programme.objects.filter(organisation=organisation).values_list("pk", "name"))
    filterset = mission_lists.MissionFilter(
        request.GET,
        mission_lists.organisation_missions(request.user, organisation),
        units=_units(request.user, organisation),
        programmes=programmes,
    )
    return list_response(
        request,
        "core/organisation_missions.html",
        table=mission_lists.MissionTable(filterset.qs),
        filterset=filterset,
        export_name=_dated("missions", organisation),
        context={"organisation": organisation},
    )


@require_safe
def network_missions(request, network_slug):
    """The missions shared with the network by its members, for its coordinators: no personal data."""
    network = get_object_or_404(
        Network.objects.for_actor(request.user).prefetch_related("memberships"), slug=network_slug
    )
    if not policies.can_coordinate_network(request.user, network):
        raise PermissionDenied
    members = dict(network.members.order_by("name").values_list("pk", "name"))
    missions = mission_lists.network_missions(request.user, network)
    # the host units of the shared missions themselves: nothing else of a member's organisation chart
    units = dict(missions.order_by().values_list("host_unit_id", "host_unit__name").distinct())
    filterset = mission_lists.NetworkMissionFilter(request.GET, missions, units=units, organisations=members)
    return list_response(
        request,
        "core/network_missions.html",
        table=mission_lists.NetworkMissionTable(filterset.qs),
        filterset=filterset,
        export_name=f"missions-{network.slug}-{timezone.localdate():%Y-%m-%d}",
        context={"network": network},
    )


def _month(request):
    """``?mois=AAAA-MM`` (this month when absent); a month that makes no sense is said, and this month shown."""
    raw = request.GET.get("mois", "").strip()
    if not raw:
        return timezone.localdate().replace(day=1), None
    first = boundary.month(raw)
    if first is None:
        return timezone.localdate().replace(day=1), _(
            "Mois illisible (%(value)s) : écrivez-le AAAA-MM ; voici le mois en cours."
        ) % {"value": raw[:20]}
    return first, None


@require_safe
def time_entries(request, org_slug):
    """HR: the half-days logged in a month, one line per engagement; the payroll and arrêtés exports."""
    organisation = _organisation(request, org_slug, policies.can_export_payroll)
    first, problem = _month(request)
    if problem and not export_format(request):
        messages.error(request, problem)
    table = hr_exports.TimeTable(hr_exports.time_entries(request.user, organisation, first))
    return list_response(
        request,
        "core/time_entries.html",
        table=table,
        export_name=_dated(f"temps-{first:%Y-%m}", organisation),
        context={"organisation": organisation, "month": first},
    )


@require_safe
def payroll_export(request, org_slug, fmt):
    """HR: the engagements running during the month, for payroll (XLSX or CSV)."""
    organisation = _organisation(request, org_slug, policies.can_export_payroll)
    first, problem = _month(request)
    if problem:
        messages.error(request, problem)
        return redirect(reverse("time_entries", kwargs={"org_slug": organisation.slug}))
    table = hr_exports.PayrollTable(
        hr_exports.payroll(request.user, organisation, first), organisation=organisation
    )
    with replica_reads():
        return export_response(table, fmt, f"paie-{organisation.slug}-{first:%Y-%m}")


@require_safe
def acts_export(request, org_slug, fmt):
    """HR: the arrêtés and conventions the engagements' frameworks require, written or not, accepted or not."""
    organisation = _organisation(request, org_slug, policies.can_export_payroll)
    table = hr_exports.ActsTable(hr_exports.acts(request.user, organisation))
    with replica_reads():
        headers, rows = table.export_rows()
    return rows_response(headers, rows, fmt, _dated("arretes", organisation))
