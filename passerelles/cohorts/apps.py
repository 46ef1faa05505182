from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "passerelles.cohorts"
    verbose_name = _("Programmes de cohorte")
