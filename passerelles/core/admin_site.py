from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    """The technical back office: it sees every organisation, so only superusers may enter."""

    site_header = _("Passerelles — administration de la plateforme")
    site_title = _("Passerelles")
    index_title = _("Administration technique")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser
