from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolingConfig(AppConfig):
    name = "passerelles.pooling"
    verbose_name = _("Agents mutualisés")
