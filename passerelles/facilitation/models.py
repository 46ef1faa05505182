"""The facilitators' pool (« vivier d'animateurs », Gironde; issue 19).

- ``Facilitator``: an agent who volunteered for short facilitation calls — topics, hours per month offered,
  whether the network's coordinators see them too. Leaving sets ``left_at``: nobody sees them any more (the
  calls already held stay, as the time they gave);
- ``FacilitationCall``: one call sent by an organiser (HR, or a network coordinator) to one volunteer; the
  volunteer accepts or declines privately; after the date the organiser says whether it took place, and the
  time held is recognised (passport, dashboards).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passerelles.facilitation import rules
from passerelles.foundation.querysets import ActorScopedQuerySet


class FacilitatorQuerySet(ActorScopedQuerySet):
    scope = "facilitation.facilitators"

    def active(self):
        return self.filter(left_at__isnull=True)


class Facilitator(models.Model):
    agent = models.OneToOneField(
        "people.Agent", on_delete=models.CASCADE, related_name="facilitator", verbose_name=_("agent")
    )
    topics = models.JSONField(_("sujets"), default=list, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(
        _("heures par mois au plus"),
        validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_HOURS_PER_MONTH)],
    )
    share_with_network = models.BooleanField(_("visible aussi de la coordination du réseau"), default=False)
    joined_at = models.DateTimeField(_("entré·e dans le vivier le"))
    left_at = models.DateTimeField(_("sorti·e du vivier le"), null=True, blank=True)

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("animateur·rice volontaire")
        verbose_name_plural = _("vivier d'animateurs")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=1) & Q(hours_per_month__lte=rules.MAX_HOURS_PER_MONTH),
                name="facilitator_hours_in_range",
            ),
        ]

    def __str__(self):
        return str(self.agent)

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class CallState(models.TextChoices):
    PROPOSED = rules.PROPOSED, _("Proposée, en attente de réponse")
    ACCEPTED = rules.ACCEPTED, _("Acceptée")
    DECLINED = rules.DECLINED, _("Indisponible")
    HELD = rules.HELD, _("A eu lieu")
    NOT_HELD = rules.NOT_HELD, _("N'a pas eu lieu")


class FacilitationCallQuerySet(ActorScopedQuerySet):
    scope = "facilitation.calls"


class FacilitationCall(models.Model):
    facilitator = models.ForeignKey(
        Facilitator, on_delete=models.CASCADE, related_name="calls", verbose_name=_("animateur·rice")
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="facilitation_calls_sent",
        verbose_name=_("organisé par"),
    )
    subject = models.CharField(_("objet"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"),
        validators=[MinValueValidator(rules.MIN_MINUTES), MaxValueValidator(rules.MAX_MINUTES)],
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    visio_url = models.URLField(_("lien de visioconférence"), blank=True)
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(1000)])
    state = models.CharField(_("état"), max_length=12, choices=CallState.choices, default=CallState.PROPOSED)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bilan le"), null=True, blank=True)

    objects = FacilitationCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à animer")
        verbose_name_plural = _("appels à animer")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=rules.MIN_MINUTES)
                & Q(duration_minutes__lte=rules.MAX_MINUTES),
                name="facilitation_call_duration_in_range",
            ),
            # answered once it left « proposée »; a bilan exactly when it took place or not
            models.CheckConstraint(
                condition=Q(state=rules.PROPOSED) | Q(answered_at__isnull=False),
                name="facilitation_call_answered",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[rules.HELD, rules.NOT_HELD], confirmed_at__isnull=False)
                | (~Q(state__in=[rules.HELD, rules.NOT_HELD]) & Q(confirmed_at__isnull=True)),
                name="facilitation_call_confirmed_iff_bilan",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def slot(self) -> rules.Slot:
        return rules.Slot(self.starts_at, self.duration_minutes)

    @property
    def duration_display(self) -> str:
        return rules.format_minutes(self.duration_minutes)
