"""Crisis mode (issue 17): prepared in calm times, activated when it comes, planned fairly, closed cleanly.

- **Calm times**: an organisation's continuity plan (``ContinuityPlan``: its essential units with their minimum
  staffing, ``EssentialUnit``; its scenarios and the units each one closes, ``Scenario``) and its crisis
  registry (``Volunteer``: agents who volunteered in advance, with crisis skills, habilitations, constraints and
  what they would rather not do).
- **Activation** (``Crisis``): for an organisation or a network; the scenario's units are copied in
  (``CrisisUnit``) so that a later change of the plan never changes a crisis under way. Volunteers are asked to
  confirm (``Availability``); units post their needs as shifts (``Need``).
- **Planning** (``Plan``, ``Assignment``, ``Unfilled``): crisis/planner.py computes a plan (no database), HR
  adjusts and publishes; each published assignment belongs to an engagement on the crisis path.
- **End**: every crisis engagement ends, a debrief (``Debrief``) asks each person how the move was lived.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passerelles.crisis.vocabulary import (
    Answer,
    CrisisStatus,
    MoveOrigin,
    PlanStatus,
    Priority,
    ScenarioKind,
    UnitRole,
)
from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.organisations.models import Network, Organisation, OrgUnit, WorkSite
from passerelles.people.models import Agent

WEEKDAYS = [0, 1, 2, 3, 4]  # Monday to Friday: a volunteer's default days
MAX_HOURS_PER_WEEK = 48  # the legal weekly maximum (décret 2000-815 art. 3): no form accepts more


def default_days():
    return list(WEEKDAYS)


# --- calm times: the continuity plan --------------------------------------------------------------------------


class ContinuityPlanQuerySet(ActorScopedQuerySet):
    scope = "crisis.plans"


class ContinuityPlan(models.Model):
    """An organisation's plan de continuité d'activité (PCA), as far as crisis redeployment needs it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="continuity_plan"
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ContinuityPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan de continuité d'activité")
        verbose_name_plural = _("plans de continuité d'activité")

    def __str__(self):
        return str(_("PCA de %(organisation)s") % {"organisation": self.organisation})


class EssentialUnit(models.Model):
    """A unit that must keep running in every scenario, never below ``minimum_staff`` of its own agents on
    duty: the planner takes none of them away below that number."""

    plan = models.ForeignKey(ContinuityPlan, on_delete=models.CASCADE, related_name="essential_units")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unité"), on_delete=models.CASCADE, related_name="+")
    minimum_staff = models.PositiveIntegerField(
        _("effectif minimum"), validators=[MaxValueValidator(100_000)]
    )

    class Meta:
        verbose_name = _("unité essentielle")
        verbose_name_plural = _("unités essentielles")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="crisis_essential_unit_once")]

    def __str__(self):
        return f"{self.unit} ≥ {self.minimum_staff}"


class Scenario(models.Model):
    """A scenario of the plan (« canicule », « épidémie »…): the units it closes, whose agents may then help."""

    plan = models.ForeignKey(ContinuityPlan, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("nom"), max_length=120)
    kind = models.CharField(
        _("type"), max_length=20, choices=ScenarioKind.choices, default=ScenarioKind.OTHER
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    closed_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("unités fermées"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("scénario")
        verbose_name_plural = _("scénarios")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="crisis_scenario_name_once")]

    def __str__(self):
        return self.name


# --- calm times: the registry ---------------------------------------------------------------------------------


class VolunteerQuerySet(ActorScopedQuerySet):
    scope = "crisis.volunteers"


