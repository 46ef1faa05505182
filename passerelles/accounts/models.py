"""User accounts: one person, one account, identified by e-mail — or, for the agents who have no
professional address (half of a large collectivité's staff), by an identifiant printed on an access-code
letter (``login_name``), with a personal address or a mobile phone only if they choose to give one.

The account holds identity only. What a person does in an organisation lives in ``people.Agent`` (their
job) and ``access.RoleMembership`` (what they may do), so that an account created by OpenID Connect SSO
(allauth's ``SocialAccount`` table, already installed) plugs in without touching these tables.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EmailUserManager(UserManager):
    """UserManager without usernames: e-mail is the login."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email and not extra_fields.get("login_name"):
            raise ValueError("Une adresse e-mail ou un identifiant est obligatoire.")
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Un courriel à chaque notification")
    DAILY = "daily", _("Un récapitulatif par jour")


class User(AbstractUser):
    username = None
    # Empty (NULL, so that many accounts may have none) for an agent who signs in with an identifiant.
    email = models.EmailField(_("adresse e-mail"), unique=True, null=True, blank=True)
    # The address is a personal one the person chose to give (recorded when, removable by them).
    email_is_personal = models.BooleanField(_("adresse personnelle"), default=False)
    personal_email_given_at = models.DateTimeField(_("adresse personnelle donnée le"), null=True, blank=True)
    login_name = models.CharField(
        _("identifiant"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Pour se connecter sans adresse e-mail (lettre de code d'accès)."),
    )
    phone = models.CharField(_("téléphone mobile"), max_length=20, blank=True)
    phone_verified_at = models.DateTimeField(_("téléphone vérifié le"), null=True, blank=True)
    # The person chose to receive SMS (when), or answered « STOP » (when): STOP wins until they choose again.
    sms_opted_in_at = models.DateTimeField(_("SMS choisis le"), null=True, blank=True)
    sms_opted_out_at = models.DateTimeField(_("SMS refusés (STOP) le"), null=True, blank=True)
    language = models.CharField(_("langue"), max_length=10, choices=settings.LANGUAGES, default="fr")
    email_frequency = models.CharField(
        _("courriels"), max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email or self.login_name or ""

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower() or None
        self.login_name = (self.login_name or "").strip().lower() or None
        super().save(*args, **kwargs)

    @property
    def can_receive_sms(self) -> bool:
        """A verified mobile number, SMS chosen, and no « STOP » since."""
        return bool(
            self.phone
            and self.phone_verified_at
            and self.sms_opted_in_at
            and (self.sms_opted_out_at is None or self.sms_opted_out_at < self.sms_opted_in_at)
        )


class AccessCode(models.Model):
    """A code d'accès printed on a letter that HR or the manager hands to an agent: the way in for a person
    without a professional address. Only a keyed hash of the code is stored (a copy of the database opens
    no account); a code works once, for 30 days, and a newer letter revokes the unused ones. Each row is
    also the record of who printed a letter for whom, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="access_codes",
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imprimé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imprimé le"))
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("annulé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("code d'accès")
        verbose_name_plural = _("codes d'accès")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="access_code_expires_later"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y})"


class SmsPurpose(models.TextChoices):
    VERIFY_PHONE = "verify_phone", _("Vérifier un numéro de téléphone")
    RESET_PASSWORD = "reset_password", _("Changer de mot de passe")


class SmsCode(models.Model):
    """A six-digit code sent by SMS, to prove that a person holds a mobile phone (to record it, or to choose
    a new password without an e-mail). Hashed; ten minutes; five tries; one use."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_codes")
    purpose = models.CharField(max_length=20, choices=SmsPurpose.choices)
    phone = models.CharField(max_length=20)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "purpose", "-created_at"])]

    def __str__(self):
        return f"{self.user} — {self.get_purpose_display()}"
