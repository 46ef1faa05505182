"""The API v1: one NinjaAPI, its routers, its OpenAPI document (``/api/v1/openapi.json``) and interactive
documentation (``/api/v1/docs``, Swagger UI served from our own static files: no CDN)."""

from django.contrib.auth.decorators import login_not_required
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from passerelles.api import errors
from passerelles.api.auth import KeyAuth, KeyRateThrottle
from passerelles.api.endpoints import agents, engagements, imports, indicators, missions, organisations

api = NinjaAPI(
    title="Passerelles API",
    version="1",
    description=str(
        _(
            "API de Passerelles pour les systèmes de la collectivité (SIRH, annuaire, décisionnel). "
            "Chaque requête porte une clé d'organisation : « Authorization: Bearer psl_… ». "
            "Voir docs/api.md."
        )
    ),
    auth=KeyAuth(),
    throttle=[KeyRateThrottle()],
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
for module in (organisations, agents, imports, missions, engagements, indicators):
    api.add_router("/", module.router)


def urlpatterns():
    """The API's URLs, open to requests without a session (a key is the API's sign-in)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
