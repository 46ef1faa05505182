"""Site-wide response details.

French first: the interface language is French unless the person chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header, and many agents' browsers are
set to English without them knowing; the explicit choice (the language cookie set by the switch) is
the only thing that changes the language here.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Tell browsers that no page may use the camera, the microphone, the location… (settings.PERMISSIONS_POLICY).

    One header: a dependency for it would be more code than this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseNullCharactersMiddleware:
    """A NUL character in a query string or a form value is refused at the boundary (400).

    No person types one; PostgreSQL refuses to store or compare one, so a view that reads a value without a
    form (a comment, a reason) would answer 500. Django's forms refuse it too: this covers the rest.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = request.POST.lists() if request.method == "POST" else ()
        for _name, items in (*request.GET.lists(), *values):
            if any("\x00" in item for item in items if isinstance(item, str)):
                if request.path.startswith("/api/"):  # a program reads the API's own error body
                    return JsonResponse(
                        {
                            "code": "bad_request",
                            "message": _("Caractère nul refusé dans un paramètre."),
                            "errors": [],
                        },
                        status=400,
                    )
                raise BadRequest("NUL character in a parameter")
        return self.get_response(request)
