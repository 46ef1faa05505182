"""Inviting people, and what following an invitation does.

An invitation is for a person the organisation already knows — an agent of the SIRH import with a
professional address, or a person its administrator added with a role — never for an address typed by a
stranger. The account is created (without a password) when the person is first invited, so that roles can be
given before they sign in; following the link sets its password, and the link then stops working.

Answers never tell whether an address has an account elsewhere: the same sentence for every case.
"""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from passerelles.access.models import Role, RoleMembership
from passerelles.invitations.models import VALIDITY, Invitation, InvitationState
from passerelles.outbox.services import queue_email

# How many new links the holder of an expired link may ask for, in all: beyond, HR is the way.
MAX_RENEWALS = 3
BATCH = 500


class InvitationRefused(Exception):
    """The person cannot be invited; the message says why, in French."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find(token: str) -> Invitation | None:
    """The invitation whose link carries ``token``, or None (an unknown, malformed or tampered link)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "user", "agent", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def link(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('invitation_accept', kwargs={'token': token})}"


@dataclass
class Outcome:
    """What a batch of invitations did, for the page or the command to say."""

    invited: int = 0
    skipped: list[str] = field(default_factory=list)


def _account_for(email: str, first_name: str = "", last_name: str = ""):
    """The account for this address: the existing one, or a new one that cannot sign in until the person
    sets a password from the invitation (or comes through the organisation's single sign-on)."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first_name[:150], last_name=last_name[:150])
        user.set_unusable_password()
        user.save()
    return user


def has_signed_in(user) -> bool:
    """The person already uses Passerelles: an invitation would be pointless (they sign in as usual)."""
    return user.last_login is not None or user.has_usable_password()


def _issue(*, organisation, user, agent, by) -> Invitation:
    """A new link for ``user``; the previous open ones of this organisation stop working."""
    now = timezone.now()
    Invitation.objects.filter(organisation=organisation, user=user).open().update(replaced_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        user=user,
        agent=agent,
        email=user.email,
        invited_by=by,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + VALIDITY,
    )
    _send(invitation, token)
    return invitation


def _send(invitation: Invitation, token: str) -> None:
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "inviter": (inviter.get_full_name() or inviter.email) if inviter else "",
        "name": invitation.user.get_full_name(),
        "link": link(token),
        "site_url": settings.SITE_URL,
        "sso_only": invitation.organisation.sso_only,
    }
    with override(settings.LANGUAGE_CODE):
        subject = _("Invitation à rejoindre Passerelles — %(organisation)s") % {
            "organisation": invitation.organisation.display_name
        }
        body = render_to_string("invitations/email/invitation.txt", context)
    queue_email(
        to=[invitation.email],
        subject=subject,
        body=body,
        user=invitation.user,
        organisation=invitation.organisation,
    )


def _link_agent(agent, user) -> None:
    if agent.user_id is None:
        agent.user = user
        agent.save(update_fields=["user"])


@transaction.atomic
def invite_agent(agent, *, by) -> Invitation:
    """Invite one agent of the SIRH import (an active agent with a professional address)."""
    if not agent.is_active:
        raise InvitationRefused(
            _("%(name)s n'est plus en poste : pas d'invitation.") % {"name": agent.full_name}
        )
    if agent.anonymised_at:
        raise InvitationRefused(_("Cette fiche a été anonymisée."))
    user = agent.user
    if user is None:
        if not agent.email:
            raise InvitationRefused(
                _("%(name)s n'a pas d'adresse e-mail professionnelle dans le SIRH.")
                % {"name": agent.full_name}
            )
        user = _account_for(agent.email, agent.first_name, agent.last_name)
        from passerelles.people.models import Agent

        if Agent.objects.filter(user=user).exclude(pk=agent.pk).exists():
            raise InvitationRefused(
                _("L'adresse de %(name)s est déjà celle d'une autre fiche : corrigez-la dans le SIRH.")
                % {"name": agent.full_name}
            )
        _link_agent(agent, user)
    if has_signed_in(user):
        raise InvitationRefused(_("%(name)s utilise déjà Passerelles.") % {"name": agent.full_name})
    if not user.is_active:
        raise InvitationRefused(_("Le compte de %(name)s est désactivé.") % {"name": agent.full_name})
    return _issue(organisation=agent.organisation, user=user, agent=agent, by=by)


def invite_agents(agents, *, by) -> Outcome:
    """Invite several agents, each in its own transaction: one refusal does not stop the others."""
    outcome = Outcome()
    if hasattr(agents, "values_list"):  # a queryset: fixed first, since inviting changes who matches it
        ids = list(agents.values_list("pk", flat=True))
        model = agents.model
        agents = (
            agent
            for start in range(0, len(ids), BATCH)
            for agent in model.objects.filter(pk__in=ids[start : start + BATCH])
            .select_related("organisation", "user")
            .order_by("pk")
        )
    for agent in agents:
        try:
            invite_agent(agent, by=by)
        except InvitationRefused as refusal:
            outcome.skipped.append(str(refusal))
        else:
            outcome.invited += 1
    return outcome


def pending_agents(organisation):
    """Active agents with a professional address who were never invited and have no account in use."""
    from passerelles.people.models import Agent

    return (
        Agent.objects.filter(organisation=organisation, is_active=True, anonymised_at__isnull=True)
        .exclude(email="")
        .exclude(user__last_login__isnull=False)
        .exclude(Q(user__isnull=False) & ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX))
        .exclude(invitations__organisation=organisation)
        .select_related("organisation", "user")
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def add_person(organisation, *, email: str, first_name: str, last_name: str, roles, by) -> bool:
    """Give roles in ``organisation`` to the person at ``email``; invite them if they have never signed in.

    Returns whether an invitation was sent (for the log only: the page says the same either way)."""
    user = _account_for(email, first_name, last_name)
    for role in roles:
        RoleMembership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if user.is_active and not has_signed_in(user):
        from passerelles.people.models import Agent

        agent = Agent.objects.filter(user=user, organisation=organisation).first()
        _issue(organisation=organisation, user=user, agent=agent, by=by)
        return True
    _notify_new_roles(organisation, user, roles)
    return False


def _notify_new_roles(organisation, user, roles) -> None:
    labels = ", ".join(str(Role(role).label) for role in roles)
    with override(settings.LANGUAGE_CODE):
        subject = _("Passerelles : un nouveau rôle vous a été confié")
        body = render_to_string(
            "invitations/email/new_roles.txt",
            {"organisation": organisation, "roles": labels, "site_url": settings.SITE_URL, "user": user},
        )
    queue_email(to=[user.email], subject=subject, body=body, user=user, organisation=organisation)


class LastAdministrator(Exception):
    pass


@transaction.atomic
def remove_role(membership, *, by) -> None:
    """Withdraw a role; effective at the person's next request (the actor is rebuilt for each request).
    An organisation keeps at least one administrator."""
    if membership.role == Role.ADMIN:
        admins = RoleMembership.objects.select_for_update().filter(
            organisation=membership.organisation, role=Role.ADMIN, user__is_active=True
        )
        if admins.exclude(pk=membership.pk).count() == 0:
            raise LastAdministrator(
                _(
                    "L'organisation doit garder au moins un·e administrateur·rice : nommez-en un·e autre d'abord."
                )
            )
    membership.delete()


@transaction.atomic
def revoke(invitation: Invitation, *, by) -> None:
    if invitation.state == InvitationState.PENDING:
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by"])


def resend(invitation: Invitation, *, by) -> Invitation:
    """A new link (the old one stops working), for an invitation not yet accepted nor withdrawn."""
    if invitation.state in (InvitationState.ACCEPTED, InvitationState.REVOKED):
        raise InvitationRefused(_("Cette invitation a déjà été acceptée ou retirée."))
    with transaction.atomic():
        return _issue(
            organisation=invitation.organisation, user=invitation.user, agent=invitation.agent, by=by
        )


@transaction.atomic
def renew_expired(invitation: Invitation) -> bool:
    """The holder of an expired link asks for a new one; sent to the same address, a few times at most."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != InvitationState.EXPIRED or invitation.renewals_asked >= MAX_RENEWALS:
        return False
    if has_signed_in(invitation.user) or not invitation.user.is_active:
        return False
    invitation.renewals_asked += 1
    invitation.save(update_fields=["renewals_asked"])
    new = _issue(
        organisation=invitation.organisation,
        user=invitation.user,
        agent=invitation.agent,
        by=invitation.invited_by,
    )
    new.renewals_asked = invitation.renewals_asked
    new.save(update_fields=["renewals_asked"])
    return True


