from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "passerelles.core"
    verbose_name = _("Socle")

    def ready(self):
        # The daily summary ends with « À faire »: the same list as the dashboard, registered from here
        # because the notifications app does not import the interface layer.
        from passerelles.core.todo import digest_text
        from passerelles.foundation import db_session, freshness
        from passerelles.notifications.services import add_to_digest

        add_to_digest(digest_text)
        db_session.install()  # JIT off on PostgreSQL (foundation/db_session.py)
        freshness.install()  # every write stamps its table: « À faire » is kept until one it read is written


class PasserellesAdminConfig(admin_apps.AdminConfig):
    """Django's admin, reserved to platform operators (superusers): organisations use their own pages."""

    default = False

    default_site = "passerelles.core.admin_site.PlatformAdminSite"
