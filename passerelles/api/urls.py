from django.urls import path

from passerelles.api import views
from passerelles.api.v1 import urlpatterns as api_v1

urlpatterns = [
    path("api/v1/", api_v1()),
    path("organisations/<slug:org_slug>/api/", views.api_keys, name="api_keys"),
    path(
        "organisations/<slug:org_slug>/api/<int:key_id>/revoquer/",
        views.api_key_revoke,
        name="api_key_revoke",
    ),
]
