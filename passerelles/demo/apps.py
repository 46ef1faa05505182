from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "passerelles.demo"
    verbose_name = _("Réseau de démonstration")
