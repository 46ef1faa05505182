"""The life of a story: written by the agent (or by HR with the agent), submitted by the agent alone with an
explicit consent and audience, published by HR, withdrawn by the agent at any time — then gone everywhere."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.notifications.services import notify
from passerelles.stories.models import Audience, Story, StoryPhoto, StoryStatus

EDITABLE = (StoryStatus.DRAFT, StoryStatus.CHANGES)


def is_author(user, story: Story) -> bool:
    actor = get_actor(user)
    return actor.agent is not None and actor.agent.pk == story.agent_id


def is_hr(user, story: Story) -> bool:
    return get_actor(user).has_role(Role.HR, story.agent.organisation_id)


def can_edit(user, story: Story) -> bool:
    return story.status in EDITABLE and (is_author(user, story) or is_hr(user, story))


def _url(story) -> str:
    return reverse("story_detail", kwargs={"story_id": story.pk})


MAX_PHOTOS = 3


@transaction.atomic
def save_draft(*, story: Story, by, photos=(), remove=()) -> Story:
    """The agent, or HR with the agent, writes the story; nothing is published without the agent's consent.
    ``photos``: new (file, description) pairs; ``remove``: ids of the story's photos to delete."""
    if story.pk and not can_edit(by, Story.objects.get(pk=story.pk)):
        raise TransitionRefused(_("Ce récit ne peut plus être modifié à cette étape."))
    if not story.pk and not (is_author(by, story) or is_hr(by, story)):
        raise TransitionRefused(_("Seuls l'agent et la RH de son organisation écrivent ce récit."))
    if any(not alt.strip() for _image, alt in photos):
        raise TransitionRefused(
            _("Décrivez la photo en quelques mots, pour les personnes qui ne la voient pas.")
        )
    kept = StoryPhoto.objects.filter(story=story).exclude(pk__in=remove).count() if story.pk else 0
    if kept + len(photos) > MAX_PHOTOS:
        raise TransitionRefused(_("Trois photos au plus par récit."))
    story.written_by = story.written_by or by
    story.save()
    for photo in StoryPhoto.objects.filter(story=story, pk__in=remove):
        photo.image.delete(save=False)
        photo.delete()
    for image, alt in photos:
        StoryPhoto.objects.create(story=story, image=image, alt=alt.strip()[:200])
    return story


@transaction.atomic
def submit(*, story: Story, by, audience: str, consent: bool) -> Story:
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not is_author(by, story):
        raise TransitionRefused(_("Seul·e l'agent donne son accord pour publier son récit."))
    if story.status not in EDITABLE:
        raise TransitionRefused(_("Ce récit est déjà en relecture ou publié."))
    if audience not in Audience.values:
        raise TransitionRefused(_("Choisissez qui pourra lire le récit."))
    if not consent:
        raise TransitionRefused(_("Cochez la case de consentement : rien n'est publié sans votre accord."))
    story.audience, story.status, story.consent_at = audience, StoryStatus.SUBMITTED, timezone.now()
    story.save()
    for user in RoleMembership.objects.users_with(Role.HR, [story.agent.organisation_id]):
        notify(
            user=user,
            subject=_("Récit à relire : « %(title)s »") % {"title": story.title},
            message=_("%(name)s propose son récit (%(audience)s).")
            % {"name": story.agent.full_name, "audience": story.get_audience_display().lower()},
            url=_url(story),
            action_needed=True,
        )
    return story


@transaction.atomic
def moderate(*, story: Story, by, publish: bool, comment: str = "") -> Story:
    story = Story.objects.select_for_update().select_related("agent").get(pk=story.pk)
    if not is_hr(by, story):
        raise TransitionRefused(_("La relecture des récits revient à la RH de l'organisation de l'agent."))
    if story.status != StoryStatus.SUBMITTED:
        raise TransitionRefused(_("Ce récit n'attend pas de relecture."))
    if not publish and not comment.strip():
        raise TransitionRefused(_("Dites à l'agent ce qu'il faudrait reprendre."))
    story.moderation_comment = comment.strip()[:2000]
    story.status = StoryStatus.PUBLISHED if publish else StoryStatus.CHANGES
    story.published_at = timezone.now() if publish else None
    story.save()
    if story.agent.user_id:
        notify(
            user=story.agent.user,
            subject=(
                _("Votre récit est publié : « %(title)s »")
                if publish
                else _("Votre récit est à reprendre : « %(title)s »")
            )
            % {"title": story.title},
            message=story.moderation_comment or _("Merci de l'avoir partagé."),
            url=_url(story),
        )
    return story


@transaction.atomic
def withdraw(*, story: Story, by) -> Story:
    """The agent withdraws consent: the story disappears from every gallery and page at once."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not is_author(by, story):
        raise TransitionRefused(_("Seul·e l'agent retire son récit."))
    story.status, story.consent_at, story.published_at = StoryStatus.WITHDRAWN, None, None
    story.save()
    for photo in StoryPhoto.objects.filter(story=story):
        photo.image.delete(save=False)
        photo.delete()
    return story
