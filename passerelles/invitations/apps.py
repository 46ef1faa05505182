from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "passerelles.invitations"
    verbose_name = _("Invitations")

    def ready(self):
        from passerelles.invitations.services import on_agents_imported
        from passerelles.people.signals import agents_imported

        agents_imported.connect(on_agents_imported, dispatch_uid="invitations.on_agents_imported")
