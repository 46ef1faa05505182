import allauth.mfa.admin  # noqa: F401 — registered first, so that the registrations below replace them
import allauth.usersessions.admin  # noqa: F401
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from passerelles.access.models import RoleMembership
from passerelles.accounts.models import AccessCode, User


class RoleMembershipInline(admin.TabularInline):
    model = RoleMembership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["__str__", "email", "login_name", "is_active", "is_superuser"]
    search_fields = ["email", "login_name", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "login_name", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "language"]}),
        (
            _("Adresse personnelle et téléphone (choix de la personne)"),
            {
                "fields": [
                    "email_is_personal",
                    "personal_email_given_at",
                    "phone",
                    "phone_verified_at",
                    "sms_opted_in_at",
                    "sms_opted_out_at",
                ]
            },
        ),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "login_name", "password1", "password2"]})
    ]
    inlines = [RoleMembershipInline]
    actions = ["reset_two_factor"]

    @admin.action(
        description=_("Retirer la double authentification et fermer les sessions (téléphone perdu)")
    )
    def reset_two_factor(self, request, queryset):
        """For a person who lost their phone and their recovery codes, once their identity is checked another
        way: their authenticator app and recovery codes are removed and every open session ends; at their
        next sign-in with a password they enrol a new app (docs/securite.md)."""
        with transaction.atomic():
            for user in queryset:
                Authenticator.objects.filter(user=user).delete()
                for session in UserSession.objects.filter(user=user):
                    session.end()
                self.log_change(request, user, "Double authentification retirée, sessions fermées")
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Double authentification retirée et sessions fermées pour %(count)d compte.",
                "Double authentification retirée et sessions fermées pour %(count)d comptes.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AccessCode)
class AccessCodeAdmin(admin.ModelAdmin):
    """The record of the letters printed (who, for whom, when, used or not); a code itself is never shown,
    only its hash is kept."""

    raw_id_fields = ["user", "created_by"]
    list_display = ["user", "created_by", "created_at", "expires_at", "used_at", "revoked_at"]
    search_fields = ["user__email", "user__login_name", "user__last_name"]
    readonly_fields = ["user", "created_by", "created_at", "expires_at", "used_at"]
    exclude = ["code_hash"]

    def has_add_permission(self, request):
        return False  # a letter is printed from the agent's page, where its code is shown once


# allauth's own registrations search a ``username`` this model does not have: by address instead.
admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    raw_id_fields = ["user"]
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email", "user__last_name"]


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Deleting here ends the session itself, not only the line that lists it."""

    raw_id_fields = ["user"]
    list_display = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    search_fields = ["user__email", "ip"]

    def delete_model(self, request, obj):
        obj.end()

    def delete_queryset(self, request, queryset):
        for session in queryset:
            session.end()
