"""Included by ``allauth.urls`` (under /comptes/) like every allauth provider's URLs."""

from django.urls import path

from passerelles.accounts.oidc import views

urlpatterns = [
    path("oidc/login/", views.login, name="oidc_login"),
    path("oidc/login/callback/", views.callback, name="oidc_callback"),
    path("oidc/logout/callback/", views.logged_out, name="oidc_logged_out"),
]
