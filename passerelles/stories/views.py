from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from passerelles import boundary
from passerelles.access.actor import get_actor
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.queries import engagement_for
from passerelles.foundation.files import serve_file
from passerelles.foundation.images import ImageUploadField, image_content_type
from passerelles.missions.models import Purpose
from passerelles.organisations.models import Organisation
from passerelles.stories import services
from passerelles.stories.models import Audience, Story, StoryPhoto, StoryStatus

MAX_PHOTO_BYTES = 2 * 1024 * 1024
TOLD_STATES = (State.ACTIVE, State.ENDED, State.EVALUATED)


class StoryForm(forms.ModelForm):
    """The story, and up to three photos in all, each with its description."""

    video_url = forms.URLField(
        label=gettext_lazy("Lien vers une vidéo (facultatif)"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Story
        fields = ["title", "text", "video_url"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = list(self.instance.photos.all()) if self.instance.pk else []
        for photo in self.existing:
            self.fields[f"retirer_{photo.pk}"] = forms.BooleanField(
                label=_("Retirer la photo « %(alt)s »") % {"alt": photo.alt}, required=False
            )
        for i in range(1, services.MAX_PHOTOS - len(self.existing) + 1):
            self.fields[f"photo_{i}"] = ImageUploadField(
                label=_("Photo %(n)s (facultative)") % {"n": i}, required=False, max_bytes=MAX_PHOTO_BYTES
            )
            self.fields[f"alt_{i}"] = forms.CharField(
                label=_("Description de la photo %(n)s") % {"n": i}, max_length=200, required=False
            )

    def clean(self):
        data = super().clean()
        self.new_photos = []
        self.removed = [photo.pk for photo in self.existing if data.get(f"retirer_{photo.pk}")]
        for name, value in list(data.items()):
            if not (name.startswith("photo_") and value):
                continue
            number = name.split("_")[1]
            if not (data.get(f"alt_{number}") or "").strip():
                self.add_error(
                    f"alt_{number}",
                    _("Décrivez la photo en quelques mots, pour les personnes qui ne la voient pas."),
                )
            else:
                self.new_photos.append((value, data[f"alt_{number}"]))
        return data


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_not_required
def gallery(request):
    """Published stories the visitor may read, filtered by purpose and organisation."""
    stories = (
        Story.objects.for_actor(request.user)
        .filter(status=StoryStatus.PUBLISHED)
        .select_related("agent__organisation", "engagement__mission")
    )
    purpose = request.GET.get("objet", "")
    if purpose in Purpose.values:
        stories = stories.filter(engagement__mission__purpose=purpose)
    if organisation := boundary.object_id(request.GET.get("organisation")):
        stories = stories.filter(agent__organisation_id=organisation)
    page = Paginator(stories, 12).get_page(request.GET.get("page"))
    actor = get_actor(request.user)
    mine = (
        Story.objects.filter(agent=actor.agent).exclude(status=StoryStatus.PUBLISHED)
        if actor.is_authenticated and actor.agent is not None
        else []
    )
    to_review = (
        Story.objects.filter(agent__organisation_id__in=actor.org_ids("hr"), status=StoryStatus.SUBMITTED)
        if actor.is_authenticated
        else []
    )
    return render(
        request,
        "stories/gallery.html",
        {
            "page": page,
            "purposes": Purpose.choices,
            "purpose": purpose,
            "organisations": Organisation.objects.filter(
                pk__in=Story.objects.for_actor(request.user)
                .filter(status=StoryStatus.PUBLISHED)
                .values("agent__organisation_id")
            ),
            "organisation": organisation,
            "querystring": _without_page(request),
            "mine": mine,
            "to_review": to_review,
        },
    )


def _story(request, story_id) -> Story:
    return get_object_or_404(
        Story.objects.for_actor(request.user).select_related("agent__organisation", "engagement__mission"),
        pk=story_id,
    )


@login_not_required
def story_detail(request, story_id):
    story = _story(request, story_id)
    return render(
        request,
        "stories/story_detail.html",
        {
            "story": story,
            "is_author": services.is_author(request.user, story),
            "is_hr": request.user.is_authenticated and services.is_hr(request.user, story),
            "can_edit": request.user.is_authenticated and services.can_edit(request.user, story),
            "audiences": Audience.choices,
        },
    )


@login_not_required
@require_safe
def story_photo(request, photo_id):
    """A photo, to whoever may read its story (the same scope as the story page); outsiders get a 404."""
    photo = get_object_or_404(
        StoryPhoto.objects.filter(story__in=Story.objects.for_actor(request.user)), pk=photo_id
    )
    public = photo.story.audience == Audience.PUBLIC and photo.story.status == StoryStatus.PUBLISHED
    return serve_file(
        photo.image, content_type=image_content_type(photo.image.name), cache_seconds=3600 if public else 0
    )


def story_edit(request, story_id=None):
    """Write or rewrite a story: the agent, or HR with the agent, from a mission under way or done."""
    if story_id:
        story = _story(request, story_id)
        if not services.can_edit(request.user, story):
            raise PermissionDenied
    else:
        engagement = engagement_for(
            request.user,
            boundary.object_id(request.GET.get("engagement") or request.POST.get("engagement")) or 0,
            state__in=TOLD_STATES,
        )
        story = Story(agent=engagement.agent, engagement=engagement)
        if not (services.is_author(request.user, story) or services.is_hr(request.user, story)):
            raise PermissionDenied
    form = StoryForm(request.POST or None, request.FILES or None, instance=story)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(
                story=form.instance, by=request.user, photos=form.new_photos, remove=form.removed
            )
            messages.success(
                request, _("Récit enregistré. Il n'est publié qu'avec l'accord de l'agent, après relecture.")
            )
            return redirect("story_detail", story_id=form.instance.pk)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
    return render(request, "stories/story_form.html", {"form": form, "story": story})


@require_POST
def story_submit(request, story_id):
    story = _story(request, story_id)
    try:
        services.submit(
            story=story,
            by=request.user,
            audience=request.POST.get("audience", ""),
            consent=request.POST.get("consentement") == "1",
        )
        messages.success(request, _("Merci ! La RH relit votre récit avant de le publier."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("story_detail", story_id=story.pk)


@require_POST
def story_moderate(request, story_id):
    story = _story(request, story_id)
    try:
        services.moderate(
            story=story,
            by=request.user,
            publish=request.POST.get("decision") == "publier",
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, _("C'est enregistré : l'agent est prévenu."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("story_detail", story_id=story.pk)


def story_withdraw(request, story_id):
    """Withdrawing consent, confirmed first: the story then disappears everywhere at once."""
    story = _story(request, story_id)
    if not services.is_author(request.user, story):
        raise Http404
    if request.method == "POST":
        try:
            services.withdraw(story=story, by=request.user)
        except TransitionRefused as refused:  # already withdrawn (a second tab, a double click)
            messages.info(request, str(refused))
            return redirect("story_gallery")
        messages.success(request, _("Votre récit est retiré : il n'apparaît plus nulle part."))
        return redirect("story_gallery")
    return render(request, "stories/story_withdraw.html", {"story": story})
