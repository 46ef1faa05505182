from django.contrib import admin

from passerelles.engagements.models import Engagement, EngagementEvent


class EngagementEventInline(admin.TabularInline):
    model = EngagementEvent
    extra = 0
    readonly_fields = ["by", "action", "from_state", "to_state", "comment", "at"]
    can_delete = False


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["agent", "mission", "state", "updated_at"]
    list_filter = ["state"]
    search_fields = ["agent__last_name", "mission__title"]
    list_select_related = ["agent", "mission"]
    autocomplete_fields = ["agent", "mission"]
    readonly_fields = ["state"]  # states move through the lifecycle only
    inlines = [EngagementEventInline]
