"""Engagements: one agent on one mission, moved only through the lifecycle table."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from passerelles.engagements.lifecycle import OPEN_STATES, ConsentChannel, EndReason, EventKind, State
from passerelles.foundation.choices import QuickChoicesDisplay
from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.missions.models import Mission
from passerelles.people.models import Agent


class EngagementQuerySet(ActorScopedQuerySet):
    scope = "engagements.engagements"

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def for_organisation(self, user, organisation):
        """HR's list of the organisation's engagements (``engagements/scopes.organisation_engagements``)."""
        return self.scoped("engagements.organisation_engagements", user, organisation=organisation)


class Engagement(QuickChoicesDisplay, models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="engagements")
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="engagements")
    state = models.CharField(_("étape"), max_length=20, choices=State.choices, db_index=True)
    message = models.TextField(_("message de l'agent"), blank=True)
    # Private to the agent and HR: never shown to the manager (a withdrawal costs nothing and is never seen).
    withdraw_reason = models.TextField(_("raison du retrait"), blank=True)
    decline_reason = models.TextField(_("raison"), blank=True)
    # « Garder la raison pour la RH »: the decline reason is read by HR (and whoever wrote it), never by the
    # agent, who is told the decision with a neutral sentence (NEUTRAL_DECLINE).
    decline_reason_private = models.BooleanField(_("raison gardée pour la RH"), default=False)
    end_reason = models.CharField(_("motif de fin"), max_length=30, choices=EndReason.choices, blank=True)
    # The engagement's own dates and time share: the mission's at first, other dates if the manager proposes
    # them, a new end date on extension. Caps are computed on these.
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    percent = models.PositiveSmallIntegerField(_("quotité (%)"))
    agreement_round = models.PositiveSmallIntegerField(default=0)
    # While an extension is being agreed, the end date asked for; the engagement stays active meanwhile.
    extension_end_date = models.DateField(_("prolongation demandée jusqu'au"), null=True, blank=True)
    # Nobody agrees to dates already gone. HR alone may regularise a start already made (the agent began before
    # every agreement was given): the flag, its reason and the real start date are then shown on the page and
    # written in the documents (see services.engagement_set_dates).
    regularisation = models.BooleanField(_("régularisation : démarrage antérieur à l'accord"), default=False)
    regularisation_reason = models.CharField(_("raison de la régularisation"), max_length=500, blank=True)
    # Where the framework wants the assemblée délibérante informed beforehand (a MAD, a mécénat), HR records
    # when it was, with a short reference (the session): a condition before `ready` (frameworks/assembly.py).
    assembly_informed_on = models.DateField(_("assemblée délibérante informée le"), null=True, blank=True)
    assembly_reference = models.CharField(_("référence (séance, délibération)"), max_length=200, blank=True)
    # « ça m'intéresse » said in person or by phone, recorded by HR or the agent's « personne relais »
    # (engagements/services/on_behalf.py): who, when, and how the agent gave their consent — shown to the
    # agent with a one-step withdrawal.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré pour l'agent par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("enregistré pour l'agent le"), null=True, blank=True)
    consent_channel = models.CharField(
        _("accord donné"), max_length=20, choices=ConsentChannel.choices, blank=True
    )
    consent_note = models.CharField(_("précision sur l'accord"), max_length=300, blank=True)
    # A mission of a programme run as a test: the agent is told so and agrees (issue 16). The notice they read
    # is copied here, so a later change of the programme's text never changes what they agreed to.
    programme_consent_at = models.DateTimeField(_("participation au test acceptée le"), null=True, blank=True)
    programme_notice = models.TextField(_("information sur le test lue par l'agent"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-updated_at"]
        constraints = [
            # one open engagement per agent and mission: a double click creates nothing more
            models.UniqueConstraint(
                fields=["agent", "mission"],
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                name="one_open_engagement_per_agent_and_mission",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="engagement_dates"
            ),
            # a regularisation always says why
            models.CheckConstraint(
                condition=models.Q(regularisation=False) | ~models.Q(regularisation_reason=""),
                name="engagement_regularisation_has_reason",
            ),
            # a reason kept for HR is a decline's reason
            models.CheckConstraint(
                condition=models.Q(decline_reason_private=False) | models.Q(state=State.DECLINED),
                name="private_reason_only_when_declined",
            ),
            # an extension is asked for a mission under way only: the bug of an extension left pending on a
            # mission withdrawn or ended early (reminders kept asking to extend it) cannot be written again
            models.CheckConstraint(
                condition=models.Q(extension_end_date__isnull=True) | models.Q(state=State.ACTIVE),
                name="extension_only_while_active",
            ),
            # nobody is turned down without a reason (shared with them, or kept for HR)
            models.CheckConstraint(
                condition=~models.Q(state=State.DECLINED) | ~models.Q(decline_reason=""),
                name="decline_has_reason",
            ),
            # an interest recorded on the agent's behalf always says how they consented, and only then
            models.CheckConstraint(
                condition=models.Q(recorded_at__isnull=True, consent_channel="", consent_note="")
                | (models.Q(recorded_at__isnull=False) & ~models.Q(consent_channel="")),
                name="on_behalf_has_consent",
            ),
            # an end reason belongs to an ended mission
            models.CheckConstraint(
                condition=models.Q(end_reason="") | models.Q(state__in=[State.ENDED, State.EVALUATED]),
                name="end_reason_only_when_ended",
            ),
        ]

    def __str__(self):
        return f"{self.agent} — {self.mission}"


class EngagementEvent(models.Model):
    """The timeline HR sees: who moved the engagement, when, from where to where, with which comment."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("étape"), max_length=30, choices=EventKind.choices)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)  # set explicitly by the daily job when it catches up

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.engagement}: {self.from_state or '∅'} → {self.to_state}"


