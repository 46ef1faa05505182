"""One-click login as a demo person: exists in demo mode only (PASSERELLES_DEMO=1), a 404 everywhere else."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from passerelles.accounts.models import User
from passerelles.accounts.two_factor import DEMO_LOGIN_SESSION_KEY
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG


@login_not_required
@require_GET
def demo_login(request, role):
    if not settings.DEMO:
        raise Http404
    account = DEMO_ACCOUNTS_BY_SLUG.get(role)
    if account is None:
        raise Http404
    user = User.objects.filter(email=account.email, is_active=True).first()
    if user is None:
        raise Http404("Le réseau de démonstration n'est pas chargé (passerelles demo-data).")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # Demo HR and administrators are not sent to two-factor enrolment (honoured in demo mode only).
    request.session[DEMO_LOGIN_SESSION_KEY] = True
    return redirect("dashboard")
