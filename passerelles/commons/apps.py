from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonsConfig(AppConfig):
    name = "passerelles.commons"
    verbose_name = _("Temps en commun")

    def ready(self):
        from passerelles.commons.personal_data import register_parts

        register_parts()  # « Mes données » and erasures (people/personal_data_parts.py)
        # The ethics charter in the pact: the documents stage never imports us.
        from passerelles.commons.charter import pact_details
        from passerelles.documents.sources import add_detail_source

        add_detail_source(pact_details)