class Meeting(models.Model):
    """The rencontre before any commitment: when, where (or which video link), and whether both want to go on."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="meeting")
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=45)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    visio_url = models.URLField(_("lien de visioconférence"), blank=True)
    notes = models.TextField(_("notes après la rencontre"), blank=True)
    agent_continues = models.BooleanField(_("l'agent souhaite continuer"), null=True)
    host_continues = models.BooleanField(_("l'accueil souhaite continuer"), null=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The calendars' view of it (engagements/calendar.py): SEQUENCE grows at each change, so that a calendar
    # replaces the event it holds; only an invitation that left (invited_at) is ever cancelled, once.
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0)
    invited_at = models.DateTimeField(_("invitation envoyée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")

    def __str__(self):
        return f"{self.engagement} — {self.starts_at:%d/%m/%Y %H:%M}"


class Party(models.TextChoices):
    """Who agrees (and accepts documents). HR and SIGNATORY are the origin employer's (the agent's
    organisation); HOST_HR and HOST_SIGNATORY are the host employer's, asked where the framework is an act
    between two employers (a mise à disposition: L512-7 needs both). AGENT is asked in rounds where the law
    wants the agent's own agreement beyond their acceptance of the engagement (each renewal of a MAD)."""

    AGENT = "agent", _("Agent")
    MANAGER = "manager", _("Encadrant·e")
    HOST = "host", pgettext_lazy("hosting party", "Accueil")
    HR = "hr", _("RH")
    SIGNATORY = "signatory", _("Signataire")
    HOST_HR = "host_hr", _("RH de l'accueil")
    HOST_SIGNATORY = "host_signatory", _("Autorité de l'accueil")


class Decision(models.TextChoices):
    PENDING = "pending", _("En attente")
    AGREED = "agreed", _("D'accord")
    DECLINED = "declined", _("Refus")
    # an extension round that lapsed (the mission ended or was left before everyone answered)
    CANCELLED = "cancelled", _("Sans objet")


class Agreement(models.Model):
    """One party's agreement in one round (a new round opens on extension or when dates change)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="agreements")
    round = models.PositiveSmallIntegerField()
    party = models.CharField(max_length=20, choices=Party.choices)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("raison"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("accord")
        verbose_name_plural = _("accords")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "round", "party"], name="one_agreement_per_party_and_round"
            )
        ]

    def __str__(self):
        return f"{self.engagement} — {self.get_party_display()} : {self.get_decision_display()}"
