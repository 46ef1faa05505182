from django.urls import path

from passerelles.sitepages import views

urlpatterns = [
    path("accessibilite/", views.accessibility_statement, name="accessibility_statement"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("plan-du-site/", views.site_map, name="site_map"),
]
