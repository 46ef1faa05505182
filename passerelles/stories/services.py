"""The life of a story: written by the agent (or by HR with the agent), submitted by the agent alone with an
explicit consent and audience, published by HR, withdrawn by the agent at any time — then gone everywhere."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.models import Role, RoleMembership
from passerelles.foundation.statemachine import TransitionRefused
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.stories.lifecycle import EDITABLE, MACHINE
from passerelles.stories.models import Audience, Story, StoryEvent, StoryPhoto, StoryStatus

__all__ = ["EDITABLE", "StoryStatus"]


def is_author(user, story: Story) -> bool:
    return "author" in policies.story_actor_kinds(user, story)


def is_hr(user, story: Story) -> bool:
    return "hr" in policies.story_actor_kinds(user, story)


def can_edit(user, story: Story) -> bool:
    return policies.can_edit_story(user, story)


def _move(story: Story, *, action: str, by, comment: str = "") -> Story:
    """The single writer of a story's status: the table decides, the history records, the fields follow."""
    step = MACHINE.transition_for(story.status, action, policies.story_actor_kinds(by, story))
    StoryEvent.objects.create(
        story=story, by=by, action=action, from_status=story.status, to_status=step.target, comment=comment
    )
    story.status = step.target
    now = timezone.now()
    if step.target == StoryStatus.SUBMITTED:
        story.consent_at = now
    story.published_at = now if step.target == StoryStatus.PUBLISHED else None
    if step.target == StoryStatus.WITHDRAWN:
        story.consent_at = None
    return story


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
    story = Story.objects.select_for_update().select_related("agent").get(pk=story.pk)
    if not is_author(by, story):
        raise TransitionRefused(_("Seul·e l'agent donne son accord pour publier son récit."))
    if story.status not in EDITABLE:
        raise TransitionRefused(_("Ce récit est déjà en relecture ou publié."))
    if audience not in Audience.values:
        raise TransitionRefused(_("Choisissez qui pourra lire le récit."))
    if not consent:
        raise TransitionRefused(_("Cochez la case de consentement : rien n'est publié sans votre accord."))
    story.audience = audience
    _move(story, action="submit", by=by)
    story.save()
    for user in RoleMembership.objects.users_with(Role.HR, [story.agent.organisation_id]):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Récit à relire : « %(title)s »") % {"title": story.title},
                message=_("%(name)s propose son récit (%(audience)s).")
                % {"name": story.agent.full_name, "audience": story.get_audience_display().lower()},
                url=_url(story),
                action_needed=True,
                kind=NotificationKind.REVIEW,
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
    _move(story, action="publish" if publish else "request_changes", by=by, comment=story.moderation_comment)
    story.save()
    if story.agent.user_id:
        with in_language_of(story.agent.user):
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
                kind=NotificationKind.STORY,
            )
    return story


@transaction.atomic
def withdraw(*, story: Story, by) -> Story:
    """The agent withdraws consent: the story disappears from every gallery and page at once."""
    story = Story.objects.select_for_update().select_related("agent").get(pk=story.pk)
    if not is_author(by, story):
        raise TransitionRefused(_("Seul·e l'agent retire son récit."))
    if story.status == StoryStatus.WITHDRAWN:
        raise TransitionRefused(_("Ce récit est déjà retiré."))
    _move(story, action="withdraw", by=by)
    story.save()
    for photo in StoryPhoto.objects.filter(story=story):
        photo.image.delete(save=False)
        photo.delete()
    return story
