"""Partner associations and foundations, created by the organisation they work with, in the web interface.

Why: an association or a foundation that hosts an agent (a mécénat de compétences, a mise à disposition for a
public-service mission) signs its convention like any host employer — through an account of its own. It is
not a member of the network and has no SIRH: its partner organisation's administrator or HR creates it
(« rattachée » to the partner) and invites its contact person with the host and signatory roles of the
association. That person then sees only the engagements their association is asked to sign (engagements'
scopes), never anything else of the partner or the network.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.models import Role
from passerelles.invitations.services import add_person
from passerelles.organisations.models import Article, Organisation, OrganisationKind, validate_siret

PARTNER_KINDS = (OrganisationKind.ASSOCIATION, OrganisationKind.FONDATION)
CONTACT_ROLES = (Role.HOST, Role.SIGNATORY)


class AssociationRefused(Exception):
    """The association cannot be created; the message says why, in one French sentence."""


def partner_associations(organisation):
    """The associations and foundations an organisation created, by name."""
    return Organisation.objects.filter(attached_to=organisation, kind__in=PARTNER_KINDS).order_by(
        "name", "pk"
    )


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "association")[:70]
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _checked(value: str, *, required: bool, limit: int, message: str) -> str:
    value = " ".join((value or "").split())
    if (required and not value) or len(value) > limit:
        raise AssociationRefused(message)
    return value


@transaction.atomic
def create_partner_association(
    organisation,
    *,
    by,
    name: str,
    kind: str,
    contact_email: str,
    contact_first_name: str = "",
    contact_last_name: str = "",
    siret: str = "",
    article: str = "",
) -> Organisation:
    """Create the association (attached to ``organisation``) and invite its contact person with the host and
    signatory roles there. Nothing is created when anything is refused."""
    if not policies.can_manage_partner_associations(by, organisation):
        raise AssociationRefused(
            _("Seuls l'administration et la RH de l'organisation créent ses associations partenaires.")
        )
    if organisation.kind in PARTNER_KINDS:
        raise AssociationRefused(
            _(
                "Une association ou une fondation ne crée pas d'autres associations : c'est son partenaire public."
            )
        )
    name = _checked(
        name,
        required=True,
        limit=200,
        message=_("Le nom de l'association est obligatoire (200 caractères au plus)."),
    )
    if kind not in PARTNER_KINDS:
        raise AssociationRefused(_("Choisissez « Association » ou « Fondation »."))
    if article not in Article.values:
        raise AssociationRefused(_("Article inconnu : choisissez-en un dans la liste."))
    siret = "".join((siret or "").split())
    if siret:
        try:
            validate_siret(siret)
        except ValidationError as error:
            raise AssociationRefused(" ".join(error.messages)) from None
        if Organisation.objects.filter(siret=siret).exists():
            raise AssociationRefused(
                _("Ce SIRET est déjà enregistré dans Passerelles : vérifiez-le, ou demandez à la RH qui a créé "
                  "cette organisation.")
            )  # fmt: skip
    contact_email = (contact_email or "").strip().lower()
    try:
        validate_email(contact_email)
    except ValidationError:
        raise AssociationRefused(
            _("L'adresse « %(email)s » n'est pas une adresse e-mail valable.") % {"email": contact_email}
        ) from None
    first = _checked(contact_first_name, required=False, limit=120, message=_("Prénom trop long."))
    last = _checked(contact_last_name, required=False, limit=120, message=_("Nom trop long."))
    if partner_associations(organisation).filter(name__iexact=name).exists():
        raise AssociationRefused(
            _("« %(name)s » fait déjà partie de vos associations partenaires.") % {"name": name}
        )
    association = Organisation.objects.create(
        name=name,
        slug=_unique_slug(name),
        kind=kind,
        siret=siret,
        article=article,
        attached_to=organisation,
    )
    add_person(
        association,
        email=contact_email,
        first_name=first,
        last_name=last,
        roles=list(CONTACT_ROLES),
        by=by,
    )
    return association
