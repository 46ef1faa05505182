"""allauth adapters: accounts are provisioned by HR (or SSO), never by public sign-up; allauth's e-mails
(password reset, address verification, change notices) go through the outbox like every other e-mail.

Single sign-on (ProConnect or another OpenID Connect provider, see ``passerelles/accounts/oidc/``) only
opens accounts Passerelles already knows, by a verified address (``services.account_for_verified_address``);
people of an organisation that signs in through the provider only are refused a password login and sent no
reset link (``sso.requires_sso``)."""

import logging
import secrets
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import render
from django.utils.translation import gettext as _

from passerelles.accounts import sso
from passerelles.accounts.services import account_for_verified_address, is_known_person
from passerelles.outbox.services import queue_email_message

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def authenticate(self, request, **credentials):
        """Every password login (the login form, re-authentication) comes here; the admin is for platform
        superusers, who are exempt. A right password of a person who must sign in through the provider is
        refused with a message that says so — only once the password is checked, so that it reveals nothing
        to whoever does not know it."""
        user = super().authenticate(request, **credentials)
        if user is not None and sso.requires_sso(user):
            name = sso.provider_name()
            raise forms.ValidationError(
                _("Votre organisation utilise %(name)s : connectez-vous avec le bouton %(name)s.")
                % {"name": name}
            )
        return user

    def send_mail(self, template_prefix, email, context):
        """Write the e-mail to the outbox instead of sending it here: a mail server that is down or slow
        never turns a password reset into an error page; the message waits and is retried."""
        from passerelles.accounts.models import User

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        user = context.get("user") or User.objects.filter(email=email.strip().lower()).first()
        queue_email_message(message, user=user)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A sign-in of the last few minutes counts as a confirmation of identity: someone just sent to
        enrolment is not asked their password a second time (allauth only counts explicit confirmations)."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        user = getattr(request, "user", None)
        records = get_authentication_records(request, user) if user is not None else []
        return not (records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT)

    def get_login_stages(self):
        """allauth's stages, with the authenticator code skipped after an identity provider's sign-in."""
        return [
            "passerelles.accounts.stages.AuthenticateUnlessSSOStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def send_password_reset_mail(self, user, email, context):
        """Only to the account's own address: an address waiting for confirmation is not yet the person's
        (a mistyped new address must not receive the key to the account). Nothing to a person who signs in
        through the provider only — the page says the same as for an unknown address."""
        if email.strip().lower() != (user.email or "").lower():
            return
        if sso.requires_sso(user):
            return
        super().send_password_reset_mail(user, email, context)

    def get_logout_redirect_url(self, request):
        """After signing in through the provider, logging out also ends the provider's session."""
        return sso.provider_logout_url(request) or super().get_logout_redirect_url(request)

    def logout(self, request):
        state = getattr(request, "_passerelles_logout_state", None)
        super().logout(request)
        if state:
            request.session[sso.LOGOUT_STATE_SESSION_KEY] = state


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def generate_state_param(self, state):
        """ProConnect wants a state of 32 characters at least (allauth's has 16)."""
        return secrets.token_urlsafe(32)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        user.first_name, user.last_name = user.first_name[:150], user.last_name[:150]
        return user

    def pre_social_login(self, request, sociallogin):
        """Let in only people Passerelles knows: an account already linked to this identity that is still
        active and known, or the account of the verified address the provider gives (connected here to the
        identity). Anyone else gets the « unknown address » page and nothing is created."""
        if sociallogin.is_existing:
            if is_known_person(sociallogin.user):
                return
            self._refuse(request, "linked account no longer active or known")
        address = next((a for a in sociallogin.email_addresses if a.primary), None)
        if address is None or not address.verified:
            self._refuse(request, "no verified address")
        user = account_for_verified_address(
            address.email, first_name=sociallogin.user.first_name, last_name=sociallogin.user.last_name
        )
        if user is None:
            self._refuse(request, "address not known")
        sociallogin.connect(request, user)

    def _refuse(self, request, reason):
        logger.info("Sign-in through the identity provider refused: %s.", reason)
        response = render(
            request,
            "socialaccount/unknown_person.html",
            {"sso_provider_name": sso.provider_name()},
            status=403,
        )
        raise ImmediateHttpResponse(response)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        logger.warning("Sign-in through the identity provider failed (%s): %r", error, exception)
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
