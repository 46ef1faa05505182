"""The ethics charter of micro-mobility (issue 22, 6): « imaginer un code éthique de la micro-mobilité ».

Each organisation has one: the default below (the field's lessons, DESIGN.md §1) until its HR or administrators
write their own. It is shown where a person commits — at the interest, in the pact — and acknowledged by agents
and managers; a new version asks for a new acknowledgement.
"""

from django.db import transaction
from django.utils.translation import gettext as _

DEFAULT_TEXT = """1. Volontaire. Une mission se choisit : personne n'y est envoyé, et dire non ne se reproche pas.
2. Une aide, pas un contrôle. La mission aide un service ou un projet ; elle n'évalue pas l'agent et ne sert pas \
à le surveiller. L'encadrant·e d'origine n'est pas informé·e de ce que l'agent regarde, seulement de ce qu'il ou \
elle choisit, avant le départ.
3. Plafonnée. Une quotité et une date de fin sont écrites dans le pacte ; la mission ne déborde ni sur le temps \
de l'équipe d'origine ni sur la vie de l'agent.
4. Avec un chemin de retour. L'agent retrouve son poste et son équipe à la fin, ou plus tôt s'il ou elle le \
demande, sans que cela lui soit reproché.
5. Équitable. Les missions sont ouvertes à toutes et à tous, y compris aux agents sans bureau ni adresse \
électronique ; la RH pense aux personnes à qui l'on ne pense pas.
6. Pas un palliatif. Une micro-mission ne compense pas durablement un manque de moyens : un besoin qui revient \
appelle un poste."""


def current(organisation):
    """(text, version): the organisation's own charter, or the default as version 0."""
    from passerelles.commons.models import EthicsCharter

    charter = EthicsCharter.objects.filter(organisation=organisation).first()
    return (charter.text, charter.version) if charter else (DEFAULT_TEXT, 0)


def write(*, by, organisation, text: str):
    """A new version of the organisation's charter (HR and administrators): the old acknowledgements stay as
    history, and everyone is asked again."""
    from passerelles.commons.models import EthicsCharter
    from passerelles.commons.services import Refused, can_manage

    if not can_manage(by, organisation.pk):
        raise Refused(_("Seules la RH et l'administration de l'organisation écrivent sa charte."))
    text = text.strip()
    if not text:
        raise Refused(_("La charte ne peut pas être vide."))
    with transaction.atomic():
        charter = EthicsCharter.objects.select_for_update().filter(organisation=organisation).first()
        if charter is None:
            charter = EthicsCharter(organisation=organisation, version=0)
        if charter.text == text:
            return charter
        charter.text, charter.version, charter.updated_by = text, charter.version + 1, by
        charter.save()
    return charter


def acknowledge(*, by, organisation):
    from passerelles.commons.models import CharterAcknowledgement

    _text, version = current(organisation)
    found, _created = CharterAcknowledgement.objects.get_or_create(
        user=by, organisation=organisation, version=version
    )
    return found


def acknowledged(user, organisation) -> bool:
    from passerelles.commons.models import CharterAcknowledgement

    _text, version = current(organisation)
    return CharterAcknowledgement.objects.filter(
        user=user, organisation=organisation, version=version
    ).exists()


def pact_details(engagement) -> dict:
    """What the pact says under « La charte éthique »: the agent's organisation's charter and its version."""
    organisation = engagement.agent.organisation
    text, version = current(organisation)
    label = f"version {version}" if version else "texte par défaut de Passerelles"
    return {
        "charte": f"Charte éthique de la micro-mobilité de {organisation.name} ({label}) : {' '.join(text.split())}"
    }
