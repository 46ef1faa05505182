from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "passerelles.core"
    verbose_name = _("Socle")


class PasserellesAdminConfig(admin_apps.AdminConfig):
    """Django's admin, reserved to platform operators (superusers): organisations use their own pages."""

    default = False

    default_site = "passerelles.core.admin_site.PlatformAdminSite"
