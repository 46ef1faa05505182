from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from passerelles.missions.models import Mission, MissionEvent, PurposeCap


class MissionEventInline(admin.TabularInline):
    model = MissionEvent
    extra = 0
    readonly_fields = ["by", "from_status", "to_status", "comment", "at"]
    can_delete = False


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "short_code", "organisation", "purpose", "status", "start_date", "end_date"]
    list_filter = ["status", "purpose", "organisation"]
    search_fields = ["title", "description", "short_code"]
    readonly_fields = ["short_code"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["host_unit", "project_lead", "site", "created_by"]
    inlines = [MissionEventInline]


@admin.register(PurposeCap)
class PurposeCapAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "purpose", "max_percent"]
    list_filter = ["organisation"]
