from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "passerelles.crisis"
    verbose_name = _("Crise")

    def ready(self):
        # What the crisis states in an engagement's documents (its shifts): the documents stage never imports us.
        from passerelles.crisis.plan_documents import shift_details
        from passerelles.documents.sources import add_detail_source

        add_detail_source(shift_details)
