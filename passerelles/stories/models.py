"""Stories (récits): an agent tells a mission, with explicit publication choices and HR moderation."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.engagements.models import Engagement
from passerelles.foundation.files import RandomName
from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.people.models import Agent
from passerelles.stories.lifecycle import EDITABLE, StoryEventKind, StoryStatus

__all__ = ["Audience", "Story", "StoryEvent", "StoryPhoto", "StoryStatus"]


class Audience(models.TextChoices):
    ORGANISATION = "organisation", _("Dans mon organisation")
    NETWORK = "network", _("Dans tout le réseau")
    PUBLIC = "public", _("Publiquement")


class StoryQuerySet(ActorScopedQuerySet):
    scope = "stories.stories"


class Story(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="stories")
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    title = models.CharField(_("titre"), max_length=160)
    text = models.TextField(_("récit"), max_length=6000)
    video_url = models.URLField(_("lien vers une vidéo (facultatif)"), blank=True)
    audience = models.CharField(
        _("qui peut le lire"), max_length=15, choices=Audience.choices, default=Audience.ORGANISATION
    )
    status = models.CharField(
        _("statut"), max_length=15, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    consent_at = models.DateTimeField(_("consentement de l'agent"), null=True, blank=True)
    moderation_comment = models.TextField(_("commentaire de la RH"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("récit")
        verbose_name_plural = _("récits")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            # consent is given at submission and stands while the story is read; withdrawing takes it back
            models.CheckConstraint(
                condition=~models.Q(status__in=[StoryStatus.SUBMITTED, StoryStatus.PUBLISHED])
                | models.Q(consent_at__isnull=False),
                name="story_read_only_with_consent",
            ),
            # a publication date belongs to a published story only
            models.CheckConstraint(
                condition=models.Q(status=StoryStatus.PUBLISHED, published_at__isnull=False)
                | (~models.Q(status=StoryStatus.PUBLISHED) & models.Q(published_at__isnull=True)),
                name="story_published_at_only_when_published",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=StoryStatus.WITHDRAWN) | models.Q(consent_at__isnull=True),
                name="story_withdrawn_without_consent",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class StoryEvent(models.Model):
    """The story's history: who moved it, when, from where to where (HR's comment when it sent it back)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("étape"), max_length=20, choices=StoryEventKind.choices)
    from_status = models.CharField(max_length=15, choices=StoryStatus.choices)
    to_status = models.CharField(max_length=15, choices=StoryStatus.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("étape du récit")
        verbose_name_plural = _("étapes du récit")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.story}: {self.from_status} → {self.to_status}"


class StoryPhoto(models.Model):
    """Up to three photos per story, each with its description (for those who do not see it)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=RandomName("recits"))  # served by a view
    alt = models.CharField(_("description de la photo"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo du récit")
        verbose_name_plural = _("photos du récit")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.alt
