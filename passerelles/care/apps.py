from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "passerelles.care"
    verbose_name = _("Accompagnement")

    def ready(self):
        from passerelles.care.personal_data import register_parts

        register_parts()  # « Mes données » and erasures (people/personal_data_parts.py)
        # What the pact says under « Le soutien »: the documents stage never imports us.
        from passerelles.care.support import named_sponsor, support_details, support_url
        from passerelles.documents.sources import add_detail_source, add_named_parties

        add_detail_source(support_details)
        # the sponsor, a party of the pact that names them, reads and accepts it on the support page
        add_named_parties(named_sponsor, {"sponsor": support_url})
