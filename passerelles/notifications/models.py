"""In-app notifications: what asks something of someone, or tells them what happened."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about: each person chooses, per kind, how (and whether) to hear of it
    beyond the app. ``ALWAYS_ON`` kinds cannot be turned off."""

    AGREEMENT = "agreement", _("Votre accord est attendu")
    MEETING = "meeting", _("Rencontres : invitations et rappels")
    ENGAGEMENT = "engagement", _("Avancement de vos missions")
    DOCUMENT = "document", _("Documents à lire ou accepter")
    FOLLOWUP = "followup", _("Points d'étape et évaluations")
    NEW_MISSION = "new_mission", _("Nouvelles missions pour vos recherches")
    VOLUNTEER_CALL = "volunteer_call", _("Appels à volontaires")
    CRISIS = "crisis", _("Appels en cas de crise")
    REVIEW = "review", _("Missions et récits à relire (RH)")
    STORY = "story", _("Récits")
    ACCOUNT = "account", _("Sécurité de votre compte et vos données")
    GENERAL = "general", _("Autres informations")


# Kinds nobody can turn off: what protects the account and what someone must do for a mission to go on.
ALWAYS_ON = frozenset({NotificationKind.ACCOUNT, NotificationKind.AGREEMENT})

# Kinds that may also come by SMS (issue 15): what is urgent or easily missed by someone who never reads a
# professional e-mail. Everything else stays in the app and the e-mails.
SMS_KINDS = frozenset(
    {
        NotificationKind.AGREEMENT,
        NotificationKind.MEETING,
        NotificationKind.NEW_MISSION,
        NotificationKind.VOLUNTEER_CALL,
        NotificationKind.CRISIS,
    }
)


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("à chaque fois")
    DAILY = "daily", _("récapitulatif quotidien")
    NEVER = "never", _("jamais")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(
        _("type"), max_length=20, choices=NotificationKind.choices, default=NotificationKind.GENERAL
    )
    subject = models.CharField(_("objet"), max_length=200)
    message = models.TextField(_("message"))
    url = models.CharField(_("lien"), max_length=300, blank=True)
    action_needed = models.BooleanField(_("action attendue"), default=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # When the notification was put into an e-mail (at once, or in a daily summary); whether that e-mail
    # really left is the state of its outbox row, never assumed from this date.
    emailed_at = models.DateTimeField(_("confiée au courriel le"), null=True, blank=True)
    email = models.ForeignKey(
        "outbox.OutboxMessage",
        verbose_name=_("courriel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # Waits for the person's daily summary (their choice for this kind when it was created).
    in_digest = models.BooleanField(_("pour le récapitulatif"), default=False)
    sms = models.ForeignKey(
        "outbox.OutboxMessage",
        verbose_name=_("SMS"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sms_notifications",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.subject


class NotificationPreference(models.Model):
    """How one person hears of one kind beyond the app. No row: e-mail as their old « courriels » choice
    (each time, or the daily summary) and SMS yes for the SMS kinds once they chose SMS at all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=20, choices=NotificationKind.choices)
    email = models.CharField(_("courriel"), max_length=10, choices=EmailChoice.choices)
    sms = models.BooleanField(_("SMS"), default=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
            # What cannot be turned off is never stored as turned off.
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(ALWAYS_ON), email=EmailChoice.NEVER),
                name="always_on_kinds_are_never_off",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.kind}"
