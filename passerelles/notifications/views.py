from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from passerelles.accounts.models import User
from passerelles.notifications import preferences
from passerelles.notifications.emails import DIGEST, read_unsubscribe_token
from passerelles.notifications.forms import PreferencesForm
from passerelles.notifications.models import ALWAYS_ON, SMS_KINDS, EmailChoice, Notification, NotificationKind


def notification_list(request):
    """The notification centre: what asks something of me first; opening the page marks the rest as read."""
    notifications = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    shown = notifications.select_related("email", "sms").defer(
        "email__body", "email__html_body", "email__attachments"
    )
    page = Paginator(shown, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page, "querystring": ""})


def _set_sms(user, wanted: bool) -> None:
    """The person's own choice to receive SMS (a « STOP » reply lands in ``sms_opted_out_at`` too)."""
    if wanted == user.can_receive_sms:
        return
    now = timezone.now()
    if wanted:
        user.sms_opted_in_at = now
    else:
        user.sms_opted_out_at = now
    user.save(update_fields=["sms_opted_in_at", "sms_opted_out_at"])


@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    """« Mes notifications »: per kind, e-mail each time, in the daily summary or never, and SMS for the
    few kinds that may be urgent. Nothing is saved unless every choice is valid."""
    user = request.user
    form = PreferencesForm(request.POST or None, user=user, current=preferences.choices_for(user))
    if request.method == "POST":
        if form.is_valid():
            try:
                preferences.save_choices(user, form.choices())
            except ValueError as refusal:
                form.add_error(None, str(refusal))
            else:
                if "sms_on" in form.fields:
                    _set_sms(user, form.cleaned_data["sms_on"] == "oui")
                if form.cleaned_data["language"] != user.language:
                    user.language = form.cleaned_data["language"]
                    user.save(update_fields=["language"])
                messages.success(request, _("Vos préférences sont enregistrées."))
                return redirect("notification_preferences")
        messages.error(request, _("Vos préférences ne sont pas enregistrées : corrigez les choix signalés."))
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "sms_kinds": [NotificationKind(k).label for k in NotificationKind.values if k in SMS_KINDS],
        },
    )


def _unsubscribe_kinds(user, kind: str) -> list[str]:
    if kind != DIGEST:
        return [kind]
    current = preferences.choices_for(user)
    return [k for k, choice in current.items() if choice.email == EmailChoice.DAILY and k not in ALWAYS_ON]


@login_not_required
@csrf_exempt  # RFC 8058: the mail client posts « List-Unsubscribe=One-Click » without cookie or form
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request, token):
    """The link of an e-mail's footer and of its ``List-Unsubscribe`` header: GET asks to confirm, POST (the
    mail client's one click, or the button) turns that kind's e-mails to « jamais ». The signed token is the
    only right needed; a forged one changes nothing."""
    decoded = read_unsubscribe_token(token)
    user = User.objects.filter(pk=decoded[0], is_active=True).first() if decoded else None
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"state": "invalid"}, status=400)
    kind = decoded[1]
    context = {
        "kind": kind,
        "digest": kind == DIGEST,
        "label": "" if kind == DIGEST else NotificationKind(kind).label,
        "always_on": kind in ALWAYS_ON,
    }
    if kind in ALWAYS_ON:
        return render(request, "notifications/unsubscribe.html", {**context, "state": "always_on"})
    if request.method == "POST":
        preferences.stop_emails(user, _unsubscribe_kinds(user, kind))
        return render(request, "notifications/unsubscribe.html", {**context, "state": "done"})
    return render(request, "notifications/unsubscribe.html", {**context, "state": "confirm"})
