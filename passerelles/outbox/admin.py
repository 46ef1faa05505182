"""The whole outbox for the platform operator (the admin is reserved to superusers)."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.outbox.models import RETRYABLE_STATES, OutboxMessage, SmsUsage
from passerelles.outbox.services import retry_now


@admin.action(description=_("Réessayer maintenant"))
def retry_selected(modeladmin, request, queryset):
    retryable = list(queryset.filter(state__in=RETRYABLE_STATES))
    if request.POST.get("confirm") != "yes":
        return TemplateResponse(
            request,
            "admin/outbox/retry_confirm.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Réessayer l'envoi"),
                "messages_to_retry": retryable,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "opts": modeladmin.model._meta,
            },
        )
    count = sum(retry_now(message) for message in retryable)
    modeladmin.message_user(
        request,
        ngettext("%(count)d message repart.", "%(count)d messages repartent.", count) % {"count": count},
        messages.SUCCESS,
    )
    return None


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "to",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "delivery_status",
        "organisation",
    ]
    list_filter = ["state", "channel", "urgent", "organisation"]
    search_fields = ["to", "subject", "message_id", "provider_message_id"]
    date_hierarchy = "created_at"
    actions = [retry_selected]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SmsUsage)
class SmsUsageAdmin(admin.ModelAdmin):
    """Texts admitted per organisation and month (the budget itself is set on the organisation)."""

    list_display = ["month", "organisation", "count"]
    list_filter = ["month"]
    search_fields = ["organisation__name"]
    readonly_fields = ["organisation", "month", "count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