class Volunteer(models.Model):
    """An agent of the crisis registry: volunteered in advance, in calm times, and can leave it at any time.
    Seen by the agent and by the HR of their organisation (and, during a network crisis, by the coordinators
    of the network the crisis belongs to)."""

    agent = models.OneToOneField(Agent, on_delete=models.CASCADE, related_name="crisis_volunteer")
    skills = models.JSONField(_("compétences de crise"), default=list, blank=True)  # CrisisSkill codes
    habilitations = models.JSONField(_("habilitations"), default=list, blank=True)  # Habilitation codes
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("heures par semaine au plus"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS_PER_WEEK)],
    )
    days = models.JSONField(_("jours possibles"), default=default_days, blank=True)  # weekdays, 0 = Monday
    sites = models.ManyToManyField(
        WorkSite, verbose_name=_("sites que je peux rejoindre"), blank=True, related_name="+"
    )
    rather_not = models.JSONField(
        _("ce que je préfère éviter"), default=list, blank=True
    )  # CrisisSkill codes
    rather_not_note = models.CharField(_("à savoir"), max_length=500, blank=True)
    joined_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    is_active = models.BooleanField(_("inscrit·e"), default=True)
    left_at = models.DateTimeField(_("retiré·e le"), null=True, blank=True)
    # joined through a crisis's broadcast call rather than in calm times
    joined_during = models.ForeignKey(
        "Crisis", null=True, blank=True, on_delete=models.SET_NULL, related_name="joined_volunteers"
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volontaire de crise")
        verbose_name_plural = _("volontaires de crise")

    def __str__(self):
        return str(self.agent)


# --- activation -----------------------------------------------------------------------------------------------


class CrisisQuerySet(ActorScopedQuerySet):
    scope = "crisis.crises"


class Crisis(models.Model):
    """An activated crisis, for one organisation or for a network (exactly one of the two)."""

    name = models.CharField(_("nom"), max_length=160)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="crises"
    )
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.PROTECT, related_name="crises"
    )
    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_on = models.DateField(_("début"))
    expected_end = models.DateField(_("fin prévue"))
    status = models.CharField(
        _("état"), max_length=10, choices=CrisisStatus.choices, default=CrisisStatus.ACTIVE
    )
    # The lighter path (configurable): the agent's consent and HR's; the manager is informed, or must agree.
    manager_must_agree = models.BooleanField(_("l'accord de l'encadrant·e est requis"), default=False)
    min_rest_hours = models.PositiveSmallIntegerField(
        _("repos minimum entre deux créneaux (heures)"), default=11, validators=[MaxValueValidator(48)]
    )
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    activated_at = models.DateTimeField(_("activée le"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)

    objects = CrisisQuerySet.as_manager()

    class Meta:
        verbose_name = _("crise")
        verbose_name_plural = _("crises")
        ordering = ["-activated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(network__isnull=True))
                | (Q(organisation__isnull=True) & Q(network__isnull=False)),
                name="crisis_one_organisation_or_one_network",
            ),
            models.CheckConstraint(
                condition=Q(expected_end__gte=models.F("starts_on")), name="crisis_end_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == CrisisStatus.ACTIVE


class CrisisUnit(models.Model):
    """A unit's role during this crisis, copied from the plan and the scenario at activation."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("rôle"), max_length=10, choices=UnitRole.choices)
    minimum_staff = models.PositiveIntegerField(_("effectif minimum"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["crisis", "unit"], name="crisis_unit_once")]

    def __str__(self):
        return f"{self.unit} ({self.get_role_display()})"


class Availability(models.Model):
    """« Êtes-vous disponible ? »: one per volunteer and crisis, asked through the person's channel; the answer
    comes by the link of the message (``token``) or from the person's page."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="availabilities")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="availabilities")
    answer = models.CharField(_("réponse"), max_length=12, choices=Answer.choices, default=Answer.ASKED)
    # the crisis days the person can give (ISO dates), empty: every day of their usual days
    dates = models.JSONField(_("jours disponibles"), default=list, blank=True)
    note = models.CharField(_("précision"), max_length=300, blank=True)
    token = models.CharField(max_length=64, unique=True)
    asked_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("disponibilité")
        verbose_name_plural = _("disponibilités")
        constraints = [
            models.UniqueConstraint(fields=["crisis", "volunteer"], name="crisis_availability_once")
        ]

    def __str__(self):
        return f"{self.volunteer} : {self.get_answer_display()}"


class Broadcast(models.Model):
    """A call to every agent of the crisis's organisations to join the registry now (counts only)."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="broadcasts")
    message = models.TextField(_("message"), max_length=1000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    reached = models.PositiveIntegerField(_("personnes prévenues"), default=0)
    unreachable = models.PositiveIntegerField(_("personnes sans moyen de contact"), default=0)

    def __str__(self):
        return f"{self.crisis} — {self.sent_at:%d/%m/%Y %H:%M}"


class NeedQuerySet(ActorScopedQuerySet):
    scope = "crisis.needs"


class Need(models.Model):
    """A shift a unit needs covered: a date, hours, a place, what it takes, how many people, how vital."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="needs")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unité"), on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(
        WorkSite, verbose_name=_("site"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("lieu précis"), max_length=200, blank=True)
    title = models.CharField(_("intitulé"), max_length=160)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))  # before start_time: the shift ends the next day (a night)
    skills = models.JSONField(_("compétences souhaitées"), default=list, blank=True)
    habilitations = models.JSONField(_("habilitations requises"), default=list, blank=True)
    head_count = models.PositiveSmallIntegerField(
        _("personnes"), default=1, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    priority = models.PositiveSmallIntegerField(
        _("priorité"), choices=Priority.choices, default=Priority.HIGH
    )
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["date", "start_time", "pk"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m})"


# --- the plan -------------------------------------------------------------------------------------------------


class Plan(models.Model):
    """A redeployment plan computed by crisis/planner.py, adjusted by hand, then published. A new plan starts
    from the published one (stability: re-planning changes as few assignments as possible)."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(_("état"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # what the solver said: status, coverage, objective, bound, gap, seconds, counts
    stats = models.JSONField(_("résultats du calcul"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan de redéploiement")
        verbose_name_plural = _("plans de redéploiement")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.crisis} — plan {self.pk}"


class Assignment(models.Model):
    """One volunteer on one shift of a plan; once published, part of the person's crisis engagement."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="assignments")
    by_hand = models.BooleanField(_("ajustée à la main"), default=False)
    origin = models.CharField(
        _("origine"), max_length=12, choices=MoveOrigin.choices, default=MoveOrigin.VOLUNTEERED
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crisis_shifts",
    )
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("motif du retrait"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        constraints = [
            models.UniqueConstraint(fields=["plan", "need", "volunteer"], name="crisis_assignment_once")
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.need}"


class Unfilled(models.Model):
    """A shift the plan could not fill, with the reason in plain French."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="unfilled")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    missing = models.PositiveSmallIntegerField(_("personnes manquantes"))
    reason = models.CharField(_("raison"), max_length=300)

    def __str__(self):
        return f"{self.need} : {self.reason}"


# --- the end --------------------------------------------------------------------------------------------------


class Debrief(models.Model):
    """After the crisis, each person who moved says how it was lived: chosen or « plus ou moins subi »."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="debriefs")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="crisis_debriefs")
    answers = models.JSONField(_("réponses"), default=dict)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("retour d'expérience individuel")
        verbose_name_plural = _("retours d'expérience individuels")
        constraints = [models.UniqueConstraint(fields=["crisis", "agent"], name="crisis_debrief_once")]

    def __str__(self):
        return f"{self.agent} — {self.crisis}"
