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