@transaction.atomic
def accept(invitation: Invitation, password: str, *, first_name: str = "", last_name: str = ""):
    """Set the account's password and close the link (single use). Returns the account."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.state != InvitationState.PENDING:
        raise InvitationRefused(_("Ce lien d'invitation n'est plus valable."))
    user = invitation.user
    user.set_password(password)
    user.first_name = first_name.strip()[:150] or user.first_name
    user.last_name = last_name.strip()[:150] or user.last_name
    user.save(update_fields=["password", "first_name", "last_name"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    from passerelles.accounts.services import trust_account_address

    trust_account_address(user)
    return user


class OrganisationRefused(Exception):
    """The organisation cannot be created; the message says why, in one French sentence."""


def create_organisation(*, name: str, slug: str, admin_email: str, kind: str = "commune"):
    """First run: a new organisation and the invitation of its first administrator, who does everything else
    in the web interface (roles, SIRH import, invitations). ``/admin/`` stays the platform operator's."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email, validate_slug

    from passerelles.organisations.models import Organisation, OrganisationKind

    name, slug, admin_email = (name or "").strip(), (slug or "").strip(), (admin_email or "").strip()
    if not name or len(name) > 200:
        raise OrganisationRefused(_("Le nom de l'organisation est obligatoire (200 caractères au plus)."))
    try:
        validate_slug(slug)
    except ValidationError:
        raise OrganisationRefused(
            _(
                "L'identifiant « %(slug)s » n'est pas valable : lettres, chiffres, tirets et tirets bas seulement."
            )
            % {"slug": slug}
        ) from None
    if len(slug) > 80:
        raise OrganisationRefused(_("L'identifiant est trop long (80 caractères au plus)."))
    try:
        validate_email(admin_email)
    except ValidationError:
        raise OrganisationRefused(
            _("L'adresse « %(email)s » n'est pas une adresse e-mail valable.") % {"email": admin_email}
        ) from None
    if kind not in OrganisationKind.values:
        raise OrganisationRefused(
            _("Type d'organisation inconnu : « %(kind)s » (possibles : %(choices)s).")
            % {"kind": kind, "choices": ", ".join(OrganisationKind.values)}
        )
    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise OrganisationRefused(
                _("L'identifiant « %(slug)s » est déjà pris par une autre organisation.") % {"slug": slug}
            )
        organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
        add_person(organisation, email=admin_email, first_name="", last_name="", roles=[Role.ADMIN], by=None)
    return organisation


def on_agents_imported(sender, *, organisation, agent_ids, by, invite, **kwargs) -> Outcome | None:
    """Receiver of ``people.signals.agents_imported``: invite the new agents with an address when asked."""
    if not invite or not agent_ids:
        return None
    from passerelles.people.models import Agent

    return invite_agents(
        Agent.objects.filter(organisation=organisation, pk__in=agent_ids).exclude(email=""), by=by
    )


# Beyond this many agents, a batch of invitations is sent by the task worker rather than within the page's
# request (3.7 ms per invitation measured on SQLite: 10,000 agents would hold a request for half a minute).
INLINE_LIMIT = 300


@task()
def invite_pending_task(*, organisation_id: int, unit_id: int | None, by_id: int | None) -> int:
    """Invite every not-yet-invited agent of an organisation (or of one of its units), in the background."""
    from passerelles.organisations.models import Organisation

    organisation = Organisation.objects.get(pk=organisation_id)
    agents = pending_agents(organisation)
    if unit_id:
        agents = agents.filter(unit_id=unit_id)
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    return invite_agents(agents, by=by).invited
