from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "passerelles.calendars"
    verbose_name = _("Agenda personnel")

    def ready(self):
        from passerelles.calendars.personal_data import register_parts

        register_parts()  # « Mes données » and erasures (people/personal_data_parts.py)
