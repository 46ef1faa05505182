"""API keys for the tests: made the way an administrator makes them (keys.create_key), for any organisation."""

from passerelles.access.models import Role, RoleMembership
from passerelles.accounts.models import User
from passerelles.api import keys
from passerelles.api.models import KeyScope


def make_key(organisation, scope=KeyScope.READ, name="SIRH"):
    """(ApiKey, the plain key) of ``organisation``, made by one of its administrators."""
    admin = User.objects.filter(
        role_memberships__role=Role.ADMIN, role_memberships__organisation=organisation
    ).first()
    if admin is None:
        admin = User.objects.create_user(
            email=f"admin-api@{organisation.slug}.test", password="x-Un-mot-de-passe-42"
        )
        RoleMembership.objects.create(user=admin, role=Role.ADMIN, organisation=organisation)
    return keys.create_key(by=admin, organisation=organisation, name=name, scope=scope)


def bearer(plain: str, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}", **extra}
