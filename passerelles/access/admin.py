from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from passerelles.access.models import RoleMembership


@admin.register(RoleMembership)
class RoleMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "organisation", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__last_name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
