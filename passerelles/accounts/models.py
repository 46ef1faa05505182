"""User accounts: one person, one account, identified by e-mail.

The account holds identity only. What a person does in an organisation lives in ``people.Agent`` (their
job) and ``access.RoleMembership`` (what they may do), so that an account created by OpenID Connect SSO
(allauth's ``SocialAccount`` table, already installed) plugs in without touching these tables.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EmailUserManager(UserManager):
    """UserManager without usernames: e-mail is the login."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
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
    email = models.EmailField(_("adresse e-mail"), unique=True)
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
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)
