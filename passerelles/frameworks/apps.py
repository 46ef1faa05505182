from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "passerelles.frameworks"
    verbose_name = _("Dispositifs")

    def ready(self):
        # What the frameworks stage adds to the engagement core (which never imports it).
        from passerelles.engagements import stages
        from passerelles.frameworks.assembly import assembly_missing
        from passerelles.frameworks.durations import extension_refusal
        from passerelles.frameworks.services import framework_missing, framework_parties

        stages.add_parties(framework_parties)
        stages.add_readiness(framework_missing)
        stages.add_readiness(assembly_missing)  # a MAD, a mécénat: the assemblée délibérante informed
        stages.add_extension_limit(extension_refusal)  # a prolongation within the framework's maximum
