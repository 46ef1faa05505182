"""Single sign-on (ProConnect or another OpenID Connect provider): the rules other parts rely on.

- ``sso_configured()``: a provider is configured (``OIDC_ISSUER_URL``…): the button shows, the URLs answer.
- ``requires_sso(user)``: the person belongs to an organisation that signs in through the provider only;
  their password is then refused and no reset link is sent to them.
- ``came_through_sso(request)``: the current session was opened through the provider.
- ``provider_logout_url(request)``: where logging out sends the person so that the provider's session ends
  too (RP-initiated logout), or None.
"""

import secrets

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from passerelles.accounts.oidc.config import PROCONNECT, PROVIDER_ID

# What the logout needs, kept in the session at sign-in: {"id_token": …, "end_session_endpoint": …}.
SESSION_KEY = "passerelles_oidc"
# The state sent to the provider's end_session_endpoint, kept in the new session after logout.
LOGOUT_STATE_SESSION_KEY = "passerelles_oidc_logout_state"


def _app_config() -> dict | None:
    apps = (getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get(PROVIDER_ID) or {}).get("APPS") or []
    return apps[0] if apps else None


def sso_configured() -> bool:
    return _app_config() is not None


def provider_name() -> str:
    config = _app_config()
    return (config or {}).get("name") or PROCONNECT


def requires_sso(user) -> bool:
    """True when ``user`` has an active agent profile or any role in an organisation that signs in through
    the provider only (``Organisation.sso_only``). Platform superusers are exempt; nothing is required while
    no provider is configured (nobody could sign in at all)."""
    if user is None or not getattr(user, "pk", None) or user.is_superuser or not sso_configured():
        return False
    from passerelles.organisations.models import Organisation

    return (
        Organisation.objects.filter(sso_only=True)
        .filter(Q(agents__user=user, agents__is_active=True) | Q(role_memberships__user=user))
        .exists()
    )


def came_through_sso(request, user=None) -> bool:
    """The current session was opened by signing in through the provider (allauth's authentication records
    say « socialaccount » with our provider). ``user``: the person signing in, while allauth's login stages
    run and ``request.user`` is not yet them."""
    from allauth.account.internal.flows.login import get_authentication_records

    user = user if user is not None else getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return False
    records = get_authentication_records(request, user)
    return any(
        record.get("method") == "socialaccount" and record.get("provider") == PROVIDER_ID
        for record in records
    )


def provider_logout_url(request) -> str | None:
    """The provider's end_session_endpoint with the ID token of this session, or None (signed in with a
    password, provider without end_session_endpoint, provider no longer configured)."""
    details = request.session.get(SESSION_KEY)
    if not sso_configured() or not isinstance(details, dict):
        return None
    endpoint, id_token = details.get("end_session_endpoint"), details.get("id_token")
    if not endpoint or not id_token:
        return None
    state = secrets.token_urlsafe(32)
    request._passerelles_logout_state = state  # put in the new session once the old one is flushed
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": state,
            "post_logout_redirect_uri": settings.SITE_URL + reverse("oidc_logged_out"),
        }
    )
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{query}"
