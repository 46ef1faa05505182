from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from passerelles.access.actor import get_actor
from passerelles.core.dashboard import sections_for
from passerelles.core.todo import todo_for
from passerelles.foundation.colours import HEX_COLOUR, darken


@login_not_required
def home(request):
    """The public front page: what Passerelles is, and the way in."""
    return render(request, "core/home.html")


def dashboard(request):
    """Every role lands here; one section per role held."""
    actor = get_actor(request.user)
    return render(
        request, "core/dashboard.html", {"sections": sections_for(actor), "todo": todo_for(request.user)}
    )


def todo(request):
    """« À faire » alone, for every role held: the same list as the dashboard's first section."""
    return render(request, "core/todo.html", {"todo": todo_for(request.user)})


@login_not_required
@require_safe
def theme_stylesheet(request, colour):
    """An organisation's colours as a stylesheet, so that no page needs an inline style (the
    Content-Security-Policy allows styles from this site only). The URL carries the colour itself (six hex
    digits, checked by the URL pattern and again here): the answer depends on nothing else, reads no
    database and no text of anyone, and may be kept by browsers for a year."""
    if not HEX_COLOUR.match(f"#{colour}"):
        raise Http404
    css = f":root {{ --theme: #{colour}; --theme-dark: {darken(f'#{colour}')}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
