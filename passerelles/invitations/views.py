"""Pages of the way in: HR's list of who has access, invitations sent and withdrawn, the administrator's
roles page, and the invitation link itself (public, single use)."""

from urllib.parse import urlencode

from allauth.account.internal.flows.login import record_authentication
from allauth.core.internal import ratelimit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from passerelles import boundary
from passerelles.access import policies
from passerelles.access.models import Role, RoleMembership
from passerelles.invitations import services, status
from passerelles.invitations.models import Invitation, InvitationState
from passerelles.organisations.models import Organisation, OrgUnit
from passerelles.people.models import Agent

GRANTABLE_ROLES = [Role.HR, Role.SIGNATORY, Role.MANAGER, Role.HOST, Role.NETWORK_COORDINATOR, Role.ADMIN]


def _organisation(request, org_slug, rule):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not rule(request.user, organisation):
        raise PermissionDenied
    return organisation


# --- HR: who has access -------------------------------------------------------------------------------


class AccessFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Nom ou matricule"), required=False, max_length=100)
    statut = forms.ChoiceField(
        label=gettext_lazy("Accès"), choices=[("", gettext_lazy("Tous"))] + status.CHOICES, required=False
    )
    unite = forms.TypedChoiceField(label=gettext_lazy("Unité"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unite"].choices = [("", _("Toutes les unités"))] + [(u.pk, u.name) for u in units]


def access_list(request, org_slug):
    """The organisation's agents with where each stands: not invited, invited on…, active since…."""
    organisation = _organisation(request, org_slug, policies.can_invite_people)
    units = OrgUnit.objects.for_actor(request.user).filter(organisation=organisation).order_by("name")
    form = AccessFilterForm(request.GET, units=units)
    agents = Agent.objects.for_actor(request.user).filter(organisation=organisation, is_active=True)
    agents = status.with_access_status(agents.select_related("unit", "user"))
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("q"):
        q = filters["q"].strip()
        agents = agents.filter(
            Q(last_name__icontains=q) | Q(first_name__icontains=q) | Q(matricule__iexact=q)
        )
    if filters.get("statut"):
        agents = agents.filter(access_status=filters["statut"])
    if filters.get("unite"):
        agents = agents.filter(unit_id=filters["unite"])
    page = Paginator(agents.order_by("last_name", "first_name", "pk"), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    querystring = urlencode({k: v for k, v in (filters or {}).items() if v})
    return render(
        request,
        "invitations/access_list.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "querystring": querystring,
            "pending_count": services.pending_agents(organisation).count(),
            "has_agents": Agent.objects.filter(organisation=organisation, is_active=True).exists(),
            "units": units,
            "labels": status.LABELS,
        },
    )


@require_POST
def invite_one(request, pk):
    agent = get_object_or_404(
        Agent.objects.for_actor(request.user).select_related("organisation", "user"), pk=pk
    )
    if not policies.can_invite_people(request.user, agent.organisation):
        raise PermissionDenied
    try:
        services.invite_agent(agent, by=request.user)
    except services.InvitationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Invitation envoyée à %(name)s.") % {"name": agent.full_name})
    return redirect("access_list", org_slug=agent.organisation.slug)


def invite_many(request, org_slug):
    """Invite a unit, or every agent not yet invited: a confirmation page says how many first."""
    organisation = _organisation(request, org_slug, policies.can_invite_people)
    agents = services.pending_agents(organisation)
    unit = None
    raw_unit = request.POST.get("unite") or request.GET.get("unite")
    if raw_unit:
        unit_id = boundary.object_id(raw_unit)
        units = OrgUnit.objects.for_actor(request.user).filter(organisation=organisation)
        unit = units.filter(pk=unit_id).first() if unit_id else None
        if unit is None:
            messages.error(request, _("Unité inconnue."))
            return redirect("access_list", org_slug=organisation.slug)
        agents = agents.filter(unit=unit)
    count = agents.count()
    if request.method == "POST":
        if count > services.INLINE_LIMIT:
            services.invite_pending_task.enqueue(
                organisation_id=organisation.pk, unit_id=unit.pk if unit else None, by_id=request.user.pk
            )
            messages.success(
                request,
                _(
                    "%(count)s invitations partent en arrière-plan : la liste les montre au fur et à mesure "
                    "(rechargez la page)."
                )
                % {"count": count},
            )
            return redirect("access_list", org_slug=organisation.slug)
        outcome = services.invite_agents(agents, by=request.user)
        sent = ngettext(
            "%(count)s invitation envoyée.", "%(count)s invitations envoyées.", outcome.invited
        ) % {"count": outcome.invited}
        if outcome.skipped:
            skipped = len(outcome.skipped)
            sent += " " + ngettext(
                "%(count)s personne n'a pas pu être invitée.",
                "%(count)s personnes n'ont pas pu être invitées.",
                skipped,
            ) % {"count": skipped}
        messages.success(request, sent)
        return redirect("access_list", org_slug=organisation.slug)
    return render(
        request,
        "invitations/invite_many.html",
        {"organisation": organisation, "unit": unit, "count": count},
    )


def _invitation(request, invitation_id) -> Invitation:
    return get_object_or_404(
        Invitation.objects.for_actor(request.user).select_related("organisation", "user", "agent"),
        pk=invitation_id,
    )


@require_POST
def invitation_resend(request, invitation_id):
    invitation = _invitation(request, invitation_id)
    try:
        services.resend(invitation, by=request.user)
    except services.InvitationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Un nouveau lien a été envoyé ; le précédent ne fonctionne plus."))
    return redirect("access_list", org_slug=invitation.organisation.slug)


def invitation_revoke(request, invitation_id):
    invitation = _invitation(request, invitation_id)
    if request.method == "POST":
        services.revoke(invitation, by=request.user)
        messages.success(request, _("L'invitation est retirée : son lien ne fonctionne plus."))
        return redirect("access_list", org_slug=invitation.organisation.slug)
    return render(request, "invitations/invitation_revoke.html", {"invitation": invitation})


# --- Administrator: roles -----------------------------------------------------------------------------


class PersonForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail professionnelle"), max_length=254)
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=120, required=False)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=120, required=False)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Rôles"),
        choices=[(role.value, role.label) for role in GRANTABLE_ROLES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Cochez au moins un rôle.")},
    )


