from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "passerelles.followup"
    verbose_name = _("Suivi des missions")
