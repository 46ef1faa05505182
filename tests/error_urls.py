"""A urlconf with a view that fails, to check what a visitor sees when the server errs."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path


@login_not_required
def broken(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", broken), path("", include("passerelles.urls"))]
