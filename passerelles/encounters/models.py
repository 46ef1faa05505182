"""Mission forums and café-missions (issue 19): an organiser gathers hosts who pitch a mission and agents who
rank the conversations they would like; a schedule seats them; after the event each side says whether to go on.

- ``Encounter``: the event (its format, its scope: the invited organisations, its status);
- ``Pitch``: a host presents one published mission (short text, optional photo, served by a view);
- ``Registration`` and ``Wish``: an agent registers and ranks up to five pitches; the host may mark a wish
  (« j'aimerais le ou la rencontrer »);
- ``Conversation``: one seat of the schedule (agent × pitch × round × table) and, after the event, each side's
  private « je souhaite continuer »; the engagement born of it when both said yes;
- ``Notice``: one row per person told of something (announcement, invitation to pitch, agenda), so that a task
  run twice tells nobody twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passerelles.encounters import rules
from passerelles.encounters.rules import Kind, Status
from passerelles.foundation.files import RandomName
from passerelles.foundation.querysets import ActorScopedQuerySet


class EncounterQuerySet(ActorScopedQuerySet):
    scope = "encounters.encounters"


class Encounter(models.Model):
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.FORUM)
    title = models.CharField(_("intitulé"), max_length=160)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="encounters",
        verbose_name=_("organisation qui l'organise"),
    )
    network = models.ForeignKey(
        "organisations.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="encounters",
        verbose_name=_("réseau"),
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        related_name="invited_encounters",
        verbose_name=_("organisations invitées"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("heure de début"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    visio_url = models.URLField(_("lien de visioconférence"), blank=True)
    conversation_minutes = models.PositiveSmallIntegerField(
        _("durée d'une conversation (minutes)"), default=15
    )
    pause_minutes = models.PositiveSmallIntegerField(_("pause entre deux conversations (minutes)"), default=5)
    rounds = models.PositiveSmallIntegerField(_("nombre de tours de conversation"), default=4)
    tables = models.PositiveSmallIntegerField(_("tables en parallèle"), default=4)
    seats = models.PositiveSmallIntegerField(_("agents par table"), default=1)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    hosts_invited_at = models.DateTimeField(_("porteurs invités le"), null=True, blank=True)
    opened_at = models.DateTimeField(_("ouvert le"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("planning calculé le"), null=True, blank=True)
    schedule_optimal = models.BooleanField(_("planning optimal"), default=False)
    sent_at = models.DateTimeField(_("planning envoyé le"), null=True, blank=True)
    held_at = models.DateTimeField(_("déclaré tenu le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancel_reason = models.CharField(_("raison de l'annulation"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = EncounterQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum ou café-missions")
        verbose_name_plural = _("forums et cafés-missions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__gt="") | Q(visio_url__gt=""), name="encounter_has_place_or_visio"
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, tables__gte=1, rounds__gte=1, conversation_minutes__gte=1),
                name="encounter_format_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CANCELLED) | Q(cancelled_at__isnull=False),
                name="encounter_cancelled_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.DRAFT, Status.CANCELLED]) | Q(opened_at__isnull=False),
                name="encounter_open_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.SCHEDULED, Status.HELD]) | Q(sent_at__isnull=False),
                name="encounter_scheduled_was_sent",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def format(self) -> rules.Format:
        return rules.Format(
            minutes=self.conversation_minutes,
            pause=self.pause_minutes,
            rounds=self.rounds,
            tables=self.tables,
            seats=self.seats,
        )

    @property
    def where(self) -> str:
        return " — ".join(part for part in (self.place, self.visio_url) if part)

    @property
    def is_pitching(self) -> bool:
        return self.status in rules.PITCHING


class Pitch(models.Model):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="pitches")
    mission = models.ForeignKey("missions.Mission", on_delete=models.PROTECT, related_name="pitches")
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pitches",
        verbose_name=_("présenté par"),
    )
    text = models.TextField(_("présentation"), max_length=rules.PITCH_MAX_CHARS)
    photo = models.ImageField(_("photo"), upload_to=RandomName("rencontres"), blank=True)  # served by a view
    photo_alt = models.CharField(_("description de la photo"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("présentation de mission")
        verbose_name_plural = _("présentations de missions")
        ordering = ["mission__title", "pk"]
        constraints = [models.UniqueConstraint(fields=["encounter", "mission"], name="one_pitch_per_mission")]

    def __str__(self):
        return f"{self.mission} ({self.encounter})"


class Registration(models.Model):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="registrations")
    agent = models.ForeignKey(
        "people.Agent", on_delete=models.CASCADE, related_name="encounter_registrations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["agent__last_name", "agent__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["encounter", "agent"], name="one_registration_per_agent")
        ]

    def __str__(self):
        return f"{self.agent} ({self.encounter})"


class Wish(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="wishes")
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("rang"))
    host_marked = models.BooleanField(_("l'accueil aimerait le ou la rencontrer"), default=False)

    class Meta:
        verbose_name = _("souhait")
        verbose_name_plural = _("souhaits")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "rank"], name="one_pitch_per_rank"),
            models.UniqueConstraint(fields=["registration", "pitch"], name="one_rank_per_pitch"),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=rules.MAX_WISHES), name="wish_rank_one_to_five"
            ),
        ]

    def __str__(self):
        return f"{self.registration.agent} → {self.pitch} ({self.rank})"


class Conversation(models.Model):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="conversations")
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="conversations")
    agent = models.ForeignKey(
        "people.Agent", on_delete=models.CASCADE, related_name="encounter_conversations"
    )
    round = models.PositiveSmallIntegerField(_("tour"))
    table = models.PositiveSmallIntegerField(_("table"))
    starts_at = models.DateTimeField(_("début"))
    agent_continues = models.BooleanField(_("l'agent souhaite continuer"), null=True)
    host_continues = models.BooleanField(_("l'accueil souhaite continuer"), null=True)
    # a mission of a programme run as a test: the agent's « oui » carries their consent to take part in it
    programme_consent_at = models.DateTimeField(_("participation au test acceptée le"), null=True, blank=True)
    engagement = models.ForeignKey(
        "engagements.Engagement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["round", "table", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["encounter", "agent", "round"], name="agent_once_per_round"),
            models.UniqueConstraint(fields=["pitch", "agent"], name="agent_meets_host_once"),
        ]

    def __str__(self):
        return f"{self.agent} × {self.pitch} ({self.round + 1})"

    @property
    def round_label(self) -> int:
        return self.round + 1

    @property
    def table_label(self) -> int:
        return self.table + 1


class NoticePurpose(models.TextChoices):
    ANNOUNCE = "announce", _("annonce de l'ouverture")
    INVITE_HOST = "invite_host", _("invitation à présenter une mission")
    AGENDA = "agenda", _("agenda personnel")
    CANCELLED = "cancelled", _("annulation")


class Notice(models.Model):
    """« This person was told this »: written in the transaction of the notification, so a task run twice (or
    two workers at once) notifies each person once."""

    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=20, choices=NoticePurpose.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["encounter", "user", "purpose"], name="one_notice_per_purpose")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_purpose_display()})"
