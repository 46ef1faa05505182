from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EncountersConfig(AppConfig):
    name = "passerelles.encounters"
    verbose_name = _("Forums et cafés-missions")

    def ready(self):
        from passerelles.encounters.personal_data import register_parts

        register_parts()  # « Mes données » (people/personal_data_parts.py)
