"""The OpenID Connect identity provider (ProConnect or any other), described by ``OIDC_*`` variables.

Read by ``settings.py`` at start-up, so nothing here imports Django models or calls the network: the
provider's discovery document is fetched only when somebody clicks the button.
"""

from urllib.parse import urlsplit

from passerelles.env import ConfigurationError, env_bool, env_str

# The provider's identifier in allauth (SocialAccount.provider) and in the URLs (/comptes/oidc/…).
PROVIDER_ID = "oidc"

PROCONNECT = "ProConnect"
DEFAULT_SCOPES = "openid email given_name usual_name uid siret idp_id"
# Where each piece of identity is read in the provider's answers (ProConnect's names by default).
DEFAULT_CLAIMS = {
    "email": "email",
    "given_name": "given_name",
    "family_name": "usual_name",
    "email_verified": "email_verified",
}
CLAIM_VARIABLES = {
    "email": "OIDC_CLAIM_EMAIL",
    "given_name": "OIDC_CLAIM_GIVEN_NAME",
    "family_name": "OIDC_CLAIM_FAMILY_NAME",
    "email_verified": "OIDC_CLAIM_EMAIL_VERIFIED",
}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def providers_setting(
    *,
    issuer: str,
    client_id: str,
    secret: str,
    name: str = PROCONNECT,
    scopes: list[str] | None = None,
    claims: dict[str, str] | None = None,
    emails_verified: bool = False,
    pkce: bool = False,
) -> dict:
    """``SOCIALACCOUNT_PROVIDERS`` for one identity provider: no ``SocialApp`` row is needed."""
    return {
        PROVIDER_ID: {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        "server_url": issuer,
                        "scope": list(scopes or DEFAULT_SCOPES.split()),
                        "claims": {**DEFAULT_CLAIMS, **(claims or {})},
                        "emails_verified": emails_verified,
                        "oauth_pkce_enabled": pkce,
                    },
                }
            ]
        }
    }


def providers_from_env() -> dict:
    """The identity provider from ``OIDC_*`` variables; ``{}`` (no button, no SSO URL) without
    ``OIDC_ISSUER_URL``."""
    issuer = (env_str("OIDC_ISSUER_URL") or "").strip()
    if not issuer:
        return {}
    parts = urlsplit(issuer)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        raise ConfigurationError(
            f"OIDC_ISSUER_URL doit être une adresse https:// (l'émetteur du fournisseur d'identité), "
            f"pas « {issuer} »."
        )
    if parts.query or parts.fragment or not parts.hostname:
        raise ConfigurationError(
            f"OIDC_ISSUER_URL doit être l'adresse de l'émetteur, sans paramètre, pas « {issuer} »."
        )
    client_id = (env_str("OIDC_CLIENT_ID") or "").strip()
    secret = (env_str("OIDC_CLIENT_SECRET") or "").strip()
    if not client_id or not secret:
        raise ConfigurationError(
            "OIDC_CLIENT_ID et OIDC_CLIENT_SECRET sont obligatoires avec OIDC_ISSUER_URL : ce sont les "
            "identifiants donnés par le fournisseur d'identité."
        )
    scopes = (env_str("OIDC_SCOPES") or DEFAULT_SCOPES).replace(",", " ").split()
    if "openid" not in scopes:
        raise ConfigurationError(
            f"OIDC_SCOPES doit contenir « openid » (scopes séparés par des espaces), pas « {' '.join(scopes)} »."
        )
    claims = {}
    for key, variable in CLAIM_VARIABLES.items():
        value = (env_str(variable) or "").strip()
        if value:
            claims[key] = value
    return providers_setting(
        issuer=issuer,
        client_id=client_id,
        secret=secret,
        name=(env_str("OIDC_PROVIDER_NAME") or "").strip() or PROCONNECT,
        scopes=scopes,
        claims=claims,
        emails_verified=env_bool("OIDC_EMAILS_VERIFIED", False),
        pkce=env_bool("OIDC_PKCE", False),
    )
