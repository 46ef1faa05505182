from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmallhelpConfig(AppConfig):
    name = "passerelles.smallhelp"
    verbose_name = _("Coups de main et immersions")
