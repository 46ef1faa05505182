"""A personal e-mail address, by the person's choice (docs/acces.md).

An agent without a professional address may give a personal one: it counts once confirmed from the link
sent to it (signed, valid 3 days, for that account and that address only), is recorded as personal
(``email_is_personal``, ``personal_email_given_at``), and becomes their address to sign in and to be told
things. They remove it in one step — and then sign in with their identifiant; removal is refused when they
would be left with no way to sign in. A professional address (set by HR or the SIRH) is not theirs to
replace here.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.accounts.services import trust_account_address

SALT = "passerelles.personal_email"
MAX_AGE = 3 * 24 * 3600  # seconds


class Refused(Exception):
    """The address cannot be given, confirmed or removed; the message says why in French."""


def check_can_give(user, email: str) -> None:
    email = email.strip().lower()
    if user.email and not user.email_is_personal:
        raise Refused(_("Votre compte a une adresse professionnelle : c'est elle qui sert."))
    if user.email == email:
        raise Refused(_("C'est déjà votre adresse."))
    if get_user_model().objects.filter(email=email).exclude(pk=user.pk).exists():
        # Said plainly: the person typing it is signed in, and an address is not a secret to its owner.
        raise Refused(_("Cette adresse est déjà celle d'un autre compte : choisissez-en une autre."))


def make_token(user, email: str) -> str:
    """The link's token: the account, the address, and the address the account has now (a change since
    makes the link stale)."""
    return signing.dumps({"u": user.pk, "e": email.strip().lower(), "was": user.email or ""}, salt=SALT)


def read_token(token: str):
    """(account, address) of a link still valid; ``signing.BadSignature`` or ``Refused`` otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise Refused(_("Ce lien a expiré : donnez de nouveau votre adresse dans « Mon compte ».")) from None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or (user.email or "") != data.get("was", ""):
        raise Refused(_("Ce lien ne sert plus : votre adresse a changé depuis."))
    return user, data["e"]


@transaction.atomic
def confirm(user, email: str) -> None:
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    check_can_give(user, email)
    EmailAddress.objects.filter(user=user).delete()
    user.email = email
    user.email_is_personal = True
    user.personal_email_given_at = timezone.now()
    user.save(update_fields=["email", "email_is_personal", "personal_email_given_at"])
    trust_account_address(user)


@transaction.atomic
def remove(user) -> None:
    if not user.email_is_personal or not user.email:
        raise Refused(_("Vous n'avez pas d'adresse personnelle à retirer."))
    if not user.login_name or not user.has_usable_password():
        raise Refused(
            _(
                "Sans cette adresse, vous ne pourriez plus vous connecter : demandez d'abord une lettre de code "
                "d'accès à votre service RH, pour avoir un identifiant."
            )
        )
    EmailAddress.objects.filter(user=user).delete()
    user.email = None
    user.email_is_personal = False
    user.personal_email_given_at = None
    user.save(update_fields=["email", "email_is_personal", "personal_email_given_at"])
