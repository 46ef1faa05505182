"""Agents: the people of an organisation, as its HR system (SIRH) knows them.

An agent may exist without an account (loaded from the SIRH export, before they ever log in); the account is
linked when one is created for that person. Names live here because the SIRH is their source of truth.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.choices import QuickChoicesDisplay
from passerelles.foundation.files import RandomName
from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite


class Category(models.TextChoices):
    A_PLUS = "A+", _("A+")
    A = "A", _("A")
    B = "B", _("B")
    C = "C", _("C")


class Gender(models.TextChoices):
    """As the SIRH exports it, when it does (issue 16: reach by gender, never shown person by person)."""

    WOMAN = "F", _("Femme")
    MAN = "H", _("Homme")
    OTHER = "X", _("Autre")


class EmploymentStatus(models.TextChoices):
    """The statuses SIRH exports carry. Each has its own rules in the boussole (FRAMEWORKS.md §2): a stagiaire
    cannot be mis à disposition, a contractuel only on a CDI; « contractuel » without more detail is a
    contract not yet known (the boussole asks HR)."""

    TITULAIRE = "titulaire", _("Titulaire")
    STAGIAIRE = "stagiaire", _("Fonctionnaire stagiaire")
    CONTRACTUEL = "contractuel", _("Contractuel·le")
    CONTRACTUEL_CDI = "contractuel_cdi", _("Contractuel·le en CDI")
    CONTRACTUEL_CDD = "contractuel_cdd", _("Contractuel·le en CDD")
    APPRENTI = "apprenti", _("Apprenti·e")
    VACATAIRE = "vacataire", _("Vacataire")


class AgentQuerySet(ActorScopedQuerySet):
    scope = "people.agents"

    def active(self):
        return self.filter(is_active=True)

    def pool(self, user):
        """The agents whose profile ``user`` (HR) may browse, as each agent chose (see people.scopes.pool)."""
        return self.scoped("people.pool", user)


class Agent(QuickChoicesDisplay, models.Model):
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
        db_index=False,  # agent_manager_set below: only the rows that have one
    )
    matricule = models.CharField(_("matricule"), max_length=40, blank=True)
    first_name = models.CharField(_("prénom"), max_length=120)
    last_name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("adresse e-mail professionnelle"), blank=True)
    job_title = models.CharField(_("intitulé du poste"), max_length=200, blank=True)
    category = models.CharField(_("catégorie"), max_length=2, choices=Category.choices)
    grade = models.CharField(_("grade"), max_length=120, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=EmploymentStatus.choices)
    # Optional, from the SIRH only, for the dashboards' reach against the organisation's make-up (issue 16): the
    # year alone (an age band is all a dashboard needs), never shown on a person's page.
    gender = models.CharField(_("genre"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True, blank=True)
    site = models.ForeignKey(
        WorkSite,
        verbose_name=_("site de travail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("actif·ve"), default=True)
    deactivated_at = models.DateTimeField(_("désactivé·e le"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé·e le"), null=True, blank=True)
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
        # The directory and the pool read a page at a time in this order (foundation/keyset.py): the id closes
        # the key so that a page starts exactly after the last row of the previous one, even among namesakes.
        indexes = [
            models.Index(
                fields=["organisation", "last_name", "first_name", "id"], name="agent_org_name_keyset"
            ),
            # « Is this agent someone's manager? » is asked on every request (access/actor.py). An organisation
            # whose SIRH file names no manager leaves the column all NULL: SQLite's statistics then make a full
            # index on it look useless (one value for every row) and it scans the table (~20 ms at 100,000
            # agents). An index of the rows that have a manager is always chosen, and smaller.
            models.Index(
                fields=["manager"], condition=models.Q(manager__isnull=False), name="agent_manager_set"
            ),
        ]

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
    DISCARDED = "discarded", _("Abandonné")


class ImportSource(models.TextChoices):
    """Where an SIRH file came from: sent on the import page, dropped in the organisation's folder by the SIRH
    (SFTP), or pushed through the API. Shown in the history, so HR knows who to ask about a file."""

    WEB = "web", _("Envoyé depuis la page")
    FOLDER = "folder", _("Dossier de dépôt (synchronisation)")
    API = "api", _("API")


class AgentImportQuerySet(ActorScopedQuerySet):
    scope = "people.agent_imports"


class AgentImport(models.Model):
    """One SIRH file sent by HR: checked first (the preview), then applied on HR's word."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="agent_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=RandomName("imports"))  # private: no view serves it
    filename = models.CharField(_("fichier"), max_length=255)
    full = models.BooleanField(_("export complet"), default=True)
    invite_new = models.BooleanField(_("inviter les nouveaux agents"), default=False)
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
    # Each start (check, apply, retry) is a new attempt; a task of an older attempt changes nothing.
    attempt = models.PositiveIntegerField(default=0)
    # Last sign of life of the attempt under way (queued, started, progressed).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(
        _("origine"), max_length=10, choices=ImportSource.choices, default=ImportSource.WEB
    )
    # The file's SHA-256: the synchronisation skips a file it already processed (the same export dropped again).
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # Missing work e-mails and managers are looked up in the agent directory (LDAP) at check and at apply.
    directory_lookup = models.BooleanField(default=False)

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

    @staticmethod
    def lease() -> datetime.timedelta:
        """How long an attempt may stay silent: its time budget (after which it stops itself), and a margin."""
        return datetime.timedelta(seconds=settings.IMPORT_TIME_BUDGET + 60)

    def interrupted(self, now=None) -> bool:
        """Under way, but silent for longer than any live attempt can be: its worker was stopped or killed."""
        now = now or timezone.now()
        last = self.heartbeat_at or self.created_at
        return self.in_progress and last is not None and now - last > self.lease()

    @property
    def is_interrupted(self) -> bool:
        return self.interrupted()

    @property
    def can_retry(self) -> bool:
        return self.status == ImportStatus.FAILED or self.is_interrupted

    @property
    def can_discard(self) -> bool:
        return self.status not in (ImportStatus.APPLIED, ImportStatus.DISCARDED) and (
            not self.in_progress or self.is_interrupted
        )


