"""Preparation, activation, availability and needs (filled by the preparation work)."""

urlpatterns = []
