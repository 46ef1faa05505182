from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "passerelles.frameworks"
    verbose_name = _("Dispositifs")

    def ready(self):
        # What the frameworks stage adds to the engagement core (which never imports it).
        from passerelles.engagements import stages
        from passerelles.frameworks.services import framework_missing, framework_parties

        stages.add_parties(framework_parties)
        stages.add_readiness(framework_missing)
