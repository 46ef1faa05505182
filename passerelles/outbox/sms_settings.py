"""Start-up checks of the SMS provider's settings, read by ``passerelles/settings.py`` (no model imported here:
the settings load before the applications)."""

import re

from passerelles.env import ConfigurationError

_SENDER = re.compile(r"^(?:[A-Za-z0-9 ]{1,11}|\+?\d{1,15})$")


def check_configuration(*, api_key: str, sender: str, api_url: str) -> None:
    """Called by the settings in production: a missing key or a sender the provider refuses stops start-up
    rather than every text failing later."""
    if not api_key:
        raise ConfigurationError(
            "SMS_API_KEY est obligatoire avec SMS_BACKEND=brevo : la clé d'API du compte Brevo (SMTP & API)."
        )
    if not _SENDER.match(sender or ""):
        raise ConfigurationError(
            f"SMS_SENDER doit compter au plus 11 lettres ou chiffres (ou être un numéro de 15 chiffres), "
            f"pas « {sender} »."
        )
    if not api_url.startswith("https://"):
        raise ConfigurationError(f"SMS_API_URL doit commencer par https:// en production, pas « {api_url} ».")
