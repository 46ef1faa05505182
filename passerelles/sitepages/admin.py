"""The platform operator (superuser) edits the statement and the pages here; one statement only."""

from django.contrib import admin

from passerelles.sitepages.models import AccessibilityStatement, SitePage


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "audit_date", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AccessibilityStatement.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "updated_at")

    def has_delete_permission(self, request, obj=None):
        return False
