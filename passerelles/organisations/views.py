from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.foundation.files import serve_file
from passerelles.foundation.images import image_content_type
from passerelles.organisations import headcount
from passerelles.organisations.models import Network, Organisation, OrgUnit
from passerelles.organisations.queries import unit_tree


def organisation_detail(request, org_slug):
    """The organisation chart, with head counts per unit (no names: this page is open to every role)."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_view_organisation(request.user, organisation):
        raise PermissionDenied
    units = OrgUnit.objects.for_actor(request.user).filter(organisation=organisation)
    counts = headcount.counts_of([organisation.pk])[organisation.pk]
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "tree": unit_tree(units, counts.by_unit),
            "agent_count": counts.total,
            "counted_at": counts.counted_at,
            "can_view_directory": policies.can_view_directory(request.user, organisation),
            "can_edit": policies.can_edit_organisation_settings(request.user, organisation),
            "can_view_outbox": policies.can_view_outbox(request.user, organisation),
            "can_manage_associations": policies.can_manage_partner_associations(request.user, organisation)
            and organisation.kind not in ("association", "fondation"),
            "can_frame": policies.can_edit_organisation_settings(request.user, organisation)
            or policies.is_hr_coordinator(request.user, organisation),
            # the signatory (DGS) reads the programmes and their reviews (issue 16)
            "is_hr": policies.is_hr_coordinator(request.user, organisation),  # accompaniment plans (issue 22)
            "can_read_programmes": get_actor(request.user).has_role(Role.SIGNATORY, organisation),
            "can_view_dashboard": policies.can_view_organisation_dashboard(request.user, organisation),
            # Whether each network counts the organisation's figures: its HR or administrator decides.
            "memberships": organisation.network_memberships.select_related("network").order_by(
                "network__name"
            )
            if policies.can_switch_network_sharing(request.user, organisation)
            else [],
        },
    )


@require_safe
def organisation_logo(request, org_slug):
    """The logo, for the people who see the organisation: its own members (it heads their pages) and those of
    its networks' partners. Anyone else gets a 404, like for the organisation itself."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not organisation.logo:
        raise Http404
    return serve_file(
        organisation.logo, content_type=image_content_type(organisation.logo.name), cache_seconds=300
    )


def network_detail(request, network_slug):
    """A network's member organisations with their size: aggregates only, no personal data. The sizes are the
    kept head counts (organisations/headcount.py), not a count over every agent of the network per view."""
    network = get_object_or_404(
        Network.objects.for_actor(request.user).prefetch_related("memberships"), slug=network_slug
    )
    if not policies.can_coordinate_network(request.user, network):
        raise PermissionDenied
    members = list(network.members.select_related("attached_to").order_by("name"))
    sharing = {m.organisation_id: m.shares_indicators for m in network.memberships.all()}
    counts = headcount.counts_of(member.pk for member in members)
    for member in members:
        member.shares_indicators = sharing.get(member.pk, False)
        member.agent_count = counts[member.pk].total
    counted = [count.counted_at for count in counts.values() if count.counted_at is not None]
    return render(
        request,
        "organisations/network_detail.html",
        {"network": network, "members": members, "counted_at": min(counted, default=None)},
    )
