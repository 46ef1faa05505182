from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "passerelles.programmes"
    verbose_name = _("Programmes en test")
