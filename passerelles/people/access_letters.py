"""Access-code letters: HR, or the agent's manager, prints a personal letter that lets an agent without a
professional address into Passerelles (docs/acces.md).

Printing a letter makes the agent's account if they have none (an identifiant made from their name, such
as ``marie.dupont``), gives an identifiant to an account that lacks one, and draws a new code d'accès — the
previous unused ones stop working. The code exists in clear only in the letter: a lost letter is replaced
by printing a new one. Each printed letter is recorded (``accounts.AccessCode``: who, for whom, when).
Who may print one is a rule of access/policies.py (``can_print_access_letter``,
``can_print_organisation_access_letters``); the views ask it before calling this module.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.accounts import access_codes, sso
from passerelles.accounts.services import trust_account_address
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

# More letters than this in one PDF would hold the request too long, and would not be handed out in a day.
BATCH_LIMIT = 200


class LetterRefused(Exception):
    """No letter for this agent; the message says why, in French."""


@dataclass(frozen=True)
class Letter:
    name: str
    login_name: str
    code: str  # grouped, as printed
    url: str  # the page to type
    qr_url: str  # the page with the code filled in
    expires_at: object
    organisation: object
    contact: str  # who to call


def _account(agent):
    """The agent's account, made now (without a password) when they have none."""
    User = get_user_model()
    user = agent.user
    if user is None:
        email = (agent.email or "").strip().lower() or None
        if email and User.objects.filter(email=email).exists():
            email = None  # that address is another account's: HR sorts it out, the letter needs none
        user = User(email=email, first_name=agent.first_name[:150], last_name=agent.last_name[:150])
        user.set_unusable_password()
        user.login_name = access_codes.login_name_for(agent.first_name, agent.last_name)
        user.save()
        agent.user = user
        agent.save(update_fields=["user"])
        trust_account_address(user)
    elif not user.login_name:
        user.login_name = access_codes.login_name_for(
            agent.first_name or user.first_name, agent.last_name or user.last_name
        )
        user.save(update_fields=["login_name"])
    return user


def _contact(by, organisation) -> str:
    name = by.get_full_name() if by is not None else ""
    if name:
        return _("%(name)s, %(organisation)s") % {"name": name, "organisation": organisation.display_name}
    return _("le service des ressources humaines, %(organisation)s") % {
        "organisation": organisation.display_name
    }


@transaction.atomic
def prepare_letter(agent, *, by, now=None) -> Letter:
    """A new letter for ``agent`` (the account made if needed, a new code drawn)."""
    if not agent.is_active or agent.anonymised_at:
        raise LetterRefused(_("%(name)s n'est plus en poste : pas de lettre.") % {"name": agent.full_name})
    if agent.organisation.sso_only and sso.sso_configured():
        raise LetterRefused(
            _("%(name)s se connecte avec %(provider)s : un code d'accès ne servirait pas.")
            % {"name": agent.full_name, "provider": sso.provider_name()}
        )
    user = _account(agent)
    if not user.is_active:
        raise LetterRefused(_("Le compte de %(name)s est désactivé.") % {"name": agent.full_name})
    access_code, code = access_codes.issue_code(user, by=by, now=now or timezone.now())
    if user.last_login is not None:
        # The account is in use: its holder hears of the letter (its code could choose their password).
        with in_language_of(user):
            notify(
                user=user,
                kind=NotificationKind.ACCOUNT,
                subject=_("Une lettre de code d'accès a été imprimée pour vous"),
                message=_(
                    "%(by)s a imprimé une lettre avec un code d'accès à votre nom. Si vous ne l'attendiez pas, "
                    "prévenez votre service RH : le code permet de choisir un nouveau mot de passe."
                )
                % {"by": by.get_full_name() if by is not None else _("Votre service RH")},
            )
    return Letter(
        name=agent.full_name,
        login_name=user.login_name,
        code=access_codes.format_code(code),
        url=access_codes.code_page_url(),
        qr_url=access_codes.code_page_url(code),
        expires_at=access_code.expires_at,
        organisation=agent.organisation,
        contact=_contact(by, agent.organisation),
    )


def prepare_letters(agents, *, by) -> tuple[list[Letter], list[str]]:
    """Letters for several agents, each in its own transaction: one refusal does not stop the others."""
    letters, refusals = [], []
    for agent in agents:
        try:
            letters.append(prepare_letter(agent, by=by))
        except LetterRefused as refusal:
            refusals.append(str(refusal))
    return letters, refusals
