"""Who sees which dashboard, and who decides that an organisation shares its figures with its networks.

The rules live with the others in access/policies.py (the organisation's and network's pages link here too);
these names are the insights app's entry points.
"""

from passerelles.access import policies

can_view_organisation_dashboard = policies.can_view_organisation_dashboard
can_view_network_dashboard = policies.can_coordinate_network  # the network's coordinators, like its page
can_switch_sharing = policies.can_switch_network_sharing
