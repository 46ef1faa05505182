"""Stories (récits): an agent tells a mission, with explicit publication choices and HR moderation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.engagements.models import Engagement
from passerelles.foundation.files import RandomName
from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.people.models import Agent


class Audience(models.TextChoices):
    ORGANISATION = "organisation", _("Dans mon organisation")
    NETWORK = "network", _("Dans tout le réseau")
    PUBLIC = "public", _("Publiquement")


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("En relecture RH")
    CHANGES = "changes", _("À reprendre")
    PUBLISHED = "published", _("Publié")
    WITHDRAWN = "withdrawn", _("Retiré")


class StoryQuerySet(ActorScopedQuerySet):
    scope = "stories"


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

    def __str__(self):
        return self.title


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
