"""``Authorization: Bearer psl_…``: the key authenticates; its organisation's HR scopes decide what it sees.

Two budgets: each key its own (``API_RATE_LIMIT``, e.g. « 600/min »), and each address a number of wrong keys
per minute (``API_FAILED_KEYS_PER_MINUTE``) after which it is told to wait — guessing keys costs time.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from passerelles.api import keys
from passerelles.api.errors import ApiProblem, language

FAILURE_WINDOW = 60  # seconds


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "inconnue"


class KeyAuth(HttpBearer):
    def __call__(self, request):
        # every operation starts here: its messages, errors included, speak the caller's language
        translation.activate(language(request))
        failures_key = f"api-failed-keys:{_address(request)}"
        if (cache.get(failures_key) or 0) >= settings.API_FAILED_KEYS_PER_MINUTE:
            raise Throttled(wait=FAILURE_WINDOW)
        key = super().__call__(request)
        if key is None and cache.add(failures_key, 1, FAILURE_WINDOW) is False:  # not the first failure
            try:
                cache.incr(failures_key)
            except ValueError:  # expired between the two calls
                cache.add(failures_key, 1, FAILURE_WINDOW)
        return key

    def authenticate(self, request, token):
        key = keys.find_key(token)
        if key is None:
            return None
        request.user = keys.acting_account(key)
        request.api_key = key
        return key


class KeyRateThrottle(AuthRateThrottle):
    """Each key its own budget; the rate is read from the settings at each request (a deployment, or a test,
    may change it)."""

    scope = "api_key"

    def __init__(self):
        super().__init__(rate="1/s")  # replaced at each request

    def allow_request(self, request) -> bool:
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        key = getattr(request, "api_key", None)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.pk}


class WriteKeyAuth(KeyAuth):
    """The writing operations: a read-only key is refused (403) before its request's body is even read."""

    def authenticate(self, request, token):
        key = super().authenticate(request, token)
        if key is not None and not key.can_write:
            raise ApiProblem(
                403,
                "read_only_key",
                _("Cette clé est en lecture seule : demandez une clé « lecture et écriture »."),
            )
        return key
