from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EncountersConfig(AppConfig):
    name = "passerelles.encounters"
    verbose_name = _("Forums et cafés-missions")
