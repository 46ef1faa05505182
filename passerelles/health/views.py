"""/sante/: the health of this web process's services, in JSON, for load balancers and supervision."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from passerelles.health.checks import run_checks


@login_not_required
@never_cache
@require_safe
def health(request):
    """200 when every service answers, 503 otherwise (the balancer takes this process out of rotation).
    Public: it says only whether each service answers, never where it is or which version runs."""
    checks = run_checks()
    healthy = all(check.ok for check in checks)
    body = {"etat": "ok" if healthy else "erreur", "services": {c.name: c.as_json() for c in checks}}
    return JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
