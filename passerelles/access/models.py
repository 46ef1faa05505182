"""Role memberships: what a person may do, and in which organisation.

Two roles also follow from the organisation chart without a row here: having an active agent profile makes
one an *agent* of its organisation, and having active direct reports makes one a *manager* (encadrant·e).
Rows here grant the other roles (and may grant those two to people without a profile).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.querysets import ActorScopedQuerySet


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    MANAGER = "manager", _("Encadrant·e")
    HOST = "host", _("Accueil / porteur·se de projet")
    HR = "hr", _("Référent·e RH micro-mobilité")
    SIGNATORY = "signatory", _("Signataire")
    NETWORK_COORDINATOR = "network_coordinator", _("Coordinateur·rice réseau")
    ADMIN = "admin", _("Administrateur·rice")


# The roles that reach other people's files or sign for an organisation: their holders sign in with a second
# factor (enforced by accounts/two_factor.py), and nobody but HR prints an access letter for them (the code
# would let its holder choose that account's password: access/policies.py, can_print_access_letter).
TWO_FACTOR_ROLES = frozenset({Role.HR, Role.SIGNATORY, Role.NETWORK_COORDINATOR, Role.ADMIN})


class RoleMembershipQuerySet(ActorScopedQuerySet):
    scope = "access.role_memberships"  # the roles given in the organisations the actor administers

    def users_with(self, role: str, organisation_ids) -> list:
        """The active accounts holding ``role`` in any of these organisations (whom to notify)."""
        memberships = self.filter(
            role=role, organisation_id__in=organisation_ids, user__is_active=True
        ).order_by("user_id")  # the same people in the same order on every database
        return list({m.user_id: m.user for m in memberships.select_related("user")}.values())


class RoleMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="role_memberships"
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    objects = RoleMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_role_membership"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"
