"""One error body for every failure, in French or English (the ``Accept-Language`` header; French by default).

``{"code": "…", "message": "…", "errors": [{"location": "query", "field": "limit", "message": "…"}]}``: the code
is stable (programs test it), the message is for the person reading the logs. Nothing of the request is echoed
back (a hostile value stays where it came from).
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

# what the OpenAPI document promises each operation may answer besides its success
ERROR_CODES = frozenset({400, 401, 403, 404, 422, 429})


class FieldError(Schema):
    location: str
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[FieldError] = []


class ApiProblem(HttpError):
    """An error a use case raises with its own stable code and message (already translated)."""

    def __init__(self, status_code: int, code: str, message: str, errors: list[dict] | None = None):
        super().__init__(status_code, message)
        self.code, self.errors = code, errors or []


def language(request) -> str:
    """French unless the caller asks for English first (``Accept-Language: en``)."""
    asked = translation.get_language_from_request(request, check_path=False) or settings.LANGUAGE_CODE
    return "en" if asked.startswith("en") else "fr"


# pydantic's error types, said simply (its own English messages would mix languages in one body)
def _field_message(kind: str) -> str:
    messages = {
        "missing": _("Ce champ est obligatoire."),
        "int_parsing": _("Un nombre entier est attendu."),
        "int_type": _("Un nombre entier est attendu."),
        "bool_parsing": _("« true » ou « false » est attendu."),
        "bool_type": _("« true » ou « false » est attendu."),
        "string_type": _("Un texte est attendu."),
        "string_too_long": _("Ce texte est trop long."),
        "string_too_short": _("Ce texte est trop court."),
        "greater_than_equal": _("Cette valeur est trop petite."),
        "less_than_equal": _("Cette valeur est trop grande."),
        "greater_than": _("Cette valeur est trop petite."),
        "less_than": _("Cette valeur est trop grande."),
        "date_from_datetime_parsing": _("Une date est attendue, par exemple 2026-01-31."),
        "date_parsing": _("Une date est attendue, par exemple 2026-01-31."),
        "date_type": _("Une date est attendue, par exemple 2026-01-31."),
        "enum": _("Cette valeur n'est pas une des valeurs permises."),
        "literal_error": _("Cette valeur n'est pas une des valeurs permises."),
        "list_type": _("Une liste est attendue."),
        "too_long": _("Cette liste est trop longue."),
        "json_invalid": _("Le corps de la requête n'est pas un JSON valide."),
        "model_attributes_type": _("Un objet JSON est attendu."),
        "dict_type": _("Un objet JSON est attendu."),
        "extra_forbidden": _("Ce champ n'est pas attendu."),
    }
    return str(messages.get(kind, _("Valeur invalide.")))


def _body(code: str, message: str, errors: list[dict] | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or []}


def _validation(request, exc: ValidationError, api):
    with translation.override(language(request)):
        errors = []
        for error in exc.errors:
            where = [str(part) for part in error.get("loc", ())]
            errors.append(
                {
                    "location": where[0] if where else "",
                    "field": ".".join(where[1:]),
                    "message": _field_message(str(error.get("type", ""))),
                }
            )
        body = _body("invalid", _("Certaines valeurs sont invalides : rien n'a été fait."), errors)
    return api.create_response(request, body, status=422)


def _http_error(request, exc: HttpError, api):
    with translation.override(language(request)):
        if isinstance(exc, ApiProblem):
            body = _body(exc.code, exc.message, exc.errors)
        elif isinstance(exc, Throttled):
            body = _body("throttled", _("Trop de requêtes pour cette clé : réessayez dans un moment."))
        elif isinstance(exc, AuthenticationError):
            body = _body(
                "unauthenticated",
                _("Clé d'API manquante, inconnue ou révoquée (en-tête « Authorization: Bearer <clé> »)."),
            )
        elif isinstance(exc, AuthorizationError) or exc.status_code == 403:
            body = _body("forbidden", _("Cette clé ne permet pas cette action."))
        else:
            body = _body("error", _("La requête n'a pas pu être traitée."))
    response = api.create_response(request, body, status=exc.status_code)
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(max(1, int(exc.wait)))
    return response


def _not_found(request, exc, api):
    with translation.override(language(request)):
        body = _body("not_found", _("Introuvable, ou hors de ce que cette clé peut lire."))
    return api.create_response(request, body, status=404)


def _forbidden(request, exc, api):
    with translation.override(language(request)):
        body = _body("forbidden", _("Cette clé ne permet pas cette action."))
    return api.create_response(request, body, status=403)


def install(api) -> None:
    from django.core.exceptions import PermissionDenied

    api.add_exception_handler(ValidationError, lambda request, exc: _validation(request, exc, api))
    api.add_exception_handler(HttpError, lambda request, exc: _http_error(request, exc, api))
    api.add_exception_handler(Http404, lambda request, exc: _not_found(request, exc, api))
    api.add_exception_handler(PermissionDenied, lambda request, exc: _forbidden(request, exc, api))
