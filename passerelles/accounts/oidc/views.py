"""Signing in through the OpenID Connect provider: allauth's OpenID Connect flow, with every token checked.

What this adds to allauth's own ``openid_connect`` views:

- the ID token's signature is always verified (allauth skips it when it fetched the token itself), with its
  issuer, audience, dates and the ``nonce`` sent with the request (allauth sends none: ProConnect requires
  one);
- the discovery document must name the configured issuer;
- the user info may be a signed JWT (ProConnect) as well as JSON, and must be about the same ``sub``;
- a provider that is down, slow or answers nonsense ends on the authentication error page, never a 500;
- nothing answers (404) when no provider is configured.
"""

import json
import logging

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from requests import RequestException

from passerelles.accounts import sso
from passerelles.accounts.oidc import tokens
from passerelles.accounts.oidc.config import PROVIDER_ID, discovery_url

logger = logging.getLogger(__name__)

# Keys every discovery document must give.
REQUIRED_ENDPOINTS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")
# Claims the ID token must carry.
ID_TOKEN_CLAIMS = ("iss", "sub", "aud", "exp", "iat")
# Failures of the provider (or of the network to it) that end on the authentication error page.
PROVIDER_FAILURES = (OAuth2Error, RequestException, KeyError, ValueError, TypeError)


class OIDCAdapter(OpenIDConnectOAuth2Adapter):
    # Set by the callback view from the state stashed when the person left for the provider.
    expected_nonce: str | None = None

    def __init__(self, request):
        super().__init__(request, PROVIDER_ID)

    @property
    def openid_config(self) -> dict:
        if not hasattr(self, "_openid_config"):
            issuer = self.get_provider().app.settings["server_url"]
            config = tokens.fetch_json(discovery_url(issuer))
            missing = [key for key in REQUIRED_ENDPOINTS if not isinstance(config.get(key), str)]
            if missing:
                raise tokens.TokenError(f"discovery document without {', '.join(missing)}")
            if config["issuer"].rstrip("/") != issuer.rstrip("/"):
                raise tokens.TokenError(f"discovery names issuer {config['issuer']!r}, not {issuer!r}")
            self._openid_config = config
        return self._openid_config

    def get_callback_url(self, request, app):
        return build_absolute_uri(request, reverse("oidc_callback"), self.redirect_uri_protocol)

    def complete_login(self, request, app, token, **kwargs):
        try:
            raw_id_token = kwargs["response"].get("id_token")
            if not isinstance(raw_id_token, str) or not raw_id_token:
                raise tokens.TokenError("the token endpoint sent no id_token")
            config = self.openid_config
            id_token = tokens.verify(
                raw_id_token,
                jwks_uri=config["jwks_uri"],
                issuer=config["issuer"],
                audience=app.client_id,
                require=ID_TOKEN_CLAIMS,
            )
            self._check_id_token(id_token, app)
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(id_token["sub"]):
                raise tokens.TokenError("the user info is about another subject than the ID token")
        except (KeyError, ValueError, TypeError) as exc:
            raise tokens.TokenError(f"unexpected answer of the provider: {exc!r}") from exc
        # Kept until the login completes (see signals.py): the logout sends it back to the provider.
        request._passerelles_oidc = {
            "id_token": raw_id_token,
            "end_session_endpoint": config.get("end_session_endpoint") or "",
        }
        return self.get_provider().sociallogin_from_response(
            request, {"userinfo": userinfo, "id_token": id_token}
        )

    def _check_id_token(self, id_token: dict, app) -> None:
        audiences = id_token["aud"] if isinstance(id_token["aud"], list) else [id_token["aud"]]
        if len(audiences) > 1 and id_token.get("azp") != app.client_id:
            raise tokens.TokenError("ID token for several audiences without our azp")
        nonce = id_token.get("nonce")
        if not self.expected_nonce or not isinstance(nonce, str):
            raise tokens.TokenError("ID token without the nonce sent")
        if not constant_time_compare(nonce, self.expected_nonce):
            raise tokens.TokenError("ID token with another nonce than the one sent")
        jwtkit.verify_jti(id_token)  # a token already used is refused

    def _fetch_user_info(self, access_token: str) -> dict:
        """The user info, as JSON or as a JWT signed with the provider's keys (ProConnect)."""
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {access_token}"})
            response.raise_for_status()
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            body = response.text
        if content_type == "application/jwt":
            config = self.openid_config
            claims = tokens.verify(body.strip(), jwks_uri=config["jwks_uri"], issuer=None, audience=None)
            if "iss" in claims and claims["iss"] != config["issuer"]:
                raise tokens.TokenError("signed user info from another issuer")
            if "aud" in claims:
                audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
                if self.get_provider().app.client_id not in audiences:
                    raise tokens.TokenError("signed user info for another audience")
            return claims
        try:
            claims = json.loads(body)
        except ValueError as exc:
            raise tokens.TokenError("user info neither JSON nor a signed JWT") from exc
        if not isinstance(claims, dict):
            raise tokens.TokenError("user info is not a JSON object")
        return claims


class CallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        """allauth's state check, keeping the nonce stashed with the state for the ID token check."""
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def _provider_view(view_class):
    @login_not_required
    def view(request):
        if not sso.sso_configured():
            raise Http404
        adapter = OIDCAdapter(request)
        try:
            return view_class.adapter_view(adapter)(request)
        except PROVIDER_FAILURES as exc:
            return render_authentication_error(request, adapter.get_provider(), exception=exc)

    return view


login = _provider_view(OAuth2LoginView)
callback = _provider_view(CallbackView)


@login_not_required
def logged_out(request):
    """Where the provider sends the person back after ending its own session (post_logout_redirect_uri)."""
    if not sso.sso_configured():
        raise Http404
    request.session.pop(sso.LOGOUT_STATE_SESSION_KEY, None)
    return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))