FOLDER_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$"


class SirhSyncQuerySet(ActorScopedQuerySet):
    scope = "people.agent_imports"  # the same people as the imports: the organisation's HR and administrators


class SirhSync(models.Model):
    """How an organisation's SIRH exports arrive by themselves: an SFTP account drops them in a folder of the
    server (a sub-folder of SIRH_DROP_ROOT, named here — HR never types a server path), and the scheduled
    task (`passerelles sync-sirh`) checks the newest one like a file sent on the import page. Applying stays
    HR's decision unless they chose to apply a clean check automatically."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="sirh_sync")
    enabled = models.BooleanField(_("synchronisation active"), default=False)
    folder = models.CharField(
        _("dossier de dépôt"),
        max_length=100,
        blank=True,
        help_text=_(
            "Nom du dossier (lettres sans accent, chiffres, tirets) où le compte SFTP de votre SIRH dépose "
            "ses exports, par exemple « ville-de-belvau ». L'administration de la plateforme crée ce dossier "
            "et le compte SFTP."
        ),
    )
    full = models.BooleanField(
        _("export complet : désactiver les agents absents du fichier (jamais supprimés)"), default=True
    )
    auto_apply = models.BooleanField(
        _("appliquer automatiquement quand la vérification ne trouve aucune erreur"),
        default=False,
        help_text=_("Sinon, vous recevez une notification et appliquez l'import après avoir lu l'aperçu."),
    )
    use_directory = models.BooleanField(
        _("compléter par l'annuaire (LDAP) les adresses e-mail et responsables absents du fichier"),
        default=False,
        help_text=_(
            "Une valeur donnée par le fichier n'est jamais remplacée. Sans effet si l'annuaire n'est pas "
            "configuré sur la plateforme."
        ),
    )
    last_run_at = models.DateTimeField(_("dernier passage"), null=True, blank=True)
    last_result = models.CharField(_("résultat du dernier passage"), max_length=500, blank=True)
    last_import = models.ForeignKey(
        AgentImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Two runs at once (cron and a hand-run command) never take the same folder: a run holds it until then.
    claimed_until = models.DateTimeField(null=True, blank=True)

    objects = SirhSyncQuerySet.as_manager()

    class Meta:
        verbose_name = _("synchronisation SIRH")
        verbose_name_plural = _("synchronisations SIRH")
        constraints = [
            # Two organisations never share a folder: one's export would be imported into the other.
            models.UniqueConstraint(
                fields=["folder"], condition=~models.Q(folder=""), name="sirh_sync_unique_folder"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.folder or '—'})"


class Visibility(models.TextChoices):
    HR = "hr", _("Les référent·es RH de mon organisation")
    NETWORK = "network", _("Aussi les référent·es RH des organisations partenaires du réseau")
    NOBODY = "nobody", _("Personne : je me manifeste moi-même")


class Profile(models.Model):
    """What the agent says of themself: theirs to fill, to show or to hide (the SIRH data stays on Agent)."""

    agent = models.OneToOneField(Agent, on_delete=models.CASCADE, related_name="profile")
    presentation = models.TextField(_("en quelques mots"), blank=True, max_length=2000)
    wishes = models.TextField(_("ce que j'aimerais faire ou apprendre"), blank=True, max_length=2000)
    available = models.BooleanField(_("je suis disponible pour une mission"), default=False)
    available_percent = models.PositiveSmallIntegerField(
        _("temps disponible (% de mon temps de travail)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
    )
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    available_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    available_days = models.CharField(_("jours possibles"), max_length=20, blank=True)  # "1,2,5" (Monday = 1)
    sites = models.ManyToManyField(
        WorkSite, verbose_name=_("autres sites où je peux aller"), blank=True, related_name="+"
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("distance acceptée (km)"), null=True, blank=True, validators=[MaxValueValidator(300)]
    )
    visibility = models.CharField(
        _("qui peut voir mon profil"), max_length=10, choices=Visibility.choices, default=Visibility.HR
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        # « personne » is rare: the directory counts those who chose it from here, not by walking the staff
        indexes = [models.Index(fields=["visibility"], name="profile_visibility")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available_until__isnull=True)
                | models.Q(available_from__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="profile_availability_dates",
            )
        ]

    def __str__(self):
        return f"{self.agent}"


class TagKind(models.TextChoices):
    SKILL = "skill", _("Compétence")
    APPETENCE = "appetence", _("Appétence")
    LANGUAGE = "language", _("Langue")
    LICENCE = "licence", _("Permis, habilitation")


class ProfileTag(models.Model):
    """A skill, an appétence, a language or a licence, in the agent's words, matched to the vocabulary."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=10, choices=TagKind.choices)
    label = models.CharField(_("libellé"), max_length=120)
    key = models.CharField(max_length=120, db_index=True)  # normalised, for matching and de-duplication
    known = models.BooleanField(default=False)  # found in the vocabulary
    hidden = models.BooleanField(_("compétence hors poste"), default=False)

    class Meta:
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "kind", "key"], name="one_tag_per_kind_and_key")
        ]

    def __str__(self):
        return self.label


