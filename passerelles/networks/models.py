"""The network as an actor (issue 18): its framework agreement (convention-cadre) with its signatories and each
member's deliberation, the coordinator's curation of the network's missions, and the schemes the network
shares with the limits each member took them up with.

The agreement's reference and signature date stay on ``organisations.Network`` (where the rest of the platform
already reads them); this app adds what the agreement is made of. A curation is the network's data about a
member's mission: it never changes the mission itself.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.files import RandomName
from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.organisations.models import Network, Organisation


class FrameworkAgreement(models.Model):
    """What the convention-cadre is made of, beside its reference and signature date (on the network)."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="framework_agreement")
    document = models.FileField(  # served only by networks.views.agreement_document, after the check
        _("convention signée (PDF)"), upload_to=RandomName("conventions-cadres"), blank=True
    )
    valid_from = models.DateField(_("en vigueur à partir du"), null=True, blank=True)
    valid_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("convention-cadre")
        verbose_name_plural = _("conventions-cadres")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="agreement_validity_in_order",
            )
        ]

    def __str__(self):
        return str(self.network)


class Signatory(models.Model):
    """Who signed the convention-cadre, for which member."""

    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nom"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signataire de la convention-cadre")
        verbose_name_plural = _("signataires de la convention-cadre")
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.function})"


class DeliberationStatus(models.TextChoices):
    PENDING = "a_venir", _("À venir")
    VOTED = "votee", _("Votée")
    REFUSED = "refusee", _("Refusée")


class Deliberation(models.Model):
    """Each member's assembly votes the convention-cadre: its own HR records where it stands."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="deliberations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("statut"), max_length=10, choices=DeliberationStatus.choices, default=DeliberationStatus.PENDING
    )
    decided_on = models.DateField(_("date"), null=True, blank=True)
    reference = models.CharField(_("référence de la délibération"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("délibération d'un membre")
        verbose_name_plural = _("délibérations des membres")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="one_deliberation_per_member"),
            # a vote (for or against) has its date; one to come may have a planned date or none
            models.CheckConstraint(
                condition=models.Q(status="a_venir") | models.Q(decided_on__isnull=False),
                name="deliberation_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_status_display()}"


class CurationKind(models.TextChoices):
    FEATURED = "featured", _("Mise en avant")
    SET_ASIDE = "set_aside", _("Mise de côté")


class MissionCuration(models.Model):
    """The coordinator puts a network mission forward, or sets it aside with a note: the network's view of the
    mission, never a change of the member's mission."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="curations")
    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("choix"), max_length=10, choices=CurationKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("choix du réseau sur une mission")
        verbose_name_plural = _("choix du réseau sur les missions")
        constraints = [
            models.UniqueConstraint(fields=["network", "mission"], name="one_curation_per_mission"),
            models.CheckConstraint(
                condition=~models.Q(kind="set_aside") | ~models.Q(note=""), name="set_aside_has_a_note"
            ),
        ]

    def __str__(self):
        return f"{self.mission} — {self.get_kind_display()}"


def _percent():
    return [MinValueValidator(1), MaxValueValidator(100)]


def _months():
    return [MinValueValidator(1), MaxValueValidator(36)]


class SharedSchemeQuerySet(ActorScopedQuerySet):
    scope = "networks.schemes"


class SharedScheme(models.Model):
    """A scheme the network adopts (e.g. « Mission d'appui temporaire inter-collectivités »), with the network's
    limits; between two members that both took it up, the boussole offers it (frameworks: dispositif_reseau)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="shared_schemes")
    name = models.CharField(_("nom du dispositif"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    max_percent = models.PositiveSmallIntegerField(_("quotité maximale (%)"), validators=_percent())
    max_months = models.PositiveSmallIntegerField(_("durée maximale (mois)"), validators=_months())
    adopted_on = models.DateField(_("adopté par le réseau le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SharedSchemeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispositif partagé du réseau")
        verbose_name_plural = _("dispositifs partagés du réseau")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="one_scheme_name_per_network"),
            models.CheckConstraint(
                condition=models.Q(max_percent__gte=1, max_percent__lte=100), name="scheme_percent_1_100"
            ),
            models.CheckConstraint(
                condition=models.Q(max_months__gte=1, max_months__lte=36), name="scheme_months_1_36"
            ),
        ]

    def __str__(self):
        return self.name


class SchemeTakeUp(models.Model):
    """A member takes the network's scheme up by its own deliberation, with limits no wider than the network's
    (checked by networks.rules.take_up_errors before anything is written)."""

    scheme = models.ForeignKey(SharedScheme, on_delete=models.CASCADE, related_name="take_ups")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    max_percent = models.PositiveSmallIntegerField(_("quotité maximale (%)"), validators=_percent())
    max_months = models.PositiveSmallIntegerField(_("durée maximale (mois)"), validators=_months())
    decided_on = models.DateField(_("délibération du"))
    reference = models.CharField(_("référence de la délibération"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adoption du dispositif par un membre")
        verbose_name_plural = _("adoptions du dispositif par les membres")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organisation"], name="one_take_up_per_member"),
            models.CheckConstraint(
                condition=models.Q(max_percent__gte=1, max_percent__lte=100), name="take_up_percent_1_100"
            ),
            models.CheckConstraint(
                condition=models.Q(max_months__gte=1, max_months__lte=36), name="take_up_months_1_36"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.scheme}"
