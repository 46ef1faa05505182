from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalloutsConfig(AppConfig):
    name = "passerelles.callouts"
    verbose_name = _("Appels à volontaires")
