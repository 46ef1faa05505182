"""Agents: the people of an organisation, as its HR system (SIRH) knows them.

An agent may exist without an account (loaded from the SIRH export, before they ever log in); the account is
linked when one is created for that person. Names live here because the SIRH is their source of truth.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.core.querysets import ActorScopedQuerySet
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite


class Category(models.TextChoices):
    A_PLUS = "A+", _("A+")
    A = "A", _("A")
    B = "B", _("B")
    C = "C", _("C")


class EmploymentStatus(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    CONTRACTUEL = "contractuel", _("Contractuel·le")


class AgentQuerySet(ActorScopedQuerySet):
    scope = "agents"

    def active(self):
        return self.filter(is_active=True)


class Agent(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agent",
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="agents")
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agents",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("encadrant·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    matricule = models.CharField(_("matricule"), max_length=40, blank=True)
    first_name = models.CharField(_("prénom"), max_length=120)
    last_name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("adresse e-mail professionnelle"), blank=True)
    job_title = models.CharField(_("intitulé du poste"), max_length=200, blank=True)
    category = models.CharField(_("catégorie"), max_length=2, choices=Category.choices)
    grade = models.CharField(_("grade"), max_length=120, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=EmploymentStatus.choices)
    site = models.ForeignKey(
        WorkSite,
        verbose_name=_("site de travail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("actif·ve"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = AgentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "matricule"],
                condition=~models.Q(matricule=""),
                name="unique_matricule_per_organisation",
            ),
            models.CheckConstraint(condition=~models.Q(manager=models.F("id")), name="agent_not_own_manager"),
        ]
        indexes = [models.Index(fields=["organisation", "last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Vérification en cours")
    CHECKED = "checked", _("Vérifié : prêt à appliquer")
    INVALID = "invalid", _("Erreurs à corriger")
    APPLYING = "applying", _("Application en cours")
    APPLIED = "applied", _("Appliqué")
    FAILED = "failed", _("Échec")


class AgentImportQuerySet(ActorScopedQuerySet):
    scope = "agent_imports"


class AgentImport(models.Model):
    """One SIRH file sent by HR: checked first (the preview), then applied on HR's word."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="agent_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")  # private: never served by the media route
    filename = models.CharField(_("fichier"), max_length=255)
    full = models.BooleanField(_("export complet"), default=True)
    status = models.CharField(
        _("état"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    to_deactivate = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [[line, column, message], …]
    preview = models.JSONField(default=dict, blank=True)  # a sample of each kind of change
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = AgentImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import SIRH")
        verbose_name_plural = _("imports SIRH")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.organisation})"

    @property
    def in_progress(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.APPLYING)
