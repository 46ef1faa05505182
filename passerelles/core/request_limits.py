"""A request whose declared body is too big is refused (413) before a byte of it is read.

Runs first in the middleware list: nothing before it touches ``request.POST`` or ``request.body``. The front
server should refuse the same requests even earlier (nginx ``client_max_body_size``, docs/fichiers.md); this is
the application's own guard, for when it runs without one.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{text}</p></main></body></html>
"""


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.MAX_REQUEST_BYTES
        if declared > limit:
            return too_large(limit)
        return self.get_response(request)


def too_large(limit: int) -> HttpResponse:
    title = _("Envoi trop volumineux")
    text = _(
        "Ce que vous envoyez dépasse %(size)s Mo : rien n'a été reçu. Réduisez la taille du fichier, ou "
        "envoyez-le en plusieurs fois."
    ) % {"size": limit // (1024 * 1024)}
    response = HttpResponse(PAGE.format(title=escape(title), text=escape(text)), status=413)
    response["Connection"] = "close"  # the unread body must not be taken for the next request
    return response
