"""« Mon compte »: the mobile phone (verified by a code sent by SMS) and the personal e-mail address (confirmed
by a link sent to it), each given by the person's choice and removable in one step (docs/acces.md).

Whether to receive notifications by SMS is chosen on the notification preferences page; here, only the
number is kept. Right after a first sign-in with a code d'accès, these pages are offered in turn, each
with « Passer cette étape ».
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from passerelles.accounts import personal_email, sms_codes
from passerelles.accounts.code_views import WELCOME_SESSION_KEY, _allowed
from passerelles.accounts.models import SmsPurpose
from passerelles.outbox.sms import normalise_phone


def _welcome(request) -> bool:
    return bool(request.session.get(WELCOME_SESSION_KEY))


def _after_phone(request):
    return redirect("account_personal_email" if _welcome(request) else "my_account")


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Numéro de téléphone mobile"),
        max_length=30,
        help_text=gettext_lazy("Par exemple 06 12 34 56 78."),
    )

    def clean_phone(self):
        number = normalise_phone(self.cleaned_data["phone"])
        if number is None:
            raise ValidationError(
                _(
                    "Ce numéro n'est pas un numéro de mobile : tapez par exemple 06 12 34 56 78, ou +32 … à l'étranger."
                )
            )
        return number


@never_cache
@require_http_methods(["GET", "POST"])
def account_phone(request):
    """Add, change or remove the mobile number; a new number counts once the code sent to it is typed."""
    user = request.user
    form = PhoneForm(request.POST if request.POST.get("action") == "envoyer" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "retirer":
            user.phone, user.phone_verified_at = "", None
            user.save(update_fields=["phone", "phone_verified_at"])
            messages.success(
                request, _("Votre numéro est retiré. Vous ne recevrez plus de SMS de Passerelles.")
            )
            return redirect("account_phone")
        if action == "passer":
            return _after_phone(request)
        if action == "envoyer" and form.is_valid():
            if not _allowed(request, "sms_code", key=f"user:{user.pk}"):
                form.add_error(
                    "phone",
                    _("Trop de codes demandés : attendez quelques minutes avant d'en demander un autre."),
                )
            else:
                sms_codes.send_code(user, phone=form.cleaned_data["phone"], purpose=SmsPurpose.VERIFY_PHONE)
                return redirect("account_phone_verify")
    return render(request, "accounts/phone.html", {"form": form, "welcome": _welcome(request)})


class SmsCodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code reçu par SMS (6 chiffres)"), max_length=12)


@never_cache
@require_http_methods(["GET", "POST"])
def account_phone_verify(request):
    """The six digits sent to the new number: once typed, the number is the person's verified number."""
    user = request.user
    pending = sms_codes.pending(user, SmsPurpose.VERIFY_PHONE)
    if pending is None:
        return redirect("account_phone")
    form = SmsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _allowed(request, "sms_code_check"):
            form.add_error("code", _("Trop d'essais : attendez quelques minutes."))
        else:
            try:
                sms_code = sms_codes.check_code(
                    user, purpose=SmsPurpose.VERIFY_PHONE, code=form.cleaned_data["code"]
                )
            except sms_codes.SmsCodeRefused as refusal:
                form.add_error("code", str(refusal))
            else:
                user.phone, user.phone_verified_at = sms_code.phone, timezone.now()
                user.save(update_fields=["phone", "phone_verified_at"])
                messages.success(
                    request,
                    _("Votre numéro est vérifié. Il vous servira si vous oubliez votre mot de passe."),
                )
                return _after_phone(request)
    return render(
        request,
        "accounts/phone_verify.html",
        {"form": form, "pending": pending, "welcome": _welcome(request)},
    )


class PersonalEmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail personnelle"), max_length=254)


@never_cache
@require_http_methods(["GET", "POST"])
def account_personal_email(request):
    """Give a personal address (a link is sent to it: it counts once followed), or remove it in one step."""
    user = request.user
    welcome = _welcome(request)
    form = PersonalEmailForm(request.POST if request.POST.get("action") == "envoyer" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("passer", "terminer"):
            request.session.pop(WELCOME_SESSION_KEY, None)
            return redirect("dashboard")
        if action == "retirer":
            try:
                personal_email.remove(user)
            except personal_email.Refused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    _(
                        "Votre adresse personnelle est retirée. Connectez-vous désormais avec votre identifiant : %(login)s."
                    )
                    % {"login": user.login_name},
                )
            return redirect("account_personal_email")
        if action == "envoyer" and form.is_valid():
            try:
                personal_email.check_can_give(user, form.cleaned_data["email"])
            except personal_email.Refused as refusal:
                form.add_error("email", str(refusal))
            else:
                if _allowed(request, "sms_code", key=f"email:{user.pk}"):
                    _send_confirmation(request, user, form.cleaned_data["email"])
                messages.success(
                    request,
                    _(
                        "Un lien a été envoyé à %(email)s. Ouvrez-le pour confirmer l'adresse (il est valable 3 jours)."
                    )
                    % {"email": form.cleaned_data["email"]},
                )
                if welcome:
                    request.session.pop(WELCOME_SESSION_KEY, None)
                    return redirect("dashboard")
                return redirect("account_personal_email")
    return render(
        request,
        "accounts/personal_email.html",
        {"form": form, "welcome": welcome, "professional": bool(user.email and not user.email_is_personal)},
    )


def _send_confirmation(request, user, email: str) -> None:
    from passerelles.outbox.services import queue_email

    token = personal_email.make_token(user, email)
    link = settings.SITE_URL + reverse("account_personal_email_confirm", kwargs={"token": token})
    body = render_to_string("accounts/email/personal_email_confirm.txt", {"user": user, "link": link})
    queue_email(
        to=[email],
        subject=_("Passerelles : confirmez votre adresse e-mail personnelle"),
        body=body,
        user=user,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_personal_email_confirm(request, token):
    """The link sent to the personal address: a button (a mail scanner opening the link confirms nothing)."""
    try:
        user, email = personal_email.read_token(token)
    except (signing.BadSignature, personal_email.Refused) as refusal:
        message = str(refusal) if isinstance(refusal, personal_email.Refused) else ""
        return render(request, "accounts/personal_email_invalid.html", {"message": message}, status=410)
    if request.method == "POST":
        try:
            personal_email.confirm(user, email)
        except personal_email.Refused as refusal:
            return render(
                request, "accounts/personal_email_invalid.html", {"message": str(refusal)}, status=410
            )
        messages.success(
            request, _("Votre adresse personnelle est confirmée : %(email)s.") % {"email": email}
        )
        return redirect("account_personal_email" if request.user.is_authenticated else "account_login")
    return render(request, "accounts/personal_email_confirm.html", {"email": email})
