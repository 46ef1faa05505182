"""Send the sessions that must enrol in two-factor sign-in to the enrolment page (accounts/two_factor.py)."""

from django.conf import settings
from django.shortcuts import redirect

from passerelles.accounts.two_factor import must_enrol

# What a person sent to enrolment may still reach: enrolment itself (and allauth's page around it, and the
# confirmation of their password it may ask first), the sign-in and sign-out pages, the language switch.
OPEN_DURING_ENROLMENT = frozenset(
    {
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
