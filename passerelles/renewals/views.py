"""The pages of renewals: HR's « Échéances » list, an engagement's end page (alerts sent, renewal, key post)
and its hand-over note.

Thin: an engagement is reached through ``engagement_for`` (the engagements' scope: outsiders get a 404), then
``rules`` says who may read or act (403 otherwise); ``services`` refuse in French with nothing written.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.queries import engagement_for
from passerelles.organisations.models import Organisation
from passerelles.renewals import queries, rules, services
from passerelles.renewals.forms import HandoverForm, RenewalForm
from passerelles.renewals.models import HandoverNote, KeyPost

PER_PAGE = 50


def deadlines(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not get_actor(request.user).has_role(Role.HR, organisation):
        raise PermissionDenied
    today = timezone.localdate()
    page = Paginator(queries.deadlines(request.user, organisation, today), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "engagement": engagement,
            "days": (engagement.end_date - today).days,
            "followed": rules.is_followed(
                two_employers=engagement.two_employers, key_post=engagement.is_key_post
            ),
            "status": rules.DeadlineStatus(queries.row_status(engagement)),
        }
        for engagement in page.object_list
    ]
    return render(
        request,
        "renewals/deadlines.html",
        {"organisation": organisation, "page": page, "rows": rows, "querystring": ""},
    )


def _engagement(request, engagement_id, *, act=False):
    engagement = engagement_for(request.user, engagement_id)
    allowed = rules.can_act if act else rules.can_read
    if not allowed(request.user, engagement):
        raise PermissionDenied
    return engagement


def _context(request, engagement, form=None):
    two_employers = engagement.agent.organisation_id != engagement.mission.organisation_id
    key_post = KeyPost.objects.filter(engagement=engagement).exists()
    note = HandoverNote.objects.filter(engagement=engagement).first()
    can_act = rules.can_act(request.user, engagement)
    renewable = engagement.state == State.ACTIVE and engagement.extension_end_date is None
    return {
        "engagement": engagement,
        "two_employers": two_employers,
        "key_post": key_post,
        "followed": rules.is_followed(two_employers=two_employers, key_post=key_post),
        "note": note,
        "alerts": engagement.renewal_alerts.all(),
        "status": rules.DeadlineStatus(
            rules.status(
                renewal_under_way=engagement.extension_end_date is not None, has_note=note is not None
            )
        ),
        "can_act": can_act,
        "can_write_note": rules.can_write_note(request.user, engagement),
        "form": form if form is not None else (RenewalForm() if can_act and renewable else None),
        "days": (engagement.end_date - timezone.localdate()).days,
    }


def deadline(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    return render(request, "renewals/deadline.html", _context(request, engagement))


def renew(request, engagement_id):
    engagement = _engagement(request, engagement_id, act=True)
    if request.method != "POST":
        return redirect("renewals:deadline", engagement_id=engagement.pk)
    form = RenewalForm(request.POST)
    if form.is_valid():
        try:
            services.renewal_start(
                engagement=engagement, by=request.user, end_date=form.cleaned_data["end_date"]
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Renouvellement engagé : chacun est invité à redonner son accord, l'agent compris."),
            )
            return redirect("renewals:deadline", engagement_id=engagement.pk)
    return render(request, "renewals/deadline.html", _context(request, engagement, form), status=200)


@require_POST
def key_post(request, engagement_id):
    engagement = _engagement(request, engagement_id, act=True)
    if request.POST.get("marked") not in ("oui", "non"):
        messages.error(request, _("Choisissez de marquer ou non ce poste clé."))
        return redirect("renewals:deadline", engagement_id=engagement.pk)
    marked = request.POST["marked"] == "oui"
    services.key_post_set(engagement=engagement, by=request.user, marked=marked)
    messages.success(
        request,
        _("Marqué comme poste clé : ses échéances sont suivies.")
        if marked
        else _("Ce n'est plus un poste clé."),
    )
    return redirect("renewals:deadline", engagement_id=engagement.pk)


def handover(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    note = HandoverNote.objects.filter(engagement=engagement).first()
    can_write = rules.can_write_note(request.user, engagement)
    form = HandoverForm(request.POST or None, instance=note) if can_write else None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.handover_save(engagement=engagement, by=request.user, **form.cleaned_data)
            except services.Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Note de passation enregistrée : l'accueil peut la lire."))
                return redirect("renewals:handover", engagement_id=engagement.pk)
    return render(request, "renewals/handover.html", {"engagement": engagement, "note": note, "form": form})
