from allauth.account.views import email as allauth_email_view
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from passerelles.accounts.services import trust_account_address
from passerelles.accounts.sessions import end_sessions, open_sessions
from passerelles.accounts.two_factor import came_through_sso, requires_two_factor


def email_settings(request, *args, **kwargs):
    """allauth's « Adresse e-mail » page, after making sure the account's current address is the verified
    one: a new address must then be confirmed before it replaces it."""
    if request.user.is_authenticated:
        trust_account_address(request.user)
    return allauth_email_view(request, *args, **kwargs)


def my_account(request):
    """« Mon compte »: what protects the account (address, password, two-factor sign-in, open sessions)."""
    user = request.user
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return render(
        request,
        "accounts/my_account.html",
        {
            "has_totp": Authenticator.Type.TOTP in types,
            "two_factor_by_role": requires_two_factor(user),
            "came_through_sso": came_through_sso(request),
            "session_count": len(open_sessions(user)),
            "login_label": user.email or user.login_name or "",
        },
    )


@require_http_methods(["GET", "POST"])
def account_sessions(request):
    """The person's open sessions; ending another one (or all the others) asks for a confirmation first.
    Only the person's own sessions can be named: any other value ends nothing."""
    sessions = open_sessions(request.user)
    current = request.session.session_key
    others = [s for s in sessions if s.session_key != current]
    if request.method == "POST":
        target = request.POST.get("session", "")
        chosen = others if target == "autres" else [s for s in others if str(s.pk) == target]
        if not chosen:
            messages.error(request, _("Cette session est déjà terminée, ou n'est pas l'une des vôtres."))
            return redirect("account_sessions")
        if request.POST.get("confirm") != "oui":
            return render(
                request,
                "accounts/sessions_confirm.html",
                {"chosen": chosen, "target": target, "all": target == "autres"},
            )
        end_sessions(chosen)
        messages.success(
            request,
            ngettext(
                "La session a été terminée : l'appareil devra se reconnecter.",
                "%(count)d sessions ont été terminées : ces appareils devront se reconnecter.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )
        return redirect("account_sessions")
    return render(
        request, "accounts/sessions.html", {"sessions": sessions, "current_key": current, "others": others}
    )
