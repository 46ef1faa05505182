"""Organisations' own document models, the documents written for an engagement (versioned), and the parties'
acceptances (the simple signature: who, when, and the SHA-256 of exactly what they accepted)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.documents.content import KINDS
from passerelles.engagements.models import Engagement
from passerelles.foundation.files import RandomName
from passerelles.organisations.models import Organisation

KIND_CHOICES = list(KINDS.items())


class DocumentTemplate(models.Model):
    """One version of an organisation's own model for a kind of document; the latest one is used."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="document_templates"
    )
    kind = models.CharField(_("document"), max_length=40, choices=KIND_CHOICES)
    file = models.FileField(_("modèle"), upload_to=RandomName("modeles"))
    file_format = models.CharField(_("format"), max_length=4)
    version = models.PositiveIntegerField(_("version"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("modèle de document")
        verbose_name_plural = _("modèles de documents")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "version"], name="one_template_version")
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_kind_display()} v{self.version}"


class EngagementDocument(models.Model):
    """One version of a document of an engagement. Never rewritten: a change makes a new version, and the
    acceptances of the previous one stay with it."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=40, choices=KIND_CHOICES)
    version = models.PositiveIntegerField(_("version"))
    context = models.JSONField(_("contenu des champs"))
    template = models.ForeignKey(
        DocumentTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    docx = models.FileField(upload_to=RandomName("documents"))
    odt = models.FileField(upload_to=RandomName("documents"))
    pdf = models.FileField(upload_to=RandomName("documents"))
    sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64)
    # the original PDF plus the acceptance record, written once every party accepted (the original's SHA-256
    # stays the one accepted)
    accepted_pdf = models.FileField(upload_to=RandomName("documents"), blank=True)
    # an avenant: the act it amends (its parties accept the avenant)
    amends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="avenants",
        verbose_name=_("acte modifié"),
    )
    # the PDF signed in an electronic parapheur and brought back (issue 20): it becomes the accepted version
    signed_pdf = models.FileField(_("PDF signé"), upload_to=RandomName("documents"), blank=True)
    signed_sha256 = models.CharField(_("empreinte SHA-256 du PDF signé"), max_length=64, blank=True)
    signed_digitally = models.BooleanField(_("signature électronique présente dans le PDF"), default=False)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_recorded_at = models.DateTimeField(_("PDF signé déposé le"), null=True, blank=True)
    test_mark = models.BooleanField(_("document en test"), default=False)
    # the people a later stage names as parties of this version, {party: agent id} (care: the sponsor of an
    # exceptional mission accepts the pact that names them — content.NAMED_PARTIES)
    named = models.JSONField(_("parties nommées"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("établi le"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("remplacé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("document d'engagement")
        verbose_name_plural = _("documents d'engagement")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "kind", "version"], name="one_document_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} — {self.engagement}"


class AcceptanceWay(models.TextChoices):
    PLATFORM = "platform", _("dans Passerelles")
    PARAPHEUR = "parapheur", _("au parapheur électronique")


class DocumentAcceptance(models.Model):
    """A party accepted this version of the document in the platform (authenticated, timestamped), or signed
    it in the organisation's electronic parapheur (``way``; ``user`` is then who brought the signed PDF back)."""

    document = models.ForeignKey(EngagementDocument, on_delete=models.PROTECT, related_name="acceptances")
    party = models.CharField(_("partie"), max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("nom"), max_length=200)  # as it was, even if the account goes
    accepted_at = models.DateTimeField(_("accepté le"), auto_now_add=True)
    sha256 = models.CharField(_("empreinte SHA-256 acceptée"), max_length=64)
    way = models.CharField(
        _("mode d'acceptation"), max_length=10, choices=AcceptanceWay.choices, default=AcceptanceWay.PLATFORM
    )

    class Meta:
        verbose_name = _("acceptation")
        verbose_name_plural = _("acceptations")
        constraints = [models.UniqueConstraint(fields=["document", "party"], name="one_acceptance_per_party")]

    def __str__(self):
        return f"{self.document} — {self.party} — {self.accepted_at:%d/%m/%Y %H:%M}"
