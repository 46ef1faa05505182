from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmallhelpConfig(AppConfig):
    name = "passerelles.smallhelp"
    verbose_name = _("Coups de main et immersions")

    def ready(self):
        from passerelles.smallhelp.personal_data import register_parts

        register_parts()  # « Mes données » and erasures (people/personal_data_parts.py)
