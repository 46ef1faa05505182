"""The pages of forums and café-missions before the schedule: the list, creating and editing an event, its page
(pitches, who does what next), the hosts' pitches and marks, the agents' registration.

Thin: every page reaches an event through ``queries.encounter_for`` (the actor's scope: outsiders get a 404),
asks ``policies`` who may act (403 otherwise) and calls ``services`` (whose French refusals are shown on the
form, nothing written).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles import boundary
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.encounters import policies, queries, services
from passerelles.encounters.forms import CancelForm, EncounterForm, PitchForm, RegistrationForm
from passerelles.encounters.models import Encounter, Wish
from passerelles.encounters.rules import Status
from passerelles.foundation.files import serve_file
from passerelles.foundation.images import image_content_type
from passerelles.organisations.models import Network, Organisation

PER_PAGE = 20


def _detail(encounter):
    return redirect("encounters:encounter_detail", encounter_id=encounter.pk)


def encounter_list(request):
    actor = get_actor(request.user)
    events = Encounter.objects.for_actor(request.user).select_related("organisation", "network")
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    organisations = Organisation.objects.filter(pk__in=actor.org_ids(Role.HR)).order_by("name")
    networks = [
        n
        for n in Network.objects.filter(
            memberships__organisation_id__in=actor.org_ids(Role.NETWORK_COORDINATOR)
        )
        .distinct()
        .order_by("name")
    ]
    return render(
        request,
        "encounters/list.html",
        {"page": page, "querystring": "", "organisations": organisations, "networks": networks},
    )


def _create(request, *, organisation=None, network=None):
    candidates = Organisation.objects.filter(
        pk__in=services.scope_candidates(organisation=organisation, network=network)
    ).order_by("name")
    form = EncounterForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        details = {name: form.cleaned_data[name] for name in services.FIELDS}
        try:
            encounter = services.encounter_create(
                by=request.user,
                organisation=organisation,
                network=network,
                organisations=form.cleaned_data.get("organisations") or list(candidates),
                **details,
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Événement créé en brouillon : invitez les porteurs de missions à présenter.")
            )
            return _detail(encounter)
    owner = network.name if network is not None else organisation.display_name
    return render(request, "encounters/form.html", {"form": form, "owner": owner, "encounter": None})


def encounter_create(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_organise_in(request.user, organisation):
        raise PermissionDenied
    return _create(request, organisation=organisation)


def network_encounter_create(request, network_slug):
    network = get_object_or_404(Network.objects.for_actor(request.user), slug=network_slug)
    if not policies.can_organise_for_network(request.user, network):
        raise PermissionDenied
    return _create(request, network=network)


def encounter_edit(request, encounter_id):
    encounter = queries.encounter_for(request.user, encounter_id)
    if not policies.is_organiser(request.user, encounter) or encounter.status not in (
        Status.DRAFT,
        Status.OPEN,
    ):
        raise PermissionDenied
    candidates = Organisation.objects.filter(
        pk__in=services.scope_candidates(organisation=encounter.organisation, network=encounter.network)
    ).order_by("name")
    form = EncounterForm(
        request.POST or None,
        instance=encounter,
        candidates=candidates,
        initial={"organisations": list(encounter.organisations.all()), "visio_url": encounter.visio_url},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.encounter_update(
                by=request.user,
                encounter=encounter,
                organisations=form.cleaned_data.get("organisations"),
                **{name: form.cleaned_data[name] for name in services.FIELDS},
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Événement modifié."))
            return _detail(encounter)
    return render(
        request,
        "encounters/form.html",
        {"form": form, "owner": encounter.organisation, "encounter": encounter},
    )


def encounter_detail(request, encounter_id):
    encounter = queries.encounter_for(request.user, encounter_id)
    user = request.user
    organiser = policies.is_organiser(user, encounter)
    registration = queries.my_registration(user, encounter)
    return render(
        request,
        "encounters/detail.html",
        {
            "encounter": encounter,
            "organiser": organiser,
            "pitches": encounter.pitches.select_related("mission", "mission__organisation", "presenter"),
            "my_pitches": queries.my_pitches(user, encounter),
            "can_pitch": policies.can_pitch(user, encounter),
            "can_register": policies.can_register(user, encounter),
            "registration": registration,
            "my_wishes": registration.wishes.select_related("pitch__mission") if registration else [],
            "my_conversations": queries.my_conversations(user, encounter),
            "invited": encounter.organisations.order_by("name"),
            "counts": {
                "registered": encounter.registrations.count(),
                "pitches": encounter.pitches.count(),
            }
            if organiser
            else None,
            "Status": Status,
        },
    )


def _act(request, encounter_id, action, done: str):
    encounter = queries.encounter_for(request.user, encounter_id)
    if not policies.is_organiser(request.user, encounter):
        raise PermissionDenied
    try:
        action(by=request.user, encounter=encounter)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return _detail(encounter)


@require_POST
def encounter_invite_hosts(request, encounter_id):
    return _act(
        request,
        encounter_id,
        services.encounter_invite_hosts,
        _("Les porteurs de missions sont invités à présenter."),
    )


@require_POST
def encounter_open(request, encounter_id):
    return _act(
        request,
        encounter_id,
        services.encounter_open,
        _("Inscriptions ouvertes : chaque agent invité en est informé par son canal habituel."),
    )


def encounter_cancel(request, encounter_id):
    """A confirmation page, then the cancellation (the people registered and the hosts are told)."""
    encounter = queries.encounter_for(request.user, encounter_id)
    if not policies.is_organiser(request.user, encounter):
        raise PermissionDenied
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.encounter_cancel(
                by=request.user, encounter=encounter, reason=form.cleaned_data["reason"]
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Événement annulé."))
            return _detail(encounter)
    return render(request, "encounters/cancel.html", {"encounter": encounter, "form": form})


def pitch_create(request, encounter_id):
    encounter = queries.encounter_for(request.user, encounter_id)
    if not policies.can_pitch(request.user, encounter):
        raise PermissionDenied
    missions = policies.pitchable_missions(request.user, encounter).exclude(pitches__encounter=encounter)
    form = PitchForm(request.POST or None, request.FILES or None, missions=missions)
    if request.method == "POST" and form.is_valid():
        try:
            services.pitch_save(
                by=request.user,
                encounter=encounter,
                mission=form.cleaned_data["mission"],
                text=form.cleaned_data["text"],
                photo=form.cleaned_data["photo"],
                photo_alt=form.cleaned_data["photo_alt"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Votre mission est présentée."))
            return _detail(encounter)
    return render(
        request, "encounters/pitch_form.html", {"encounter": encounter, "form": form, "pitch": None}
    )


def pitch_edit(request, pitch_id):
    pitch = queries.pitch_for(request.user, pitch_id)
    if not policies.can_edit_pitch(request.user, pitch):
        raise PermissionDenied
    form = PitchForm(
        request.POST or None,
        request.FILES or None,
        missions=None,
        initial={"text": pitch.text, "photo_alt": pitch.photo_alt},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pitch_save(
                by=request.user,
                encounter=pitch.encounter,
                mission=pitch.mission,
                text=form.cleaned_data["text"],
                photo=form.cleaned_data["photo"],
                photo_alt=form.cleaned_data["photo_alt"] or pitch.photo_alt,
                pitch=pitch,
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Présentation modifiée."))
            return _detail(pitch.encounter)
    return render(
        request, "encounters/pitch_form.html", {"encounter": pitch.encounter, "form": form, "pitch": pitch}
    )


def pitch_photo(request, pitch_id):
    """A pitch's photo, to whoever sees the event (its scope); outsiders get a 404."""
    pitch = queries.pitch_for(request.user, pitch_id)
    if not pitch.photo:
        raise Http404
    return serve_file(pitch.photo, content_type=image_content_type(pitch.photo.name))


