"""Outgoing webhooks (issue 20): an organisation's endpoints, the events queued for them, and the signed POST.

Why through the outbox: an event is a row written in the same transaction as what caused it (a refused step
sends nothing; a step saved is never lost), retried with the outbox's back-off and abandoned after its last
attempt, like an e-mail. The body is written once with the row, so every attempt sends the same bytes; each
attempt signs them with a fresh timestamp:

    X-Passerelles-Timestamp: <seconds since 1970>
    X-Passerelles-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret>
    X-Passerelles-Event-Id: <the event's uuid, the same on every attempt: the receiver folds duplicates>

Only https addresses are accepted, and none that is (or resolves to) a private, loopback or link-local
address: an organisation's administrator must not make the server call into its own network. In development
(or with WEBHOOK_ALLOW_LOCAL, for the tests) http://127.0.0.1 and http://localhost are allowed. See
docs/webhooks.md.
"""

import hashlib
import hmac
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from passerelles.outbox.models import OutboxMessage

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
SIGNATURE_HEADER = "X-Passerelles-Signature"
TIMESTAMP_HEADER = "X-Passerelles-Timestamp"
EVENT_ID_HEADER = "X-Passerelles-Event-Id"
USER_AGENT = "Passerelles-Webhooks/1"


class WebhookError(Exception):
    """A failed attempt, already said in words an administrator can act on. ``permanent``: this very
    delivery can never succeed (its endpoint was deleted or disabled): abandoned at once."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of ``<timestamp>.<body>`` — what a receiver recomputes."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _is_local(host: str) -> bool:
    return host.lower() in LOCAL_HOSTS


def _forbidden_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved


def url_problem(url: str) -> str:
    """Why this address cannot receive webhooks ("" when it can): checked when it is entered."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        return _("Indiquez une adresse complète, par exemple https://rh.exemple.fr/passerelles/webhook.")
    if parts.username or parts.password:
        return _(
            "L'adresse ne doit pas contenir d'identifiant ni de mot de passe : le secret signe chaque envoi."
        )
    local = _is_local(host)
    if parts.scheme != "https" and not (parts.scheme == "http" and local and settings.WEBHOOK_ALLOW_LOCAL):
        return _("L'adresse doit commencer par https:// : les événements ne circulent que chiffrés.")
    if local:
        return (
            ""
            if settings.WEBHOOK_ALLOW_LOCAL
            else _("Une adresse de cette machine ne peut pas recevoir de webhooks.")
        )
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if _forbidden_address(str(literal)):
        return _("Une adresse de réseau privé ou local ne peut pas recevoir de webhooks.")
    return ""


def _check_resolved(host: str, port: int) -> None:
    """At send time: the name must not lead to a private address (a name can be pointed there later)."""
    if _is_local(host) and settings.WEBHOOK_ALLOW_LOCAL:
        return
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise WebhookError(
            _("Le nom du point de réception est inconnu (%(host)s).") % {"host": host}
        ) from exc
    for info in infos:
        if _forbidden_address(info[4][0]):
            raise WebhookError(
                _("Le point de réception mène à une adresse privée ou locale (%(host)s) : envoi refusé.")
                % {"host": host}
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirection is an answer, not a success: the event is not re-sent elsewhere (nor turned into a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def post(message: OutboxMessage) -> int:
    """Send the row's body to its endpoint, signed now; the HTTP status on success (2xx), else WebhookError."""
    endpoint = message.webhook_endpoint
    if endpoint is None:
        raise WebhookError(
            _("Le point de réception a été supprimé : l'événement n'est plus envoyé."), permanent=True
        )
    if not endpoint.is_active:
        raise WebhookError(
            _("Le point de réception est désactivé : l'événement n'est plus envoyé."), permanent=True
        )
    url = message.to
    parts = urlsplit(url)
    if problem := url_problem(url):
        raise WebhookError(problem, permanent=True)
    _check_resolved(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    body = message.body.encode("utf-8")
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
            EVENT_ID_HEADER: message.headers.get(EVENT_ID_HEADER, ""),
        },
    )
    handlers = [_NoRedirect()]
    if _is_local(parts.hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))  # a receiver on this machine: never through a proxy
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        raise WebhookError(
            _("Le point de réception a répondu %(status)s au lieu d'accepter l'événement (2xx).")
            % {"status": exc.code}
        ) from exc
    except TimeoutError as exc:
        raise _timeout() from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise _timeout() from exc
        if isinstance(exc.reason, ConnectionRefusedError):
            raise WebhookError(
                _("Le point de réception refuse la connexion (arrêté ou mauvais port).")
            ) from exc
        raise WebhookError(
            _("Erreur réseau vers le point de réception : %(error)s.") % {"error": exc.reason}
        ) from exc
    except OSError as exc:
        raise WebhookError(
            _("Erreur réseau vers le point de réception : %(error)s.") % {"error": exc}
        ) from exc
    if not 200 <= status < 300:
        raise WebhookError(
            _("Le point de réception a répondu %(status)s au lieu d'accepter l'événement (2xx).")
            % {"status": status}
        )
    return status


def _timeout() -> WebhookError:
    return WebhookError(
        _("Le point de réception n'a pas répondu dans le délai de %(seconds)s s.")
        % {"seconds": settings.WEBHOOK_TIMEOUT}
    )
