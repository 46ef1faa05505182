from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "passerelles.facilitation"
    verbose_name = _("Vivier d'animateurs")
