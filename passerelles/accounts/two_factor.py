"""Who must sign in with a second factor, and when a session is sent to enrolment.

The rule (docs/securite.md, « Double authentification et sessions »): a person holding one of the roles that
reach other people's files or sign for an organisation — HR, signatory, network coordinator, administrator —
must protect a local account with an authenticator app (TOTP). Until they have one, every page of a session
they opened with a password sends them to enrolment. Two kinds of session are exempt:

- a session opened through the organisation's identity provider (ProConnect, OpenID Connect): the provider
  is in charge of the strength of that sign-in, which allauth records as a ``"socialaccount"`` step;
- a session opened by the one-click demo login, in demo mode only (never in production, see settings.DEMO).

Anything else — a password through the sign-in page, and any session opened in some other way — counts as
a local sign-in: the rule fails closed.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings

from passerelles.access.actor import get_actor
from passerelles.access.models import TWO_FACTOR_ROLES
from passerelles.accounts.sso import came_through_sso

# Set by the one-click demo login (demo/views.py); honoured only while settings.DEMO is on.
DEMO_LOGIN_SESSION_KEY = "passerelles_demo_login"


def requires_two_factor(user) -> bool:
    """Whether ``user`` holds, in any organisation, a role that requires two-factor sign-in — or operates the
    platform (a superuser reaches every organisation through /admin/)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(get_actor(user).role_orgs.get(role) for role in TWO_FACTOR_ROLES)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def is_demo_login(request) -> bool:
    return bool(settings.DEMO and hasattr(request, "session") and request.session.get(DEMO_LOGIN_SESSION_KEY))


def must_enrol(request) -> bool:
    """Whether this request's session must go to enrolment before anything else."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return False
    if came_through_sso(request, user) or is_demo_login(request):
        return False
    return requires_two_factor(user) and not has_authenticator_app(user)
