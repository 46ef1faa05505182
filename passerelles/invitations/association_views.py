"""The partner organisation's page of its associations and foundations: the list, and the form that creates
one with its contact person's host account (docs/acces.md)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.access.models import Role, RoleMembership
from passerelles.invitations import associations
from passerelles.organisations.models import Article, Organisation


class AssociationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nom de l'association ou de la fondation"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[(kind.value, kind.label) for kind in associations.PARTNER_KINDS],
        widget=forms.RadioSelect,
        initial=associations.PARTNER_KINDS[0].value,
    )
    article = forms.ChoiceField(
        label=gettext_lazy("Article devant le nom, pour les actes (« l'association … »)"),
        choices=Article.choices,
        required=False,
    )
    siret = forms.CharField(label=gettext_lazy("SIRET (facultatif)"), max_length=20, required=False)
    contact_email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail de la personne contact"), max_length=254
    )
    contact_first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=120, required=False)
    contact_last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=120, required=False)


def partner_associations(request, org_slug):
    """The associations and foundations the organisation works with; its administrators and HR create one and
    invite its contact person (host and signatory of the association), without /admin/."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_manage_partner_associations(request.user, organisation):
        raise PermissionDenied
    form = AssociationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            association = associations.create_partner_association(
                organisation,
                by=request.user,
                name=data["name"],
                kind=data["kind"],
                article=data["article"],
                siret=data["siret"],
                contact_email=data["contact_email"],
                contact_first_name=data["contact_first_name"],
                contact_last_name=data["contact_last_name"],
            )
        except associations.AssociationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "« %(name)s » est créée. %(email)s reçoit une invitation : avec son compte, cette personne "
                    "signe les conventions de l'association et ne voit que ses engagements."
                )
                % {"name": association.name, "email": data["contact_email"]},
            )
            return redirect("partner_associations", org_slug=organisation.slug)
    contacts = RoleMembership.objects.filter(role=Role.SIGNATORY).select_related("user").order_by("pk")
    listed = associations.partner_associations(organisation).prefetch_related(
        Prefetch("role_memberships", queryset=contacts, to_attr="contacts")
    )
    page = Paginator(listed, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "invitations/partner_associations.html",
        {"organisation": organisation, "form": form, "page": page, "querystring": ""},
    )
