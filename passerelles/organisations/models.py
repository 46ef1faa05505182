"""Organisations, their units and sites, and the networks they form.

An organisation is the tenant: everything a person sees is scoped to the organisations they belong to,
and crosses to another organisation only through a network with a framework agreement (DESIGN §2).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.colours import validate_theme_colour
from passerelles.foundation.files import RandomName
from passerelles.foundation.querysets import ActorScopedQuerySet

DEFAULT_THEME_COLOUR = "#1d4e89"


class OrganisationKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("EPCI (communauté, métropole…)")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    CCAS = "ccas", _("CCAS / CIAS")
    ETABLISSEMENT_PUBLIC = "etablissement_public", _("Établissement public")
    ETAT = "etat", _("Service de l'État")
    SYNDICAT = "syndicat", _("Syndicat intercommunal ou mixte (EPCI sans fiscalité propre)")
    ASSOCIATION = "association", _("Association")
    FONDATION = "fondation", _("Fondation")


class Article(models.TextChoices):
    """The article before an organisation's name in an act (« Entre le Département de … et la Ville de … »)."""

    LE = "le", "le"
    LA = "la", "la"
    L = "l'", "l'"
    LES = "les", "les"
    NONE = "", _("(aucun)")


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits passing the Luhn checksum (La Poste's historical exception aside)."""
    if not value.isdigit() or len(value) != 14:
        raise ValidationError(_("Un SIRET compte 14 chiffres, sans espace."), code="siret_format")
    if value.startswith("356000000"):
        return
    total = 0
    for index, digit in enumerate(reversed(value)):
        number = int(digit) * (2 if index % 2 else 1)
        total += number - 9 if number > 9 else number
    if total % 10:
        raise ValidationError(
            _("Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas)."), code="siret_key"
        )


class OrganisationQuerySet(ActorScopedQuerySet):
    scope = "organisations.organisations"


class Organisation(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=60, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    attached_to = models.ForeignKey(
        "self",
        verbose_name=_("rattachée à"),
        help_text=_("Par exemple le CCAS rattaché à sa commune."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attached_organisations",
    )
    article = models.CharField(
        _("article devant le nom"),
        max_length=3,
        choices=Article.choices,
        blank=True,
        help_text=_("Pour les actes : « le Département de l'Isère », « la Ville de Grenoble »."),
    )
    address = models.TextField(
        _("adresse postale"), blank=True, help_text=_("Imprimée dans l'en-tête des documents.")
    )
    city = models.CharField(
        _("commune du siège"), max_length=120, blank=True, help_text=_("Pour « Fait à …, le … ».")
    )
    logo = models.ImageField(_("logo"), upload_to=RandomName("logos"), blank=True)  # served by a view
    theme_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default=DEFAULT_THEME_COLOUR,
        validators=[validate_theme_colour],
        help_text=_("Au format #RRVVBB ; assez foncée pour que le texte blanc reste lisible."),
    )
    requires_signatory = models.BooleanField(
        _("signature requise"),
        default=False,
        help_text=_(
            "Les engagements de ses agents doivent être validés par un·e signataire (DGS ou délégué·e)."
        ),
    )
    sso_only = models.BooleanField(
        _("connexion par ProConnect seulement"),
        default=False,
        help_text=_(
            "Ses agents et ses responsables se connectent uniquement par ProConnect (ou le fournisseur "
            "d'identité configuré) : les mots de passe locaux sont refusés."
        ),
    )
    privacy_notice = models.TextField(
        _("informations propres à l'organisation sur les données personnelles"),
        blank=True,
        help_text=_("Délégué·e à la protection des données, contact, précisions : ajouté à la page commune."),
    )
    # SMS cost money: none is sent until the operator sets a monthly budget (a number of messages).
    sms_monthly_budget = models.PositiveIntegerField(
        _("budget mensuel de SMS"),
        default=0,
        help_text=_("Nombre de SMS que l'organisation accepte d'envoyer par mois (0 : aucun SMS)."),
    )
    shows_outside = models.BooleanField(
        _("montrer les missions ouvertes hors de la plateforme"),
        default=False,
        help_text=_(
            "Flux Atom et encart pour l'intranet : titres des missions ouvertes à toute l'organisation et "
            "récits publiés, sans donnée personnelle."
        ),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def designation_de(self) -> str:
        """After « de » French contracts the article: « du Département », « de la Ville », « des Communes »."""
        return self._contracted({"le": "du ", "la": "de la ", "l'": "de l'", "les": "des "}, "de ", "d'")

    @property
    def designation_a(self) -> str:
        """After « à »: « au Département », « à la Ville », « aux Communes »."""
        return self._contracted({"le": "au ", "la": "à la ", "l'": "à l'", "les": "aux "}, "à ", "à ")

    def _contracted(self, forms: dict, plain: str, elided: str) -> str:
        if self.article:
            return f"{forms[self.article]}{self.name}"
        return f"{elided if self.name[:1].lower() in 'aeiouyéèêàâîïôh' else plain}{self.name}"

    @property
    def designation(self) -> str:
        """The name as an act writes it after « Entre » or « par » : « le Département de l'Isère »."""
        if not self.article:
            return self.name
        joiner = "" if self.article == Article.L else " "
        return f"{self.article}{joiner}{self.name}"


class NetworkQuerySet(ActorScopedQuerySet):
    scope = "organisations.networks"


class Network(models.Model):
    """Organisations that agreed to share missions and lend agents to each other."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation pilote"),
        help_text=_("Ses coordinateur·rices réseau animent le réseau."),
        on_delete=models.PROTECT,
        related_name="led_networks",
    )
    members = models.ManyToManyField(
        Organisation, through="NetworkMembership", related_name="networks", verbose_name=_("membres")
    )
    agreement_reference = models.CharField(_("référence de la convention-cadre"), max_length=200, blank=True)
    agreement_signed_on = models.DateField(_("convention-cadre signée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = NetworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")
        ordering = ["name"]

    def __str__(self):
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_memberships"
    )
    joined_on = models.DateField(_("membre depuis"), null=True, blank=True)
    # The network's dashboard counts only the members that agreed to share their figures (issue 16): an
    # organisation's own HR or administrator decides, and the date says since when.
    shares_indicators = models.BooleanField(
        _("partage ses indicateurs avec le réseau"),
        default=False,
        help_text=_(
            "Les chiffres agrégés de l'organisation (jamais de données personnelles) apparaissent dans le tableau "
            "de bord du réseau."
        ),
    )
    shares_indicators_since = models.DateTimeField(_("partage décidé le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adhésion au réseau")
        verbose_name_plural = _("adhésions au réseau")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="unique_network_member")
        ]

    def __str__(self):
        return f"{self.organisation} ∈ {self.network}"


class UnitKind(models.TextChoices):
    GENERAL_DIRECTION = "direction_generale", _("Direction générale")
    DIRECTION = "direction", _("Direction")
    SERVICE = "service", _("Service")
    TEAM = "equipe", _("Équipe / site")


class OrgUnitQuerySet(ActorScopedQuerySet):
    scope = "organisations.units"


class OrgUnit(models.Model):
    """A node of the organisation chart: direction → service → team."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unité parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("niveau"), max_length=30, choices=UnitKind.choices, default=UnitKind.SERVICE)
    name = models.CharField(_("nom"), max_length=200)
    code = models.CharField(_("code"), max_length=30, blank=True)

    objects = OrgUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unité")
        verbose_name_plural = _("unités")
        ordering = ["organisation", "name"]
        indexes = [models.Index(fields=["organisation", "parent"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("L'unité parente doit appartenir à la même organisation.")})
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("Une unité ne peut pas être rattachée à elle-même.")})
            seen.add(node.pk)
            node = node.parent


class WorkSite(models.Model):
    """A place where agents work (hôtel de ville, centre routier, collège…)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("nom"), max_length=200)
    city = models.CharField(_("commune"), max_length=120, blank=True)
    postcode = models.CharField(
        _("code postal"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Cinq chiffres."))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site de travail")
        verbose_name_plural = _("sites de travail")
        ordering = ["organisation", "name"]

    def __str__(self):
        return f"{self.name} ({self.city})" if self.city else self.name


class HeadCount(models.Model):
    """How many active agents an organisation has, in all (``unit`` empty) and unit by unit: what the
    organisation and network pages show, read here instead of counted over every agent on each view.

    Kept by ``organisations.headcount.recount``: in the same transaction as the writers that change who is in
    post in numbers (the SIRH import, an erasure, the demo build), and for every organisation by the daily job,
    which also mends what other paths changed (the admin site, a shell). The page shows when it was counted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="head_counts")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    active_agents = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("effectif")
        verbose_name_plural = _("effectifs")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "unit"], name="one_head_count_per_unit"),
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(unit__isnull=True), name="one_head_count_in_all"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.unit or _('en tout')} : {self.active_agents}"
