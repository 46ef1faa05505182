from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OIDCConfig(AppConfig):
    name = "passerelles.accounts.oidc"
    label = "accounts_oidc"
    verbose_name = _("Connexion par OpenID Connect")

    def ready(self):
        from passerelles.accounts.oidc import signals  # noqa: F401
