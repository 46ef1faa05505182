from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from passerelles.people.models import Agent


@admin.register(Agent)
class AgentAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "organisation", "unit", "category", "status", "is_active"]
    list_filter = ["organisation", "category", "status", "is_active"]
    search_fields = ["last_name", "first_name", "matricule", "email"]
    list_select_related = ["organisation", "unit"]
    autocomplete_fields = ["user", "unit", "manager", "site"]
    show_full_result_count = False
