from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from passerelles.notifications.models import Notification


def notification_list(request):
    """The notification centre: what asks something of me first; opening the page marks the rest as read."""
    notifications = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    page = Paginator(notifications, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page, "querystring": ""})
