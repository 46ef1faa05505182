"""« Mon agenda » (the page where a person makes, replaces or deletes the secret address of their calendar
feed) and the feed itself, read by calendar applications without a session."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from passerelles.calendars import feed, services
from passerelles.calendars.models import CalendarFeed

# The secret, between the POST that made it and the page that shows it once (then forgotten).
SHOWN_ONCE = "calendars.new_address"
ACTIONS = ("creer", "remplacer", "supprimer")


def feed_address(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('calendar_feed', kwargs={'token': token})}"


@require_http_methods(["GET", "POST"])
def my_calendar(request):
    current = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Action inconnue : rien n'a changé."))
            return render(request, "calendars/my_calendar.html", {"feed": current, "address": ""}, status=400)
        if action == "supprimer":
            if services.delete_address(request.user):
                messages.success(
                    request, _("Le lien est supprimé : les agendas abonnés ne reçoivent plus rien.")
                )
            else:
                messages.info(request, _("Vous n'aviez pas de lien d'agenda."))
            return redirect("my_calendar")
        token = services.new_address(request.user)
        request.session[SHOWN_ONCE] = token
        if current is not None:
            messages.success(request, _("Un nouveau lien est créé : l'ancien ne fonctionne plus."))
        else:
            messages.success(request, _("Votre lien d'agenda est créé."))
        return redirect("my_calendar")
    token = request.session.pop(SHOWN_ONCE, "")
    address = feed_address(token) if token and current is not None else ""
    return render(request, "calendars/my_calendar.html", {"feed": current, "address": address})


@login_not_required
@require_safe
def calendar_feed(request, token):
    """The feed a calendar application subscribes to. No session: the secret address is the key. An unknown,
    replaced or deleted address, or a closed account, answers the same 404 as an address that never existed."""
    found = services.feed_for(token)
    if found is None:
        raise Http404
    services.mark_read(found)
    response = HttpResponse(feed.feed_ics(feed.events(found.user)), content_type=feed.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{feed.FILENAME}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
