"""The site's own pages that the law asks for: the accessibility statement (RGAA model), the legal notice and
the site map's introduction. Their text belongs to the platform operator, who edits it in the Django admin;
it is stored as plain text and rendered escaped (sitepages/text.py), never as HTML."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Compliance(models.TextChoices):
    """The three states the RGAA allows a statement to declare."""

    NONE = "non", _("non conforme")
    PARTIAL = "partiellement", _("partiellement conforme")
    FULL = "totalement", _("totalement conforme")


class AccessibilityStatement(models.Model):
    """The déclaration d'accessibilité, one per platform: the sections of the RGAA model, each a field, so
    that the page keeps the model's order whatever the operator writes."""

    entity = models.TextField(_("entité qui s'engage"))
    compliance = models.CharField(_("état de conformité"), max_length=16, choices=Compliance.choices)
    compliance_rate = models.PositiveSmallIntegerField(
        _("taux de conformité (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Le taux d'un audit RGAA complet. Laissez vide tant qu'aucun audit complet n'a été fait."
        ),
    )
    test_results = models.TextField(_("résultats des tests"))
    non_accessible = models.TextField(_("contenus non accessibles"))
    derogations = models.TextField(_("dérogations et contenus non soumis"), blank=True)
    test_environment = models.TextField(_("environnement de test"))
    tools = models.TextField(_("outils pour évaluer l'accessibilité"))
    pages_checked = models.TextField(_("pages ayant fait l'objet de la vérification"))
    audit_date = models.DateField(_("date de l'audit"))
    contact = models.TextField(_("retour d'information et contact"))
    recourse = models.TextField(_("voies de recours"))
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
        verbose_name_plural = _("déclaration d'accessibilité")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} — {self.get_compliance_display()}"


class PageSlug(models.TextChoices):
    LEGAL_NOTICE = "mentions-legales", _("Mentions légales")
    SITE_MAP = "plan-du-site", _("Plan du site")


class SitePage(models.Model):
    """A page of text: the legal notice, or the words above the generated site map."""

    slug = models.CharField(_("page"), max_length=32, choices=PageSlug.choices, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Texte simple : une ligne vide sépare deux paragraphes ; une ligne qui commence par « ## » est "
            "un intertitre ; des lignes qui commencent par « - » forment une liste. Les adresses web et "
            "e-mail deviennent des liens. Le HTML n'est pas interprété."
        ),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("page du site")
        verbose_name_plural = _("pages du site")

    def __str__(self) -> str:
        return self.title
