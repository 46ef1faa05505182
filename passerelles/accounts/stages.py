"""allauth's login stage asking the authenticator code, skipped for a sign-in through an identity provider:
ProConnect / OpenID Connect is in charge of the strength of that sign-in (accounts/two_factor.py)."""

from allauth.mfa.stages import AuthenticateStage

from passerelles.accounts.two_factor import came_through_sso


class AuthenticateUnlessSSOStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        if self.login.user is not None and came_through_sso(request, self.login.user):
            return False
        return super()._should_handle(request)
