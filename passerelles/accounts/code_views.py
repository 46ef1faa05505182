"""The public pages of the way in without e-mail (docs/acces.md):

- ``/connexion/code/``: the code d'accès of a letter (typed, or filled by its QR code), then the person's
  name and identifiant and the choice of a password; then, if they want, a phone and a personal address;
- ``/connexion/mot-de-passe-sms/``: a new password with a code sent by SMS to the verified number.

Both are rate-limited through allauth's limiter (the cache shared by every process, as the login's), and
their answers never tell whether an account exists.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.core.internal import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from passerelles.accounts import access_codes, sms_codes, sso
from passerelles.accounts.models import AccessCode, SmsPurpose
from passerelles.accounts.two_factor import has_authenticator_app
from passerelles.outbox.sms import normalise_phone

CODE_SESSION_KEY = "passerelles_access_code"
RESET_SESSION_KEY = "passerelles_sms_reset"
# Set once the password is chosen: the next pages offer a phone and a personal address, each skippable.
WELCOME_SESSION_KEY = "passerelles_welcome"
BACKEND = "passerelles.accounts.backends.AccountAddressBackend"


def _allowed(request, action: str, key=None) -> bool:
    return bool(ratelimit.consume(request, app="allauth.account", action=action, key=key))


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code d'accès"), max_length=40)


@login_not_required
@never_cache
@sensitive_post_parameters("code")
def access_code_start(request):
    """Type the code of the letter (the QR code opens this page with it filled in)."""
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:40]})
    if request.method == "POST" and form.is_valid():
        if not _allowed(request, "access_code"):
            return render(request, "accounts/code/throttled.html", status=429)
        try:
            access_code = access_codes.find_usable(form.cleaned_data["code"])
        except access_codes.CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            request.session[CODE_SESSION_KEY] = access_code.pk
            return redirect("access_code_password")
    return render(request, "accounts/code/start.html", {"form": form})


def _pending_code(request) -> AccessCode | None:
    """The code typed in this session, if it still opens its account."""
    pk = request.session.get(CODE_SESSION_KEY)
    access_code = AccessCode.objects.select_related("user").filter(pk=pk).first() if pk else None
    if access_code is None:
        return None
    if (
        access_code.used_at
        or access_code.revoked_at
        or access_code.expires_at <= timezone.now()
        or not access_code.user.is_active
    ):
        request.session.pop(CODE_SESSION_KEY, None)
        return None
    return access_code


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def access_code_password(request):
    """The name and identifiant the code opens, and the choice of a password."""
    access_code = _pending_code(request)
    if access_code is None:
        messages.error(request, _("Tapez d'abord le code d'accès de votre lettre."))
        return redirect("access_code_start")
    user = access_code.user
    refused_by_sso = sso.requires_sso(user)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and not refused_by_sso and form.is_valid():
        try:
            user = access_codes.redeem(access_code, form.cleaned_data["new_password1"])
        except access_codes.CodeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("access_code_start")
        request.session.pop(CODE_SESSION_KEY, None)
        if has_authenticator_app(user):
            # The account has a second factor: signing in goes through it, never around it.
            messages.success(
                request, _("Votre mot de passe est enregistré. Connectez-vous avec votre identifiant.")
            )
            return redirect("account_login")
        login(request, user, backend=BACKEND)
        record_authentication(request, user, method="password", username=user.login_name or "")
        request.session[WELCOME_SESSION_KEY] = True
        messages.success(request, _("Bienvenue ! Votre mot de passe est enregistré."))
        return redirect("account_phone")
    return render(
        request,
        "accounts/code/password.html",
        {"person": user, "form": form, "refused_by_sso": refused_by_sso, "sso_name": sso.provider_name()},
    )


# --- Password recovery by SMS -------------------------------------------------------------------------


class ResetRequestForm(forms.Form):
    login = forms.CharField(label=gettext_lazy("Identifiant ou numéro de téléphone mobile"), max_length=60)


def _account_for_reset(text: str):
    """The active account named by an identifiant or a verified number (one only), or None."""
    User = get_user_model()
    text = (text or "").strip()
    phone = normalise_phone(text)
    if phone:
        users = list(User.objects.filter(phone=phone, phone_verified_at__isnull=False, is_active=True)[:2])
        return users[0] if len(users) == 1 else None
    return User.objects.filter(login_name=text.lower(), is_active=True).first() if text else None


@login_not_required
@never_cache
def password_reset_sms(request):
    """Identifiant or number: a code goes to the verified phone, if there is one; the answer is the same."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["login"].strip().lower()
        if not _allowed(request, "sms_code", key=f"reset:{typed}"):
            return render(request, "accounts/code/throttled.html", status=429)
        user = _account_for_reset(typed)
        if user is not None and (not user.phone or not user.phone_verified_at or sso.requires_sso(user)):
            user = None
        if user is not None and _allowed(request, "sms_code", key=f"user:{user.pk}"):
            sms_codes.send_code(user, phone=user.phone, purpose=SmsPurpose.RESET_PASSWORD)
        request.session[RESET_SESSION_KEY] = {"user": user.pk if user else None, "tries": 0}
        return redirect("password_reset_sms_code")
    return render(request, "accounts/code/reset_request.html", {"form": form})


class ResetCodeForm(SetPasswordForm):
    code = forms.CharField(label=gettext_lazy("Code reçu par SMS (6 chiffres)"), max_length=12)
    field_order = ["code", "new_password1", "new_password2"]


@login_not_required
@never_cache
@sensitive_post_parameters("code", "new_password1", "new_password2")
def password_reset_sms_code(request):
    """The code received and the new password. An unknown account gets the same answers as a known one."""
    state = request.session.get(RESET_SESSION_KEY)
    if not isinstance(state, dict):
        return redirect("password_reset_sms")
    User = get_user_model()
    user = User.objects.filter(pk=state.get("user"), is_active=True).first() if state.get("user") else None
    form = ResetCodeForm(user or User(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _allowed(request, "sms_code_check"):
            return render(request, "accounts/code/throttled.html", status=429)
        try:
            if user is None:
                state["tries"] = state.get("tries", 0) + 1
                request.session[RESET_SESSION_KEY] = state
                left = sms_codes.MAX_ATTEMPTS - state["tries"]
                raise sms_codes.SmsCodeRefused(
                    _("Code incorrect. Vérifiez les 6 chiffres reçus par SMS (encore %(left)d essai(s)).")
                    % {"left": left}
                    if left > 0
                    else _("Code incorrect, et plus d'essai possible : demandez un nouveau code.")
                )
            sms_codes.check_code(user, purpose=SmsPurpose.RESET_PASSWORD, code=form.cleaned_data["code"])
        except sms_codes.SmsCodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            form.save()
            request.session.pop(RESET_SESSION_KEY, None)
            messages.success(
                request,
                _("Votre mot de passe est changé. Connectez-vous avec votre identifiant et ce mot de passe."),
            )
            return redirect("account_login")
    return render(request, "accounts/code/reset_code.html", {"form": form})
