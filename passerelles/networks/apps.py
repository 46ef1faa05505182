from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "passerelles.networks"
    verbose_name = _("Réseau : convention-cadre, coordination, dispositifs partagés")

    def ready(self):
        # What the network states in an engagement's documents (its convention-cadre): the documents stage
        # never imports us.
        from passerelles.documents.sources import add_detail_source
        from passerelles.networks.documents import convention_cadre_details

        add_detail_source(convention_cadre_details)