def roles_page(request, org_slug):
    """People holding a role in the organisation, and the form to give one (inviting whoever is new)."""
    organisation = _organisation(request, org_slug, policies.can_manage_roles)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_person(
            organisation,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            roles=data["roles"],
            by=request.user,
        )
        messages.success(
            request,
            _(
                "Rôles enregistrés pour %(email)s. La personne est prévenue par courriel : une invitation si elle "
                "n'utilise pas encore Passerelles."
            )
            % {"email": data["email"]},
        )
        return redirect("roles_page", org_slug=organisation.slug)
    memberships = (
        RoleMembership.objects.for_actor(request.user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )
    role_filter = request.GET.get("role", "")
    if role_filter in Role.values:
        memberships = memberships.filter(role=role_filter)
    else:
        role_filter = ""
    page = Paginator(memberships, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "invitations/roles_page.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "role_filter": role_filter,
            "roles": GRANTABLE_ROLES,
            "querystring": urlencode({"role": role_filter}) if role_filter else "",
        },
    )


def role_remove(request, membership_id):
    membership = get_object_or_404(
        RoleMembership.objects.for_actor(request.user).select_related("organisation", "user"),
        pk=membership_id,
    )
    organisation = membership.organisation
    if request.method == "POST":
        try:
            services.remove_role(membership, by=request.user)
        except services.LastAdministrator as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Rôle retiré à %(person)s : il ne donne plus aucun droit dès maintenant.")
                % {"person": membership.user},
            )
        return redirect("roles_page", org_slug=organisation.slug)
    return render(request, "invitations/role_remove.html", {"membership": membership})


# --- The invitation link ------------------------------------------------------------------------------


class AcceptForm(SetPasswordForm):
    """Django's new-password form (the validators of AUTH_PASSWORD_VALIDATORS), and the person's name when
    nobody gave it (a first administrator is known by an address only)."""

    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=150)

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        if user.first_name and user.last_name:
            del self.fields["first_name"]
            del self.fields["last_name"]


def _throttled(request) -> bool:
    """allauth's rate limiter (the cache shared by every process), counting GETs too: opening links is
    what a guesser would do."""
    return not ratelimit.consume(request, app="allauth.account", action="invitation", limit_get=True)


@login_not_required
@never_cache
def invitation_accept(request, token):
    """Who invites whom, then a password (or the organisation's single sign-on); the link then stops working.

    An unknown, used, withdrawn or expired link each says so; an expired one offers a new link, sent to the
    address it was for (nothing here reveals any other address)."""
    if _throttled(request):
        return render(request, "invitations/throttled.html", status=429)
    invitation = services.find(token)
    if invitation is None:
        return render(request, "invitations/invalid.html", status=404)
    state = invitation.state
    if state == InvitationState.PENDING and services.has_signed_in(invitation.user):
        # The person got in another way meanwhile (password reset, ProConnect): the link must not reset it.
        state = InvitationState.ACCEPTED
    if state != InvitationState.PENDING:
        if request.method == "POST" and state == InvitationState.EXPIRED and "renouveler" in request.POST:
            services.renew_expired(invitation)
            return render(request, "invitations/renewed.html", {"invitation": invitation})
        return render(
            request,
            "invitations/unusable.html",
            {
                "invitation": invitation,
                "state": state,
                "can_renew": state == InvitationState.EXPIRED
                and invitation.renewals_asked < services.MAX_RENEWALS,
            },
            status=410,
        )
    if request.user.is_authenticated and request.user.pk != invitation.user_id:
        return render(request, "invitations/other_account.html", {"invitation": invitation})
    sso_only = invitation.organisation.sso_only
    form = AcceptForm(invitation.user, request.POST or None)
    if request.method == "POST" and not sso_only and form.is_valid():
        user = services.accept(
            invitation,
            form.cleaned_data["new_password1"],
            first_name=form.cleaned_data.get("first_name", ""),
            last_name=form.cleaned_data.get("last_name", ""),
        )
        login(request, user, backend="passerelles.accounts.backends.AccountAddressBackend")
        # Recorded as allauth records a password sign-in: two-factor enrolment follows for the roles that need it.
        record_authentication(request, user, method="password", email=user.email)
        messages.success(request, _("Bienvenue sur Passerelles ! Votre mot de passe est enregistré."))
        return redirect("dashboard")
    return render(
        request,
        "invitations/accept.html",
        {"invitation": invitation, "form": form, "sso_only": sso_only, "token": token},
    )
