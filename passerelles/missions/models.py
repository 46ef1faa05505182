"""Missions: a clearly framed need, with a purpose, a project lead, a time share and an end date.

The framing is what the field reports ask for (DESIGN §1.4): failed missions were structural reinforcement in
disguise or required too much expertise. A mission is drafted, reviewed by HR (who sees automatic flags),
then published to the people allowed to see it.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.choices import QuickChoicesDisplay
from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.foundation.worktime import WORKING_DAYS_PER_MONTH
from passerelles.missions.lifecycle import MissionEventKind, MissionStatus, kind_for
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite
from passerelles.people.models import Agent

DEFAULT_CAP_PERCENT = 40  # the Isère MATP rule

# A mission's short code (« M-7K4Q ») is said over the phone and copied from a poster: no 0/O, 1/I/L or U/V.
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
SHORT_CODE_LENGTH = 4
SHORT_CODE_PREFIX = "M-"


def new_short_code() -> str:
    """A random short code; ``Mission.save`` draws again in the rare case it is taken."""
    body = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
    return f"{SHORT_CODE_PREFIX}{body}"


class Purpose(models.TextChoices):
    RENFORT = "renfort_ponctuel", _("Renfort ponctuel")
    PROJET = "appui_projet", _("Appui à un projet")
    PREFIGURATION = "prefiguration", _("Préfiguration / test")
    SOLIDARITE = "solidarite", _("Solidarité entre administrations")
    INTERET_GENERAL = "interet_general", _("Intérêt général / association")
    DECOUVERTE = "decouverte", _("Découverte et développement des compétences")
    CRISE = "crise", _("Crise")


class TimeShareKind(models.TextChoices):
    PERCENT = "percent", _("% du temps de travail")
    DAYS = "days", _("jours par mois")


class Place(models.TextChoices):
    SITE = "site", _("Sur site")
    REMOTE = "remote", _("À distance")
    HYBRID = "hybrid", _("Mixte (site et distance)")


class Expertise(models.TextChoices):
    DISCOVERY = "decouverte", _("Découverte : aucune expérience requise")
    CONFIRMED = "confirme", _("Confirmé : une première expérience")
    EXPERT = "expert", _("Expert : une compétence pointue")


class Visibility(models.TextChoices):
    UNIT = "unit", _("Mon unité")
    ORGANISATION = "organisation", _("Mon organisation")
    NETWORK = "network", _("Tout le réseau")


class ClosedReason(models.TextChoices):
    """Why a mission no longer takes candidates (issue 13): it says so on its page, to everyone who sees it."""

    FILLED = "filled", _("toutes les places sont pourvues")
    END_DATE = "end_date", _("sa date de fin est passée")
    BY_PERSON = "by_person", _("à la demande de l'accueil ou de la RH")


class ProgrammeStatus(models.TextChoices):
    """Where a programme run as a test stands (issue 16): a test ends with a decision, never by itself."""

    TEST = "test", _("En test")
    EXTENDED = "extended", _("Prolongé")
    GENERALISED = "generalised", _("Généralisé")
    STOPPED = "stopped", _("Arrêté")


class Programme(models.Model):
    """A programme of missions, often run as a test (DESIGN §1.10): a hypothesis, an expiry date, and documents
    marked « DOCUMENT EN TEST » while it is one. Past its expiry date a test takes no new mission until someone
    records a decision with its reasons (passerelles/programmes: indicators, decisions, learning log)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("nom"), max_length=200)
    hypothesis = models.TextField(_("hypothèse à vérifier"), blank=True)
    is_test = models.BooleanField(
        _("déclaré comme un test"),
        default=True,
        help_text=_("Ses documents portent la mention « DOCUMENT EN TEST » sur chaque page."),
    )
    expires_on = models.DateField(_("fin du test"), null=True, blank=True)
    starts_on = models.DateField(_("début du test"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.TEST
    )
    participant_notice = models.TextField(
        _("ce que l'on dit aux participant·es"),
        blank=True,
        help_text=_(
            "Lu et accepté par chaque agent qui s'engage dans une mission du programme : ce que l'on teste, "
            "jusqu'à quand, ce que l'on mesure et ce qu'on lui demandera."
        ),
    )
    participant_questions = models.TextField(
        _("questionnaire des participant·es"),
        blank=True,
        help_text=_(
            "Une question par ligne, comme pour les évaluations : pour choisir les indicateurs avec les "
            "participant·es et recueillir leur avis sur le programme."
        ),
    )
    # The expiry date each reminder was sent for: a prolonged test (a new date) is reminded again.
    reminded_60_for = models.DateField(null=True, blank=True, editable=False)
    reminded_15_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_programme_name")]

    def __str__(self):
        return f"{self.name} ({_('test')})" if self.is_test else self.name


class MissionQuerySet(ActorScopedQuerySet):
    scope = "missions.missions"

    def published(self):
        return self.filter(status=MissionStatus.PUBLISHED)


class Mission(QuickChoicesDisplay, models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="missions")
    host_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unité d'accueil"), on_delete=models.PROTECT, related_name="missions"
    )
    project_lead = models.ForeignKey(
        Agent, verbose_name=_("porteur·se du projet"), on_delete=models.PROTECT, related_name="led_missions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_missions"
    )
    title = models.CharField(_("intitulé"), max_length=160)
    # Given at creation, never changed: printed on posters, said to HR on the phone (missions/codes.py).
    short_code = models.CharField(_("code court"), max_length=8, unique=True, editable=False)
    description = models.TextField(
        _("description"),
        help_text=_(
            "Présentez la mission comme vous le feriez autour d'un café : le contexte, ce que la personne fera, "
            "avec qui, ce qu'elle y gagnera."
        ),
    )
    project_name = models.CharField(
        _("projet auquel la mission contribue"),
        max_length=200,
        blank=True,
        help_text=_("Un renfort sans projet identifié ressemble souvent à un besoin permanent."),
    )
    purpose = models.CharField(_("objet"), max_length=30, choices=Purpose.choices)
    time_share_kind = models.CharField(
        _("quotité exprimée en"), max_length=10, choices=TimeShareKind.choices, default=TimeShareKind.PERCENT
    )
    time_share_percent = models.PositiveSmallIntegerField(
        _("quotité (% du temps de travail)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    days_per_month = models.DecimalField(
        _("jours par mois"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.5), MaxValueValidator(22)],
    )
    start_date = models.DateField(_("date de début"))
    end_date = models.DateField(_("date de fin"))
    place = models.CharField(_("lieu"), max_length=10, choices=Place.choices, default=Place.SITE)
    site = models.ForeignKey(
        WorkSite, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skills = models.CharField(
        _("compétences et appétences recherchées"),
        max_length=500,
        blank=True,
        help_text=_("Séparées par des virgules, par exemple : animation d'ateliers, accueil du public"),
    )
    expertise = models.CharField(
        _("niveau attendu"), max_length=12, choices=Expertise.choices, default=Expertise.DISCOVERY
    )
    places = models.PositiveSmallIntegerField(
        _("nombre de places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    visibility = models.CharField(
        _("visible par"), max_length=15, choices=Visibility.choices, default=Visibility.ORGANISATION
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="missions",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=MissionStatus.choices, default=MissionStatus.DRAFT, db_index=True
    )
    review_comment = models.TextField(_("commentaire de la relecture"), blank=True)
    # A mission is drafted before it starts. HR alone may record one already under way (a crisis, a help given
    # before anyone wrote it down): the flag and its reason say so on the mission page (see missions/dates.py).
    regularisation = models.BooleanField(
        _("régularisation : la mission a déjà commencé"),
        default=False,
        help_text=_(
            "Réservé à la RH : permet une date de début passée, pour enregistrer une mission déjà commencée."
        ),
    )
    regularisation_reason = models.CharField(
        _("raison de la régularisation"),
        max_length=500,
        blank=True,
        help_text=_(
            "Obligatoire avec la régularisation : en quelques mots, pourquoi la mission a commencé avant."
        ),
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    # Set when the mission closes, cleared when a person reopens it (the timeline keeps both steps).
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    closed_reason = models.CharField(
        _("motif de clôture"), max_length=20, choices=ClosedReason.choices, blank=True
    )
    closed_comment = models.TextField(_("raison donnée à la clôture"), blank=True)
    closed_by = models.ForeignKey(  # null when Passerelles closed it (places filled, end date passed)
        settings.AUTH_USER_MODEL,
        verbose_name=_("clôturée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    # PostgreSQL's search index, filled by the database on every write (missions/fulltext.py); always null on
    # SQLite, whose index is the FTS5 table missions_mission_fts.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = MissionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="mission_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(time_share_percent__isnull=True)
                | models.Q(time_share_percent__gte=1, time_share_percent__lte=100),
                name="mission_time_share_between_1_and_100",
            ),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="mission_has_places"),
            # A closed mission says when and why; any other carries no trace of a closing.
            models.CheckConstraint(
                condition=(
                    models.Q(status=MissionStatus.CLOSED, closed_at__isnull=False)
                    & models.Q(closed_reason__in=ClosedReason.values)
                )
                | (
                    ~models.Q(status=MissionStatus.CLOSED)
                    & models.Q(
                        closed_at__isnull=True, closed_reason="", closed_comment="", closed_by__isnull=True
                    )
                ),
                name="mission_closing_matches_status",
                violation_error_message=_(
                    "Une mission clôturée a une date et un motif de clôture ; une autre n'en a pas."
                ),
            ),
            # A person closing a mission says why; Passerelles closing it is nobody's act.
            models.CheckConstraint(
                condition=~models.Q(closed_reason=ClosedReason.BY_PERSON) | ~models.Q(closed_comment=""),
                name="mission_closed_by_a_person_has_a_reason",
                violation_error_message=_("Indiquez la raison de la clôture."),
            ),
            models.CheckConstraint(
                condition=models.Q(closed_reason__in=["", ClosedReason.BY_PERSON])
                | models.Q(closed_by__isnull=True),
                name="mission_closed_by_passerelles_has_no_author",
            ),
            # HR declining a mission says why: the reason is what its author reads (mission_review asks for it).
            models.CheckConstraint(
                condition=~models.Q(status=MissionStatus.DECLINED) | ~models.Q(review_comment=""),
                name="mission_declined_has_a_reason",
                violation_error_message=_("Indiquez la raison du refus."),
            ),
            # a regularisation always says why
            models.CheckConstraint(
                condition=models.Q(regularisation=False) | ~models.Q(regularisation_reason=""),
                name="mission_regularisation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.short_code:
            self.short_code = new_short_code()
            while type(self).objects.filter(short_code=self.short_code).exists():
                self.short_code = new_short_code()
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == MissionStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        """Its author (or HR) may change it: a draft, or one HR sent back for changes."""
        return self.status in (MissionStatus.DRAFT, MissionStatus.CHANGES_REQUESTED)

    @property
    def is_closed(self) -> bool:
        return self.status == MissionStatus.CLOSED

    @property
    def effective_percent(self) -> int:
        """The time share as a percentage of working time, whichever way it was expressed."""
        if self.time_share_kind == TimeShareKind.DAYS and self.days_per_month:
            return max(1, round(float(self.days_per_month) * 100 / WORKING_DAYS_PER_MONTH))
        return self.time_share_percent or 0

    @property
    def time_share_label(self) -> str:
        if self.time_share_kind == TimeShareKind.DAYS and self.days_per_month:
            days = f"{self.days_per_month.normalize():f}".replace(".", ",")
            return _("%(days)s j/mois (≈ %(percent)s %%)") % {"days": days, "percent": self.effective_percent}
        return f"{self.time_share_percent} %"

    @property
    def duration_months(self) -> float:
        return ((self.end_date - self.start_date).days + 1) / 30.44

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]


class MissionEvent(models.Model):
    """The mission's timeline: who moved it from which status to which, when, and why."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("étape"), max_length=20, choices=MissionEventKind.choices)
    from_status = models.CharField(max_length=20, choices=MissionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MissionStatus.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("étape de la mission")
        verbose_name_plural = _("étapes de la mission")

    def __str__(self):
        return f"{self.mission}: {self.from_status or '∅'} → {self.to_status}"

    def save(self, *args, **kwargs):
        # Rows written without naming their step (history, demo) get it from the table: never a bare string.
        self.action = MissionEventKind(self.action or kind_for(self.from_status, self.to_status))
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """What happened, in words, after the person's name (« a rouvert la mission », not « Publiée »)."""
        return self.get_action_display()


class PurposeCap(models.Model):
    """How much of an agent's working time a mission of this purpose may take, in this organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="purpose_caps")
    purpose = models.CharField(_("objet"), max_length=30, choices=Purpose.choices)
    max_percent = models.PositiveSmallIntegerField(
        _("quotité maximale (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plafond de quotité")
        verbose_name_plural = _("plafonds de quotité")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "purpose"], name="unique_cap_per_purpose")
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_purpose_display()} : {self.max_percent} %"


def cap_for(organisation, purpose: str) -> int:
    cap = PurposeCap.objects.filter(organisation=organisation, purpose=purpose).values_list(
        "max_percent", flat=True
    )
    return cap.first() or DEFAULT_CAP_PERCENT


def caps_for(pairs) -> dict[tuple[int, str], int]:
    """``cap_for`` for every (organisation id, purpose) of a page at once, in one query: a list's cost must
    not grow with its lines."""
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = PurposeCap.objects.filter(
        organisation_id__in={org for org, _purpose in pairs}, purpose__in={purpose for _org, purpose in pairs}
    ).values_list("organisation_id", "purpose", "max_percent")
    found = {(org, purpose): cap for org, purpose, cap in rows}
    return {pair: found.get(pair) or DEFAULT_CAP_PERCENT for pair in pairs}


class OwnedQuerySet(ActorScopedQuerySet):
    scope = "missions.owned"


class Bookmark(models.Model):
    """A mission an agent keeps aside to think about (private to them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("favori")
        verbose_name_plural = _("favoris")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "mission"], name="one_bookmark_per_mission")]

    def __str__(self):
        return f"{self.user} ★ {self.mission}"


class SavedSearch(models.Model):
    """A search kept by its owner, who gets an e-mail when a matching mission is published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("nom"), max_length=100)
    query = models.CharField(_("critères"), max_length=500, blank=True)  # the query string of the search page
    alert = models.BooleanField(_("me prévenir des nouvelles missions"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recherche enregistrée")
        verbose_name_plural = _("recherches enregistrées")
        ordering = ["name"]

    def __str__(self):
        return self.name
