from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    """The technical back office: it sees every organisation, so only superusers may enter."""

    site_header = _("Passerelles — administration de la plateforme")
    site_title = _("Passerelles")
    index_title = _("Administration technique")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        """Signing in goes through the site's own sign-in page, with its throttling and its second factor:
        the admin's own login form would skip both."""
        return secure_admin_login(super().login)(request, extra_context)