def pitch_wishes(request, pitch_id):
    """The host's list: the registered agents who wished this pitch (name, job title), and their marks."""
    pitch = queries.pitch_for(request.user, pitch_id)
    if not policies.is_pitch_host(request.user, pitch):
        raise PermissionDenied
    if request.method == "POST":
        wish = get_object_or_404(
            Wish.objects.filter(pitch=pitch), pk=boundary.object_id(request.POST.get("wish")) or 0
        )
        try:
            services.wish_mark(by=request.user, wish=wish, marked=request.POST.get("marked") == "1")
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        return redirect("encounters:pitch_wishes", pitch_id=pitch.pk)
    return render(
        request,
        "encounters/pitch_wishes.html",
        {
            "pitch": pitch,
            "encounter": pitch.encounter,
            "wishes": queries.wishes_for_pitch(pitch),
            "Status": Status,
        },
    )


def registration(request, encounter_id):
    """Register and rank up to five conversations (or change the ranking, or unregister)."""
    encounter = queries.encounter_for(request.user, encounter_id)
    if not policies.can_register(request.user, encounter):
        raise PermissionDenied
    mine = queries.my_registration(request.user, encounter)
    initial = dict(mine.wishes.values_list("pitch_id", "rank")) if mine else {}
    agent = get_actor(request.user).agent
    pitches = encounter.pitches.select_related("mission", "presenter").exclude(mission__project_lead=agent)
    form = RegistrationForm(request.POST or None, pitches=pitches, initial_ranks=initial)
    if request.method == "POST" and request.POST.get("action") == "unregister":
        try:
            services.registration_cancel(by=request.user, encounter=encounter)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Votre inscription est retirée."))
        return _detail(encounter)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_save(by=request.user, encounter=encounter, ranks=form.ranks())
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Vous êtes inscrit·e. Vous recevrez votre agenda quand le planning sera prêt.")
            )
            return _detail(encounter)
    return render(
        request,
        "encounters/registration.html",
        {"encounter": encounter, "form": form, "registered": mine is not None},
    )
