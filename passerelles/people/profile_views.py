"""« Mon profil »: the agent's own words, their availability, and who may see them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.matching.index import index_agent
from passerelles.organisations.models import Organisation
from passerelles.people import vocabulary
from passerelles.people.forms import ProfileForm, TagForm
from passerelles.people.models import Agent, Profile, ProfileView, TagKind, VocabularyEntry
from passerelles.people.services import (
    ProfileRefused,
    completeness_hint,
    organisation_vocabulary,
    profile_add_tag,
    profile_remove_tag,
)


def my_profile(request):
    actor = get_actor(request.user)
    if actor.agent is None:
        return render(request, "people/no_profile.html")
    agent = (
        Agent.objects.for_actor(request.user)
        .select_related("organisation", "unit", "manager", "site")
        .get(pk=actor.agent.pk)
    )
    # Not created on a visit: a profile row appears when the person saves it (a refused form writes nothing).
    profile = Profile.objects.filter(agent=agent).first() or Profile(agent=agent)
    form = ProfileForm(request.POST or None, instance=profile, agent=agent)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            index_agent(agent.pk)  # visibility applies to suggestions at once
        messages.success(
            request, _("Votre profil est enregistré. Sa visibilité s'applique partout, tout de suite.")
        )
        return redirect("my_profile")
    tags = {kind: [] for kind in TagKind.values}
    for tag in profile.tags.all() if profile.pk else ():
        tags[tag.kind].append(tag)
    sections = [(kind, label, tags[kind]) for kind, label in TagKind.choices]
    views = ProfileView.objects.filter(agent=agent).select_related("viewer", "viewer_organisation")[:50]
    return render(
        request,
        "people/my_profile.html",
        {
            "agent": agent,
            "profile": profile,
            "form": form,
            "sections": sections,
            "hint": completeness_hint(profile if profile.pk else None),
            "views": views,
            "tag_kinds": TagKind,
        },
    )


@require_POST
def profile_tag_add(request):
    actor = get_actor(request.user)
    form = TagForm(request.POST)
    if actor.agent is None or not form.is_valid():
        messages.error(request, _("Écrivez un mot ou quelques mots (120 caractères au plus)."))
        return redirect("my_profile")
    try:
        tag = profile_add_tag(
            agent=actor.agent,
            by=request.user,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            hidden=form.cleaned_data["hidden"],
        )
        messages.success(request, _("« %(label)s » est ajouté à votre profil.") % {"label": tag.label})
    except ProfileRefused as refused:
        messages.error(request, str(refused))
    return redirect(f"{reverse('my_profile')}#{form.cleaned_data['kind']}")


@require_POST
def profile_tag_remove(request, tag_id):
    actor = get_actor(request.user)
    if actor.agent is not None:
        profile_remove_tag(agent=actor.agent, by=request.user, tag_id=tag_id)
        messages.success(request, _("C'est retiré."))
    return redirect("my_profile")


def vocabulary_suggest(request):
    """Autocomplete for skills and interests: the shared vocabulary plus the organisation's own words."""
    actor = get_actor(request.user)
    extra = organisation_vocabulary(actor.agent.organisation) if actor.agent else []
    terms = vocabulary.suggest(request.GET.get("q", "")[:60], limit=10, extra_entries=extra)
    return JsonResponse({"suggestions": [{"label": t.label, "domain": t.domain} for t in terms]})


class VocabularyEntryForm(forms.ModelForm):
    class Meta:
        model = VocabularyEntry
        fields = ["label", "domain", "synonyms"]


def organisation_vocabulary_page(request, org_slug):
    """HR adds the organisation's own words (a local job, a local tool, an acronym) to the shared vocabulary."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.is_hr_coordinator(request.user, organisation):
        raise PermissionDenied
    form = VocabularyEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        label = vocabulary.resolve(form.cleaned_data["label"])
        if label is not None and label.known:
            form.add_error(
                "label", _("« %(label)s » est déjà dans le vocabulaire commun.") % {"label": label.label}
            )
        elif VocabularyEntry.objects.filter(
            organisation=organisation, label__iexact=form.cleaned_data["label"]
        ).exists():
            form.add_error("label", _("Ce mot est déjà dans le vocabulaire de votre organisation."))
        else:
            form.instance.organisation = organisation
            form.save()
            messages.success(request, _("Mot ajouté : les agents le verront dans les suggestions."))
            return redirect("organisation_vocabulary", org_slug=organisation.slug)
    entries = VocabularyEntry.objects.filter(organisation=organisation)
    return render(
        request,
        "people/organisation_vocabulary.html",
        {
            "organisation": organisation,
            "form": form,
            "entries": entries,
            "shipped": len(vocabulary.entries()),
        },
    )


def organisation_vocabulary_delete(request, org_slug, entry_id):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.is_hr_coordinator(request.user, organisation):
        raise PermissionDenied
    entry = get_object_or_404(VocabularyEntry, organisation=organisation, pk=entry_id)
    if request.method == "POST":
        entry.delete()
        messages.success(
            request,
            _("Mot retiré du vocabulaire de l'organisation (les profils qui l'utilisent le gardent)."),
        )
        return redirect("organisation_vocabulary", org_slug=organisation.slug)
    return render(
        request, "people/organisation_vocabulary_delete.html", {"organisation": organisation, "entry": entry}
    )
