"""Account use cases."""

from allauth.account.models import EmailAddress
from django.db import transaction


@transaction.atomic
def trust_account_address(user) -> None:
    """The account's address (set by HR, an administrator, the SIRH import, the demo data or SSO) is its
    verified primary address. allauth then refuses to make an unconfirmed address primary, so a new address
    replaces it only once confirmed from the link sent to it."""
    if not user.email:
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is not None and address.verified and address.primary:
        return
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=getattr(address, "pk", None)).update(
        primary=False
    )
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    else:
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])


def is_known_person(user) -> bool:
    """An active account that the organisation knows: it holds a role, or an active agent profile."""
    from passerelles.access.models import RoleMembership
    from passerelles.people.models import Agent

    return bool(
        user is not None
        and user.is_active
        and (
            RoleMembership.objects.filter(user=user).exists()
            or Agent.objects.filter(user=user, is_active=True).exists()
        )
    )


@transaction.atomic
def account_for_verified_address(email: str, *, first_name: str = "", last_name: str = ""):
    """The account a person proving this (verified) address through the identity provider signs in to, or
    None when Passerelles does not know the address.

    Known addresses: an active account with it that holds a role or an active agent profile; or exactly one
    active agent whose professional address it is — their account, created here (no password, names from
    the provider) when they have none yet. An inactive account, a deactivated agent or an address known
    nowhere gives None: nothing is created.
    """
    from passerelles.accounts.models import User
    from passerelles.people.models import Agent

    email = (email or "").strip().lower()
    if not email:
        return None
    user = User.objects.filter(email=email).first()
    if user is not None and not user.is_active:
        return None
    if is_known_person(user):
        return user
    agents = list(
        Agent.objects.select_for_update(of=("self",))
        .filter(email__iexact=email, is_active=True)
        .select_related("user")
    )
    if len(agents) != 1:
        return None  # unknown, or ambiguous (the same address for several agents): HR must sort it out
    agent = agents[0]
    if agent.user is not None:
        return agent.user if agent.user.is_active else None
    if user is None:
        user = User(
            email=email,
            first_name=(first_name or agent.first_name)[:150],
            last_name=(last_name or agent.last_name)[:150],
        )
        user.set_unusable_password()
        user.save()
    agent.user = user
    agent.save(update_fields=["user"])
    trust_account_address(user)
    return user
