from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from passerelles.organisations.models import Network, NetworkMembership, Organisation, OrgUnit, WorkSite


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "siret", "attached_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug", "siret"]
    prepopulated_fields = {"slug": ["name"]}
    # The logo is changed on the organisation's settings page, where the image is checked and re-encoded.
    exclude = ["logo"]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "lead_organisation", "agreement_signed_on"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NetworkMembershipInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation", "parent", "code"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "code"]
    list_select_related = ["organisation", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(WorkSite)
class WorkSiteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "city", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "city"]
