"""After a sign-in through the provider: keep what the logout will need in the new session."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from passerelles.accounts import sso


@receiver(user_logged_in)
def keep_provider_session(sender, request, user, sociallogin=None, **kwargs):
    details = getattr(request, "_passerelles_oidc", None)
    if sociallogin is None or details is None:
        return
    request.session[sso.SESSION_KEY] = details
