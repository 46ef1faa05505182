"""The OpenID Connect provider of Passerelles: allauth's, configured from the environment (config.py), with
ProConnect's claims (``usual_name``, ``uid``, ``siret``, ``idp_id``), a ``nonce`` on every request and the
flow restricted to signing in (no « connect » process, no scope or parameter added from the query string)."""

import secrets

from allauth.account.models import EmailAddress
from allauth.account.utils import get_next_redirect_url
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)
from django.urls import reverse
from django.utils.http import urlencode

from passerelles.accounts.oidc.config import DEFAULT_CLAIMS, PROVIDER_ID, discovery_url
from passerelles.accounts.oidc.views import OIDCAdapter

# Identity claims kept in SocialAccount.extra_data (nothing else the provider sends is stored).
KEPT_CLAIMS = ("sub", "uid", "siret", "idp_id")


def _claims(data: dict) -> dict:
    """The user info over the ID token: ProConnect sends the identity in the user info."""
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


class OIDCAccount(OpenIDConnectProviderAccount):
    def to_str(self):
        return self.account.extra_data.get("userinfo", {}).get("email") or super().to_str()


class OIDCProvider(OpenIDConnectProvider):
    id = PROVIDER_ID
    name = "OpenID Connect"
    account_class = OIDCAccount
    oauth2_adapter_class = OIDCAdapter
    supports_token_authentication = False

    @property
    def server_url(self):
        return discovery_url(self.app.settings["server_url"])

    def get_oauth2_adapter(self, request):
        return self.oauth2_adapter_class(request)

    def get_login_url(self, request, **kwargs):
        url = reverse("oidc_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("oidc_callback")

    def get_default_scope(self):
        return ["openid", "email"]

    def get_redirect_from_request_kwargs(self, request):
        kwargs = {
            "process": AuthProcess.LOGIN,
            "scope": self.get_scope(),
            "auth_params": self.get_auth_params(),
        }
        next_url = get_next_redirect_url(request)
        if next_url:
            kwargs["next_url"] = next_url
        return kwargs

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """To the provider, with a random nonce kept in the stashed state (the callback compares it with the
        ID token's)."""
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        return super().redirect(
            request, AuthProcess.LOGIN, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def verify_token(self, request, token):
        raise get_adapter().validation_error("invalid_token")

    def claim_name(self, key: str) -> str:
        return self.app.settings.get("claims", {}).get(key) or DEFAULT_CLAIMS[key]

    def _claim(self, data: dict, key: str) -> str:
        value = _claims(data).get(self.claim_name(key))
        return value.strip() if isinstance(value, str) else ""

    def extract_uid(self, data):
        return str(data["id_token"]["sub"])

    def extract_extra_data(self, data):
        claims = _claims(data)
        kept = {key: claims[key] for key in KEPT_CLAIMS if key in claims}
        kept["email"] = self._claim(data, "email").lower()
        return {"userinfo": kept}

    def extract_common_fields(self, data):
        return {
            "email": self._claim(data, "email").lower(),
            "first_name": self._claim(data, "given_name")[:150],
            "last_name": self._claim(data, "family_name")[:150],
        }

    def email_verified(self, data) -> bool:
        """The provider says the address is verified, or is trusted to (OIDC_EMAILS_VERIFIED) when it says
        nothing; an explicit « not verified » always wins."""
        value = _claims(data).get(self.claim_name("email_verified"))
        if value is None:
            return bool(self.app.settings.get("emails_verified"))
        return value is True or (isinstance(value, str) and value.lower() == "true")

    def extract_email_addresses(self, data):
        email = self._claim(data, "email").lower()
        if not email:
            return []
        return [EmailAddress(email=email, verified=self.email_verified(data), primary=True)]


provider_classes = [OIDCProvider]
