"""Cohort programmes of a network (issue 18, the four-collectivités cadre journey of seeds/004): a goal of
« N mouvements significatifs » by a date, the DGS as sponsors, the communication checklist, the members'
nominations (an agent is a participant only once they said yes), a journey of steps with attendance, the
opportunities offered in other members and, for each, the side-by-side sheet of what changes on a move.

Privacy is in the data, not only in the pages: an opportunity has no reason field and no answer date, and
keeps no history, so that a decline leaves nothing to the offering member beyond its state (« déclinée »).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.querysets import ActorScopedQuerySet


class CohortProgrammeQuerySet(ActorScopedQuerySet):
    scope = "cohorts.programmes"


class CohortProgramme(models.Model):
    """A network's shared journey for cadres, run by its coordinators with the members' DGS as sponsors."""

    network = models.ForeignKey(
        "organisations.Network", on_delete=models.PROTECT, related_name="cohort_programmes"
    )
    name = models.CharField(_("nom du programme"), max_length=200)
    description = models.TextField(
        _("présentation"),
        blank=True,
        validators=[MaxLengthValidator(4000)],
        help_text=_("Ce que lira l'agent."),
    )
    goal_moves = models.PositiveSmallIntegerField(
        _("mouvements significatifs visés"),
        validators=[MinValueValidator(1)],
        help_text=_("Nombre de cadres qui changent de collectivité grâce au programme."),
    )
    goal_end_on = models.DateField(_("objectif à atteindre au plus tard le"))
    criteria = models.TextField(
        _("critères de sélection"),
        blank=True,
        validators=[MaxLengthValidator(4000)],
        help_text=_(
            "Liste d'abord, critères ensuite : chaque membre propose ses candidat·es, puis l'on écrit ici "
            "les critères qui s'en dégagent."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme de cohorte")
        verbose_name_plural = _("programmes de cohorte")
        ordering = ["-goal_end_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal_moves__gte=1),
                name="cohort_goal_at_least_one",
                violation_error_message=_("L'objectif compte au moins un mouvement."),
            )
        ]

    def __str__(self):
        return self.name


class Sponsor(models.Model):
    """A member's DGS (or another signatory) sponsoring and steering the programme, as the proposal asks."""

    programme = models.ForeignKey(CohortProgramme, on_delete=models.CASCADE, related_name="sponsors")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["organisation__name", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="unique_cohort_sponsor")]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class ChecklistKind(models.TextChoices):
    """The conditions of success of the proposal, in its order."""

    ELECTED = "elus", _("Principaux élu·es informé·es en amont, principe validé")
    SPONSORS = "dgs", _("DGS sponsors et pilotes de la démarche")
    INTERNAL_LAUNCH = "lancement", _("Lancement interne (réunion DGS et DRH, annonce aux cadres)")
    SHARED_MESSAGES = "messages", _("Éléments de communication communs partagés entre les membres")


