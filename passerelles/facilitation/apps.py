from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "passerelles.facilitation"
    verbose_name = _("Vivier d'animateurs")

    def ready(self):
        from passerelles.facilitation.personal_data import register_parts

        register_parts()  # « Mes données » and erasures (people/personal_data_parts.py)