class ProfileView(models.Model):
    """Who opened an agent's full profile, and when: the agent sees this list (audit, RGPD)."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="profile_views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["agent", "at"])]

    def __str__(self):
        return f"{self.viewer} → {self.agent} ({self.at:%d/%m/%Y})"


class VocabularyEntry(models.Model):
    """A word an organisation adds to the shared vocabulary (a local job, a local tool, a local acronym)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vocabulary")
    label = models.CharField(_("libellé"), max_length=120)
    domain = models.CharField(_("domaine"), max_length=120, blank=True)
    synonyms = models.CharField(
        _("synonymes et abréviations"), max_length=500, blank=True, help_text=_("Séparés par des virgules.")
    )

    class Meta:
        verbose_name = _("mot du vocabulaire")
        verbose_name_plural = _("mots du vocabulaire")
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["organisation", "label"], name="one_local_label")]

    def __str__(self):
        return self.label


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    DONE = "done", _("Anonymisé")


class ErasureRequestQuerySet(ActorScopedQuerySet):
    scope = "people.erasure_requests"


class ErasureRequest(models.Model):
    """An agent asks for their personal data to be erased; HR handles it by anonymising (statistics stay)."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent"], condition=models.Q(status="pending"), name="one_pending_erasure"
            )
        ]

    def __str__(self):
        return f"{self.agent} ({self.get_status_display()})"


class RetentionKind(models.TextChoices):
    NOTIFICATIONS = "notifications", _("Notifications")
    PROFILE_VIEWS = "profile_views", _("Journal des consultations de profil")
    INACTIVE_AGENTS = "inactive_agents", _("Agents partis (désactivés) : anonymisation")
    ENGAGEMENT_TEXTS = "engagement_texts", _("Messages et raisons des engagements terminés")
    IMPORT_FILES = "import_files", _("Fichiers d'import SIRH")


DEFAULT_RETENTION_DAYS = {
    RetentionKind.NOTIFICATIONS: 365,
    RetentionKind.PROFILE_VIEWS: 365,
    RetentionKind.INACTIVE_AGENTS: 730,
    RetentionKind.ENGAGEMENT_TEXTS: 1095,
    RetentionKind.IMPORT_FILES: 90,
}


class RetentionRule(models.Model):
    """How long an organisation keeps a kind of personal data (the defaults apply otherwise)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="retention_rules")
    kind = models.CharField(max_length=20, choices=RetentionKind.choices)
    days = models.PositiveIntegerField(_("durée de conservation (jours)"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("durée de conservation")
        verbose_name_plural = _("durées de conservation")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="one_retention_per_kind")
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_kind_display()} : {self.days} j"


class ChosenContact(models.Model):
    """The « personne relais » an agent names: a colleague with a desk, a team leader, who may record « ça
    m'intéresse » for them when they say it in person or by phone (issue 15). The agent's choice, dated, and
    theirs to remove; nobody else sets it."""

    agent = models.OneToOneField(Agent, on_delete=models.CASCADE, related_name="chosen_contact")
    contact = models.ForeignKey(
        Agent, verbose_name=_("personne relais"), on_delete=models.CASCADE, related_name="contact_for"
    )
    chosen_at = models.DateTimeField(_("choisie le"), default=timezone.now)

    class Meta:
        verbose_name = _("personne relais")
        verbose_name_plural = _("personnes relais")
        constraints = [
            models.CheckConstraint(condition=~models.Q(contact=models.F("agent")), name="contact_not_self")
        ]

    def __str__(self):
        return f"{self.agent} → {self.contact}"
