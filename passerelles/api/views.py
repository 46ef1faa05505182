"""The organisation's API keys: list, make (the key is shown once), revoke (after a confirmation).

Its administrators only (access/policies.py, ``can_edit_organisation_settings``): a key reads what HR reads.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from passerelles.access import policies
from passerelles.api import keys
from passerelles.api.forms import NewKeyForm
from passerelles.api.models import ApiKey
from passerelles.organisations.models import Organisation


def _organisation(request, org_slug) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_edit_organisation_settings(request.user, organisation):
        raise PermissionDenied
    return organisation


NEW_KEY_SESSION = "api_new_key"


@never_cache
@require_http_methods(["GET", "POST"])
def api_keys(request, org_slug):
    """The list and the form. A new key goes through the session to the next page (Post/Redirect/Get: reloading
    the page never makes a second key) and is taken out of it by that page: shown once, kept nowhere."""
    organisation = _organisation(request, org_slug)
    form = NewKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, plain = keys.create_key(
            by=request.user,
            organisation=organisation,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
        )
        request.session[NEW_KEY_SESSION] = {"id": key.pk, "plain": plain}
        return redirect("api_keys", org_slug=organisation.slug)
    rows = (
        ApiKey.objects.for_actor(request.user).filter(organisation=organisation).select_related("created_by")
    )
    created = None
    fresh = request.session.pop(NEW_KEY_SESSION, None) if request.method == "GET" else None
    if fresh:
        created = rows.filter(pk=fresh.get("id")).first()
        if created is not None:
            created.plain = fresh.get("plain", "")
    return render(
        request,
        "api/api_keys.html",
        {"organisation": organisation, "form": form, "keys": rows, "created": created},
    )


@require_http_methods(["GET", "POST"])
def api_key_revoke(request, org_slug, key_id):
    organisation = _organisation(request, org_slug)
    key = get_object_or_404(
        ApiKey.objects.for_actor(request.user).filter(organisation=organisation), pk=key_id
    )
    if request.method == "POST":
        if keys.revoke_key(by=request.user, key=key):
            messages.success(
                request, _("La clé « %(name)s » est révoquée : elle ne fonctionne plus.") % {"name": key.name}
            )
        else:
            messages.info(request, _("Cette clé était déjà révoquée."))
        return redirect("api_keys", org_slug=organisation.slug)
    return render(request, "api/api_key_revoke.html", {"organisation": organisation, "key": key})
