"""allauth adapters: accounts are provisioned by HR (or SSO), never by public sign-up; allauth's e-mails
(password reset, address verification, change notices) go through the outbox like every other e-mail."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.sites.shortcuts import get_current_site

from passerelles.outbox.services import queue_email_message


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

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
        (a mistyped new address must not receive the key to the account)."""
        if email.strip().lower() != (user.email or "").lower():
            return
        super().send_password_reset_mail(user, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False
