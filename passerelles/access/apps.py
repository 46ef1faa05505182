from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "passerelles.access"
    verbose_name = _("Rôles et accès")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from passerelles.access.actor import count_write

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(
                count_write, weak=False, dispatch_uid=f"passerelles.access.count_write.{id(signal)}"
            )
