"""The SMS provider adapter: Brevo's transactional SMS API (a French provider, HTTPS and JSON).

``SMS_BACKEND=brevo`` with ``SMS_API_KEY`` (the account's API key, sent in the ``api-key`` header),
``SMS_SENDER`` (the name shown on the phone: at most 11 letters or digits, or a number of 15 digits),
``SMS_API_URL`` (``https://api.brevo.com/v3/transactionalSMS/send`` by default; overridable for a proxy
or the tests' local server) and ``SMS_TIMEOUT`` (seconds allowed to the request).

One ``POST`` per text, JSON body ``{"sender", "recipient", "content", "type": "transactional", "tag",
"unicodeEnabled", "webUrl"}``, the recipient in international form without its ``+``; the answer
``{"messageId": …}`` is the provider's id, kept on the outbox row so that its delivery reports (sent to
``webUrl``, our ``/sms/statut/<jeton>/``) find the row. A refusal (``{"code", "message"}`` with a 4xx status)
or a failure becomes a French sentence on the row; a malformed request (400) is not retried.

References: https://developers.brevo.com/docs/transactional-sms-endpoints (endpoint, header, body),
https://developers.brevo.com/changelog/deprecated-endpoint-post-v3transactionalsmssms (the ``/send``
endpoint and its ``{"messageId"}`` answer), https://developers.brevo.com/docs/transactional-webhooks (the
delivery and reply events read by ``passerelles.outbox.inbound``).
"""

import json
import logging
import socket
import urllib.error
import urllib.request

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.outbox.sms_gateway import SMSBackend, SMSGatewayError

logger = logging.getLogger(__name__)

# The GSM 03.38 alphabet (and its extension table): a text outside it is sent as Unicode (70 characters a part).
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


def is_gsm(text: str) -> bool:
    return all(char in _GSM for char in text)


def status_callback_url() -> str:
    """Where the provider reports delivery: our status webhook, when its token is configured."""
    if not settings.SMS_WEBHOOK_TOKEN:
        return ""
    return settings.SITE_URL + reverse("sms_status", kwargs={"token": settings.SMS_WEBHOOK_TOKEN})


def _provider_message(raw: bytes) -> str:
    try:
        answer = json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        return raw.decode("utf-8", "replace").strip()[:200]
    if isinstance(answer, dict):
        return str(answer.get("message") or answer.get("code") or "")[:200]
    return ""


def describe_refusal(status: int, raw: bytes) -> SMSGatewayError:
    detail = _provider_message(raw) or _("sans précision")
    values = {"status": status, "detail": detail}
    if status in (401, 403):
        return SMSGatewayError(
            _("Le prestataire SMS refuse la clé d'API (SMS_API_KEY) ou cet usage (%(status)s) : %(detail)s")
            % values
        )
    if status == 402:
        return SMSGatewayError(_("Crédit SMS épuisé chez le prestataire (%(status)s) : %(detail)s") % values)
    if status == 429:
        return SMSGatewayError(
            _("Le prestataire SMS demande de ralentir les envois (%(status)s) : %(detail)s") % values
        )
    if status >= 500:
        return SMSGatewayError(_("Le prestataire SMS est en difficulté (%(status)s) : %(detail)s") % values)
    if status in (400, 422):
        return SMSGatewayError(
            _("Le prestataire SMS refuse ce message (%(status)s) : %(detail)s") % values, permanent=True
        )
    return SMSGatewayError(_("Le prestataire SMS a répondu %(status)s : %(detail)s") % values)


def _timeout() -> SMSGatewayError:
    return SMSGatewayError(
        _("Le prestataire SMS n'a pas répondu dans le délai de %(seconds)s s.")
        % {"seconds": settings.SMS_TIMEOUT}
    )


class BrevoBackend(SMSBackend):
    """Brevo transactional SMS (see the module docstring)."""

    def send(self, to: str, body: str) -> str:
        if not settings.SMS_API_KEY:
            raise SMSGatewayError(_("SMS_API_KEY n'est pas défini : aucun SMS ne peut partir par Brevo."))
        payload = {
            "sender": settings.SMS_SENDER,
            "recipient": to.lstrip("+"),
            "content": body,
            "type": "transactional",
            "tag": "passerelles",
            "unicodeEnabled": not is_gsm(body),
        }
        callback = status_callback_url()
        if callback:
            payload["webUrl"] = callback
        request = urllib.request.Request(
            settings.SMS_API_URL,
            data=json.dumps(payload).encode("utf-8"),
            headers={
                "api-key": settings.SMS_API_KEY,
                "accept": "application/json",
                "content-type": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310 — https in production
                raw = response.read(65536)
        except urllib.error.HTTPError as exc:
            raise describe_refusal(exc.code, exc.read(65536)) from exc
        except TimeoutError as exc:
            raise _timeout() from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise _timeout() from exc
            if isinstance(exc.reason, ConnectionRefusedError):
                raise SMSGatewayError(
                    _("Le prestataire SMS refuse la connexion (SMS_API_URL : %(url)s).")
                    % {"url": settings.SMS_API_URL}
                ) from exc
            raise SMSGatewayError(
                _("Erreur réseau vers le prestataire SMS : %(error)s.") % {"error": exc.reason}
            ) from exc
        # Accepted: whatever the answer says now, trying again would send the text twice.
        try:
            message_id = json.loads(raw.decode("utf-8", "replace")).get("messageId")
        except (ValueError, AttributeError):
            message_id = None
        if message_id in (None, ""):
            logger.warning("SMS accepted by Brevo without a messageId: no delivery report will match it")
            return ""
        return str(message_id)
