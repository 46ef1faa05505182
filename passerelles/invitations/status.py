"""Where each agent stands on the way in: not invited, invited on…, link expired or withdrawn, active since….

Computed in the query (the latest invitation of each agent as subqueries) so that HR can filter and page a
list of a whole organisation without loading it.
"""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.invitations.models import Invitation

NOT_INVITED = "non-invite"
INVITED = "invite"
EXPIRED = "expire"
REVOKED = "retire"
ACTIVE = "actif"
NO_ADDRESS = "sans-adresse"

LABELS = {
    NOT_INVITED: _("Pas encore invité·e"),
    INVITED: _("Invité·e"),
    EXPIRED: _("Invitation expirée"),
    REVOKED: _("Invitation retirée"),
    ACTIVE: _("Actif·ve"),
    NO_ADDRESS: _("Sans adresse e-mail"),
}
CHOICES = list(LABELS.items())


def with_access_status(agents):
    """``agents`` annotated with ``access_status`` (one of the codes above) and the dates that go with it."""
    latest = Invitation.objects.filter(agent=OuterRef("pk")).order_by("-created_at", "-pk")
    now = timezone.now()
    # Active: signed in once, accepted an invitation, or given a password some other way (demo, operator).
    active = (
        Q(user__last_login__isnull=False)
        | Q(invitation_accepted_at__isnull=False)
        | (Q(user__isnull=False) & ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX))
    )
    return agents.annotate(
        invitation_id=Subquery(latest.values("pk")[:1]),
        invitation_created_at=Subquery(latest.values("created_at")[:1]),
        invitation_expires_at=Subquery(latest.values("expires_at")[:1]),
        invitation_revoked_at=Subquery(latest.values("revoked_at")[:1]),
        invitation_accepted_at=Subquery(
            Invitation.objects.filter(agent=OuterRef("pk"), accepted_at__isnull=False).values("accepted_at")[
                :1
            ]
        ),
    ).annotate(
        active_since=Coalesce("invitation_accepted_at", F("user__last_login"), F("user__date_joined")),
        access_status=Case(
            When(active, then=Value(ACTIVE)),
            When(invitation_revoked_at__isnull=False, then=Value(REVOKED)),
            When(invitation_expires_at__lte=now, then=Value(EXPIRED)),
            When(invitation_created_at__isnull=False, then=Value(INVITED)),
            When(email="", then=Value(NO_ADDRESS)),
            default=Value(NOT_INVITED),
            output_field=CharField(),
        ),
    )
