from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "passerelles.insights"
    verbose_name = _("Tableaux de bord")