class ChecklistItem(models.Model):
    programme = models.ForeignKey(CohortProgramme, on_delete=models.CASCADE, related_name="checklist")
    kind = models.CharField(_("étape de communication"), max_length=20, choices=ChecklistKind.choices)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(_("cochée le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("étape de communication")
        verbose_name_plural = _("plan de communication")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="unique_cohort_checklist_kind"),
            # whoever ticked it, it has a date (the person may later leave: the date stays)
            models.CheckConstraint(
                condition=Q(done_by__isnull=True) | Q(done_at__isnull=False), name="cohort_checklist_dated"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class NominationState(models.TextChoices):
    AWAITING = "awaiting", _("En attente de l'accord de l'agent")
    PARTICIPANT = "participant", _("Participant·e")
    DECLINED = "declined", _("N'a pas souhaité participer")
    WITHDRAWN = "withdrawn", _("Ne participe plus")


class NominationQuerySet(ActorScopedQuerySet):
    scope = "cohorts.nominations"

    def participants(self):
        return self.filter(state=NominationState.PARTICIPANT)


class Nomination(models.Model):
    """A member's HR proposes one of its agents; the agent alone makes it a participation (their consent)."""

    programme = models.ForeignKey(CohortProgramme, on_delete=models.CASCADE, related_name="nominations")
    agent = models.ForeignKey("people.Agent", on_delete=models.PROTECT, related_name="cohort_nominations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("L'employeur de l'agent au moment de la proposition."),
    )
    state = models.CharField(
        _("situation"), max_length=12, choices=NominationState.choices, default=NominationState.AWAITING
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    consented_at = models.DateTimeField(_("accord de l'agent le"), null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature proposée")
        verbose_name_plural = _("candidatures proposées")
        ordering = ["organisation__name", "agent__last_name", "agent__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "agent"], name="unique_cohort_nomination"),
            # no participant without the agent's own yes
            models.CheckConstraint(
                condition=~Q(state="participant") | Q(consented_at__isnull=False),
                name="cohort_participant_consented",
            ),
        ]

    def __str__(self):
        return f"{self.agent} — {self.programme}"

    @property
    def is_participant(self) -> bool:
        return self.state == NominationState.PARTICIPANT


class StepKind(models.TextChoices):
    SEMINAR = "seminaire", _("Séminaire de lancement")
    MODULE = "module", _("Module de l'école de management")
    COACHING = "coaching", _("Coaching")
    INTERVIEW = "entretien", _("Entretiens individuels")


class JourneyStep(models.Model):
    programme = models.ForeignKey(CohortProgramme, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("type d'étape"), max_length=12, choices=StepKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    held_on = models.DateField(_("date"))
    ends_on = models.DateField(_("jusqu'au (si plusieurs jours)"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("étape du parcours")
        verbose_name_plural = _("étapes du parcours")
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("held_on")),
                name="cohort_step_ends_after_start",
                violation_error_message=_("La fin ne peut pas précéder le début de l'étape."),
            )
        ]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Présent·e")
    EXCUSED = "excuse", _("Excusé·e")
    ABSENT = "absent", _("Absent·e")


class Attendance(models.Model):
    step = models.ForeignKey(JourneyStep, on_delete=models.CASCADE, related_name="attendances")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("présence"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["step", "nomination"], name="unique_cohort_attendance")
        ]

    def __str__(self):
        return f"{self.nomination.agent} — {self.step}: {self.get_status_display()}"


class OpportunityKind(models.TextChoices):
    VACANCY = "poste", _("Poste vacant")
    MISSION = "mission", _("Mission")


class OpportunityState(models.TextChoices):
    OFFERED = "offered", _("Proposée")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")


class OpportunityQuerySet(ActorScopedQuerySet):
    scope = "cohorts.opportunities"


class Opportunity(models.Model):
    """A real vacancy or mission of another member, offered to one participant. The participant accepts or
    declines without a word: there is deliberately no reason field, no answer timestamp and no history table
    here, so a decline shows the offering member nothing but its state. An accepted one is a move
    (« mouvement significatif ») dated ``accepted_on``, counted toward the programme's goal."""

    programme = models.ForeignKey(CohortProgramme, on_delete=models.CASCADE, related_name="opportunities")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="opportunities")
    offering_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employeur qui propose"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("nature"), max_length=10, choices=OpportunityKind.choices)
    title = models.CharField(_("intitulé du poste ou de la mission"), max_length=200)
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(4000)])
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("mission publiée correspondante"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_on = models.DateField(_("proposée le"), default=timezone.localdate)
    state = models.CharField(
        _("réponse"), max_length=10, choices=OpportunityState.choices, default=OpportunityState.OFFERED
    )
    accepted_on = models.DateField(_("acceptée le"), null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunité")
        verbose_name_plural = _("opportunités")
        ordering = ["-offered_on", "-id"]
        constraints = [
            # a move has its date; nothing else is ever dated after the offer
            models.CheckConstraint(
                condition=(Q(state="accepted") & Q(accepted_on__isnull=False))
                | (~Q(state="accepted") & Q(accepted_on__isnull=True)),
                name="cohort_opportunity_move_dated",
            )
        ]

    def __str__(self):
        return self.title


class SheetSide(models.TextChoices):
    ORIGIN = "origine", _("Employeur actuel")
    HOST = "accueil", _("Employeur d'accueil")


class MoveSheetSide(models.Model):
    """One employer's column of the side-by-side sheet, entered by that employer's HR only."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="sheet_sides")
    side = models.CharField(max_length=10, choices=SheetSide.choices)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("poste"), max_length=200)
    grade = models.CharField(_("grade et cadre d'emplois"), max_length=200)
    grade_equivalence = models.CharField(
        _("équivalence de grade"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : détachement ou mutation sur un grade équivalent, échelon conservé."),
    )
    gross_monthly_pay = models.DecimalField(
        _("traitement brut mensuel (€)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    ri_monthly = models.DecimalField(
        _("régime indemnitaire mensuel : IFSE (€)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    ri_yearly_bonus = models.DecimalField(
        _("complément indemnitaire annuel : CIA (€ par an)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(
        _("autres éléments"),
        blank=True,
        validators=[MaxLengthValidator(1000)],
        help_text=_("Temps de travail, NBI, astreintes, avantages, télétravail…"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("colonne de la fiche comparative")
        verbose_name_plural = _("fiches comparatives")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "side"], name="unique_cohort_sheet_side"),
            models.CheckConstraint(
                condition=Q(gross_monthly_pay__gte=0) & Q(ri_monthly__gte=0) & Q(ri_yearly_bonus__gte=0),
                name="cohort_sheet_amounts_positive",
                violation_error_message=_("Les montants ne peuvent pas être négatifs."),
            ),
        ]

    def __str__(self):
        return f"{self.opportunity} — {self.get_side_display()}"
