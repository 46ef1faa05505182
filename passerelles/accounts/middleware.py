"""Session middlewares: two-factor enrolment (accounts/two_factor.py) and the activity of the sessions list."""

import time

from django.conf import settings
from django.shortcuts import redirect

from passerelles.accounts.two_factor import must_enrol

# What a person sent to enrolment may still reach: enrolment itself (and allauth's page around it, and the
# confirmation of their password it may ask first), the sign-in and sign-out pages, the language switch, and
# the colours' stylesheet that every page links to (redirected, it would render the enrolment page again and
# draw a new secret behind the one being typed).
OPEN_DURING_ENROLMENT = frozenset(
    {
        "theme_stylesheet",
        "mfa_activate_totp",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_login",
        "account_logout",
        "demo_login",
        "set_language",
    }
)


class TwoFactorEnrolmentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.two_factor_required = False
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.STATIC_URL) or not must_enrol(request):
            return None
        request.two_factor_required = True
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_DURING_ENROLMENT:
            return None
        return redirect("mfa_activate_totp")


class SessionActivityMiddleware:
    """allauth's list of one's sessions, with « last seen » written at most once a minute per session.

    allauth's own middleware (USERSESSIONS_TRACK_ACTIVITY) writes the session row on every request: a
    database write per page view. Here the row is refreshed when a minute has passed, or at once when the
    address or the browser changed (what the sessions page shows). The row itself is created at sign-in by
    allauth (its user_logged_in receiver).
    """

    SEEN_KEY = "passerelles_session_seen"
    EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None and session.session_key:
            from allauth.account.adapter import get_adapter
            from allauth.usersessions.models import UserSession

            client = f"{get_adapter().get_client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:200]}"
            seen = session.get(self.SEEN_KEY) or {}
            now = time.time()
            if seen.get("client") != client or now - seen.get("at", 0) >= self.EVERY:
                UserSession.objects.create_from_request(request)
                session[self.SEEN_KEY] = {"client": client, "at": now}
        return self.get_response(request)
