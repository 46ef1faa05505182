from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "passerelles.documents"
    verbose_name = _("Documents")

    def ready(self):
        # The documents stage: registered after the frameworks stage (INSTALLED_APPS order), so « le
        # dispositif » comes before the documents in what is missing.
        from passerelles.documents.services import documents_missing, write_avenant
        from passerelles.engagements import stages

        stages.add_readiness(documents_missing)
        stages.on_extended(
            write_avenant
        )  # every extension: an avenant, accepted by the amended act's parties
