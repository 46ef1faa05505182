"""The SMS provider's callbacks: public POST addresses, protected by a secret token in the path.

``/sms/entrant/<jeton>/`` receives the answers (« STOP »), ``/sms/statut/<jeton>/`` the delivery reports
(``passerelles.outbox.inbound`` reads both kinds on both). The token is ``SMS_WEBHOOK_TOKEN``, compared in
constant time; without it, or with another one, both answer 404 to every method, so that a visitor learns
nothing, not even that the address exists. The answer never says which events matched a text or a person.
"""

import hmac
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from passerelles.outbox import inbound

logger = logging.getLogger(__name__)


def _check_token(token: str) -> None:
    expected = settings.SMS_WEBHOOK_TOKEN or ""
    if not expected or not hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8")):
        raise Http404


def _receive(request, token: str):
    _check_token(token)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    content_type = request.content_type or ""
    try:
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            events = inbound.read_form(request.POST)  # a middleware may have read the body as a form already
        else:
            events = inbound.read_events(request.body)
    except inbound.UnreadablePayload:
        return HttpResponse(
            _("Contenu illisible : un objet JSON (ou une liste d'objets, ou un formulaire) est attendu."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    counts = inbound.handle(events)
    logger.info("SMS provider events: %s", counts)
    return JsonResponse({"evenements": len(events)})


@csrf_exempt
@login_not_required
def sms_inbound(request, token):
    """Answers to our texts: « STOP » stops every account with that number."""
    return _receive(request, token)


@csrf_exempt
@login_not_required
def sms_status(request, token):
    """Delivery reports, kept on the outbox row with the provider's id."""
    return _receive(request, token)
