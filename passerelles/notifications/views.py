from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.accounts.models import User
from passerelles.notifications.models import Notification


def notification_list(request):
    """The notification centre: what asks something of me first; opening the page marks the rest as read."""
    notifications = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    shown = notifications.select_related("email").defer(
        "email__body", "email__html_body", "email__attachments"
    )
    page = Paginator(shown, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page, "querystring": ""})


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}


def notification_preferences(request):
    """How often to receive e-mails: at each notification, or one summary a day."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("notifications")
    return render(request, "notifications/preferences.html", {"form": form})
