"""The organisation's and the network's dashboards, their exports, and a member's sharing switch.

Thin views: the filters come from insights/forms.py, the scope says what is counted, insights/indicators/
counts and protects. Every organisation or network is fetched through the actor's scope (another
organisation's gets a 404) and then checked by insights/policies.py (a role that may not see it: 403).
"""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from passerelles.cohorts.queries import goal_cards as cohort_goal_cards
from passerelles.foundation.db_router import replica_reads
from passerelles.insights import exports, indicators, kept, policies, services
from passerelles.insights.board import Board
from passerelles.insights.forms import PERIODS
from passerelles.organisations.models import Network, NetworkMembership, Organisation
from passerelles.reimbursements.queries import network_flows


def _organisation(request, org_slug) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_view_organisation_dashboard(request.user, organisation):
        raise PermissionDenied
    return organisation


def _network(request, network_slug) -> Network:
    network = get_object_or_404(
        Network.objects.for_actor(request.user).prefetch_related("memberships"), slug=network_slug
    )
    if not policies.can_view_network_dashboard(request.user, network):
        raise PermissionDenied
    return network


def _sharing(network) -> tuple[list[NetworkMembership], list[NetworkMembership]]:
    memberships = list(network.memberships.select_related("organisation").order_by("organisation__name"))
    return [m for m in memberships if m.shares_indicators], [
        m for m in memberships if not m.shares_indicators
    ]


@contextlib.contextmanager
def _figures():
    """The figures are read from the replica when there is one (foundation/db_router.py): the permission checks
    came before, on the primary. (PostgreSQL's JIT, which cost the dashboards 60 ms of 170 at 100,000 agents,
    is off for every connection: foundation/db_session.py.)"""
    with replica_reads():
        yield


def _render(request, board: Board, template_context: dict):
    with _figures():
        kept_figures = kept.figures(board)
    computed, tiles = kept_figures.indicators, kept_figures.tiles
    query = board.form.query_string()
    figures_context = {
        "tiles": tiles,
        "indicators": computed,
        "base_url": template_context["base_url"],
        "query": query,
        "legend": indicators.LEGEND,
        "MASKED": indicators.MASKED,
    }
    return render(
        request,
        "insights/dashboard.html",
        {
            **template_context,
            "form": board.form,
            "board": board,
            "computed_at": kept_figures.computed_at,
            "kept_minutes": -(-settings.INSIGHTS_CACHE_SECONDS // 60),  # whole minutes, rounded up
            "query": query,
            "periods": PERIODS,
            "figures_html": kept.drawn(board, kept_figures, "insights/_figures.html", figures_context),
        },
    )


def _export(board: Board, indicator: str, export_format: str, filename: str) -> HttpResponse:
    if indicator not in indicators.CATALOGUE or export_format not in ("csv", "xlsx"):
        raise Http404
    with _figures():
        # the figures the page shows, when they are kept; else this indicator alone
        if settings.INSIGHTS_CACHE_SECONDS:
            table = kept.figures(board).indicators[list(indicators.CATALOGUE).index(indicator)]
        else:
            table = indicators.compute(board.context, indicator)
    if export_format == "csv":
        response = HttpResponse(exports.csv_bytes(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{indicator}.{export_format}"'
    return response


def _workbook(board: Board, filename: str) -> HttpResponse:
    with _figures():
        computed = kept.figures(board).indicators
    content = exports.workbook_bytes(computed, **board.export_about())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _organisation_board(request, organisation) -> Board:
    return Board(request.GET, organisation_ids=[organisation.pk], network=False, label=organisation.name)


@require_safe
def organisation_dashboard(request, org_slug):
    organisation = _organisation(request, org_slug)
    board = _organisation_board(request, organisation)
    return _render(
        request,
        board,
        {
            "organisation": organisation,
            "title": _("Tableau de bord — %(name)s") % {"name": organisation.display_name},
            "base_url": request.path,
        },
    )


@require_safe
def organisation_dashboard_export(request, org_slug, indicator, export_format):
    organisation = _organisation(request, org_slug)
    board = _organisation_board(request, organisation)
    return _export(
        board, indicator, export_format, f"tableau-de-bord-{organisation.slug}-{board.today:%Y%m%d}"
    )


@require_safe
def organisation_dashboard_workbook(request, org_slug):
    organisation = _organisation(request, org_slug)
    board = _organisation_board(request, organisation)
    return _workbook(board, f"tableau-de-bord-{organisation.slug}-{board.today:%Y%m%d}")


def _network_board(request, network) -> tuple[Board, list, list]:
    sharing, not_sharing = _sharing(network)
    board = Board(
        request.GET,
        organisation_ids=[m.organisation_id for m in sharing],
        network=True,
        label=_("%(network)s (organisations qui partagent leurs indicateurs)") % {"network": network.name},
    )
    return board, sharing, not_sharing


@require_safe
def network_dashboard(request, network_slug):
    network = _network(request, network_slug)
    board, sharing, not_sharing = _network_board(request, network)
    return _render(
        request,
        board,
        {
            "network": network,
            "sharing": sharing,
            "not_sharing": not_sharing,
            # issue 18: totals due and received between members that both share their indicators
            "money_flows": network_flows(m.organisation_id for m in sharing),
            "title": _("Tableau de bord du réseau — %(name)s") % {"name": network.name},
            "base_url": request.path,
            "cohort_goals": cohort_goal_cards(network, today=board.today),  # issue 18
        },
    )


@require_safe
def network_dashboard_export(request, network_slug, indicator, export_format):
    network = _network(request, network_slug)
    board, _sharing_members, _others = _network_board(request, network)
    return _export(board, indicator, export_format, f"tableau-de-bord-{network.slug}-{board.today:%Y%m%d}")


@require_safe
def network_dashboard_workbook(request, network_slug):
    network = _network(request, network_slug)
    board, _sharing_members, _others = _network_board(request, network)
    return _workbook(board, f"tableau-de-bord-{network.slug}-{board.today:%Y%m%d}")


@require_http_methods(["GET", "POST"])
def network_sharing(request, org_slug, network_slug):
    """An organisation's HR or administrator reads what sharing means and switches it (POST, confirmed)."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_switch_sharing(request.user, organisation):
        raise PermissionDenied
    membership = get_object_or_404(
        NetworkMembership.objects.select_related("network", "organisation"),
        organisation=organisation,
        network__slug=network_slug,
    )
    if request.method == "POST":
        choice = request.POST.get("partage")
        if choice not in ("oui", "non"):
            messages.error(request, _("Choisissez de partager ou non les indicateurs."))
        else:
            changed = services.membership_set_sharing(
                membership=membership, shares=choice == "oui", by=request.user
            )
            if not changed:
                messages.info(request, _("Rien n'a changé : c'était déjà votre choix."))
            elif choice == "oui":
                messages.success(
                    request,
                    _("Les indicateurs de %(org)s apparaissent désormais dans le tableau de bord du réseau.")
                    % {"org": organisation.display_name},
                )
            else:
                messages.success(
                    request,
                    _("Les indicateurs de %(org)s ne figurent plus dans le tableau de bord du réseau.")
                    % {"org": organisation.display_name},
                )
            return redirect(
                "network_sharing", org_slug=organisation.slug, network_slug=membership.network.slug
            )
    return render(
        request,
        "insights/network_sharing.html",
        {"organisation": organisation, "membership": membership},
    )
