"""The legal pages: public (no sign-in), read-only, text from the operator rendered escaped."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from passerelles.access.actor import get_actor
from passerelles.sitepages.models import PageSlug
from passerelles.sitepages.services import current_statement, site_page
from passerelles.sitepages.sitemap import site_map as build_site_map


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(request, "sitepages/accessibility_statement.html", {"statement": current_statement()})


@login_not_required
@require_GET
def legal_notice(request):
    return render(request, "sitepages/page.html", {"page": site_page(PageSlug.LEGAL_NOTICE)})


@login_not_required
@require_GET
def site_map(request):
    return render(
        request,
        "sitepages/site_map.html",
        {"page": site_page(PageSlug.SITE_MAP), "sections": build_site_map(get_actor(request.user))},
    )
